/**
 * The `status` record: whether a `run` loop is alive in this store, since when, in which mode, its
 * last tick, order and error, each feed's state, the measured lag per symbol and series, and the
 * kill switch. Written by `pm-arb run --status` (one per mode that has a heartbeat) and by
 * `pm-arb stop`. Documented in docs/records.md#status. Writers import the type only.
 */
import { z } from "zod";
import { envelope, isoTime } from "./fields.ts";

export const statusRecordSchema = z.object({
  ...envelope("status"),
  mode: z.enum(["paper", "live"]).nullable(),
  /**
   * running: heartbeat fresh; stale: heartbeat older than the threshold; dead: fresh but the pid is
   * gone (same host); stopped: exited cleanly; crashed: exited on an error; never_run: no heartbeat.
   */
  state: z.enum(["running", "stale", "dead", "stopped", "crashed", "never_run"]),
  alive: z.boolean(),
  pid: z.number().int().nullable(),
  host: z.string().nullable(),
  started_at: isoTime.nullable(),
  heartbeat_at: isoTime.nullable(),
  heartbeat_age_ms: z.number().int().nullable(),
  stale_after_ms: z.number().int(),
  stopped_at: isoTime.nullable(),
  stop_reason: z.string().nullable(),
  symbols: z.array(z.string()),
  markets: z.number().int(),
  last_tick_at: isoTime.nullable(),
  last_opportunity_at: isoTime.nullable(),
  last_order_at: isoTime.nullable(),
  last_order: z.object({ client_order_id: z.string(), slug: z.string(), status: z.string() }).nullable(),
  last_error: z.object({ at: isoTime, message: z.string() }).nullable(),
  counts: z.record(z.string(), z.number().int()),
  feeds: z.array(
    z.object({
      feed: z.string(),
      status: z.enum(["up", "down", "connecting"]),
      since: isoTime,
      reason: z.string().nullable(),
      last_data_at: isoTime.nullable(),
      markets: z.number().int().nullable(),
      /** Times the feed went down since the loop started. */
      downs: z.number().int(),
    }),
  ),
  /** How long the books take to follow a spot move (ms), per symbol and series. */
  lag: z.array(
    z.object({
      symbol: z.string(),
      series: z.string(),
      samples: z.number().int(),
      median_ms: z.number(),
      p90_ms: z.number(),
      last_ms: z.number(),
      open_gaps: z.number().int(),
      dropped: z.number().int(),
      /** Kept samples per bucket; bucket i holds [LAG_BUCKETS_MS[i], LAG_BUCKETS_MS[i+1]) (core/run/lag.ts). Absent from older heartbeats. */
      histogram: z.array(z.number().int()).optional(),
    }),
  ),
  kill_switch: z.object({ reason: z.string(), since: z.string(), by: z.string().nullable() }).nullable(),
});

export type StatusRecord = z.infer<typeof statusRecordSchema>;
