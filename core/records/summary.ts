/**
 * The `summary` record: the daily summary the pilot sent — equity, realised and unrealised P&L,
 * fees, win rate, exposure, drawdown and counts — from the store.
 * Written by `pm-arb positions --summary`, `risk --status` and `run` (with a `replay` block after `run --replay` / `backtest`); documented in docs/records.md#summary.
 */
import { z } from "zod";
import { decimalString, envelope, isoTime } from "./fields.ts";

export const summaryRecordSchema = z.object({
  ...envelope("summary"),
  mode: z.enum(["paper", "live"]),
  bankroll: decimalString,
  /** bankroll + realised + unrealised. */
  equity: decimalString,
  realised_pnl: decimalString,
  /** Realised P&L booked today (UTC). */
  realised_pnl_today: decimalString,
  /** At the last mark ("0" when never marked). */
  unrealised_pnl: decimalString,
  fees_paid: decimalString,
  /** Settled positions that won / all settled positions; null before any settles. */
  win_rate: decimalString.nullable(),
  wins: z.number().int(),
  losses: z.number().int(),
  /** Collateral at risk: open positions at cost plus orders and fills not yet settled. */
  exposure: decimalString,
  high_water_mark: decimalString,
  /** Fraction below the high-water mark. */
  drawdown: decimalString,
  open_positions: z.number().int(),
  settled_positions: z.number().int(),
  orders: z.number().int(),
  fills: z.number().int(),
  halted: z.boolean(),
  halt_reason: z.string().optional(),
  /** Set while the kill switch is on (any mode). */
  kill_switch: z.object({ reason: z.string(), since: z.string() }).optional(),
  /** `positions --summary` only: when `unrealised_pnl`'s marks were taken — the oldest mark of an open position; null when none is marked. */
  marked_at: isoTime.nullable().optional(),
  /**
   * `positions --summary` only: this mode's run loop from its heartbeat (null when none ever ran) —
   * the short form of `run --status`.
   */
  loop: z
    .object({
      state: z.enum(["running", "stale", "dead", "stopped", "crashed"]),
      alive: z.boolean(),
      pid: z.number().int(),
      started_at: isoTime,
      heartbeat_at: isoTime,
      last_tick_at: isoTime.nullable(),
      last_order_at: isoTime.nullable(),
      last_order: z.object({ client_order_id: z.string(), slug: z.string(), status: z.string() }).nullable(),
      last_error: z.object({ at: isoTime, message: z.string() }).nullable(),
    })
    .nullable()
    .optional(),
  /** `risk --status`: the limits in force, and per limit what is used and what is left. */
  limits: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  usage: z.array(z.object({ limit: z.string(), used: z.string(), max: z.string(), headroom: z.string(), breached: z.boolean() })).optional(),
  /** `run --replay` / `backtest`: the replay's report (docs/records.md#summary). */
  replay: z
    .object({
      /** The recording's first and last line's time. */
      from: isoTime,
      to: isoTime,
      lines: z.number().int(),
      /** Lines the reader or the replay could not use (each reported on stderr). */
      bad_lines: z.number().int(),
      latency_ms: z.number().int(),
      /** Seen: distinct opportunities; taken: paper orders that filled; vanished: paper orders whose book, `latency_ms` later, no longer had it at the limit. */
      opportunities: z.object({ seen: z.number().int(), taken: z.number().int(), vanished: z.number().int() }),
      pnl_by_series: z.record(z.string(), decimalString),
      pnl_by_symbol: z.record(z.string(), decimalString),
      /** Largest fall of realised equity (bankroll + realised P&L) from its peak, in collateral. */
      max_drawdown: decimalString,
      /** Windows held and settled: by the recorded market channel's `market_resolved`, a recorded resolved Gamma row, or the recorded spot (end vs start) where neither was recorded. */
      settled_by: z.object({ channel: z.number().int(), gamma: z.number().int(), spot: z.number().int() }),
    })
    .optional(),
});

export type SummaryRecord = z.infer<typeof summaryRecordSchema>;
