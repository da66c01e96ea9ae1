/**
 * The `sandbox` record: where a running `pm-arb sandbox` venue listens. Written once by
 * `pm-arb sandbox` when it is ready; documented in docs/records.md#sandbox. Writers import the type
 * only; readers and tests validate with `sandboxRecordSchema`.
 */
import { z } from "zod";
import { envelope } from "./fields.ts";

export const sandboxRecordSchema = z.object({
  ...envelope("sandbox"),
  /** Base URL of the venue; every service lives under its own path prefix. */
  url: z.string().regex(/^http:\/\/[^/]+:\d+$/),
  port: z.number().int().min(1).max(65535),
  seed: z.number().int().min(0),
  /** `PM_ARB_SANDBOX_URL=<url>`: the environment assignment that points pm-arb at this venue. */
  env: z.string().startsWith("PM_ARB_SANDBOX_URL="),
});

export type SandboxRecord = z.infer<typeof sandboxRecordSchema>;
