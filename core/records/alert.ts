/**
 * The `alert` record: one alert as raised by `run` (or the `run --status --alert-if-stale`
 * watchdog), after de-duplication. It says where the alert is going; what each channel did is kept
 * in the store's alerts table. Documented in docs/records.md#alert. Writers import the type only.
 */
import { z } from "zod";
import { envelope } from "./fields.ts";

export const alertRecordSchema = z.object({
  ...envelope("alert"),
  /** De-duplication key: repeats within the window are folded into the next alert's `suppressed`. */
  key: z.string().min(1),
  kind: z.string().min(1),
  level: z.enum(["critical", "high", "normal", "low"]),
  /** Pushover scale: 2 critical (emergency), 1 high, 0 normal, -1 low. */
  priority: z.number().int().min(-2).max(2),
  title: z.string(),
  message: z.string(),
  /** Repeats folded into this alert since the last one under the same key. */
  suppressed: z.number().int().min(0),
  /** Push channels it is being delivered to (empty: stdout only). */
  channels: z.array(z.string()),
  /** queued (delivering), no_channels, below_min_priority, rate_limited (stdout and store only). */
  delivery: z.enum(["queued", "no_channels", "below_min_priority", "rate_limited"]),
  data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
});

export type AlertRecord = z.infer<typeof alertRecordSchema>;
