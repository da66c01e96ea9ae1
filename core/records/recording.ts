/**
 * The `recording` record: what `pm-arb record` wrote, from the recording's manifest, once it
 * stopped. Documented in docs/records.md#recording; the recording itself in docs/recordings.md.
 */
import { z } from "zod";
import { envelope, isoTime } from "./fields.ts";

export const recordingRecordSchema = z.object({
  ...envelope("recording"),
  /** The recording directory, absolute. */
  dir: z.string().min(1),
  /** True after a clean stop (the manifest says so too). */
  complete: z.boolean(),
  stop_reason: z.string().nullable(),
  /** Receive times of the first and last line (on the recording's clock); null when nothing was written. */
  started_at: isoTime.nullable(),
  ended_at: isoTime.nullable(),
  clock: z.enum(["system", "sandbox"]),
  speed: z.number().positive(),
  files: z.number().int().nonnegative(),
  lines: z.number().int().nonnegative(),
  /** Compressed bytes of the hour files. */
  bytes: z.number().int().nonnegative(),
  /** Lines per `src`. */
  sources: z.record(z.string(), z.number().int().nonnegative()),
});

export type RecordingRecord = z.infer<typeof recordingRecordSchema>;
