/**
 * What the report page draws: one plain, JSON-ready object. The page (core/report/html.ts and its
 * client script) knows nothing of where it came from, so any producer can fill it — the store
 * (`reportFromStore`), the dashboard's live snapshot (`live`), and a replay of a recording
 * (`pm-arb report --replay DIR`, to come: it fills the same sections from a replayed run).
 *
 * Money stays decimal text, as in records; the page turns it into numbers only to place points
 * on a chart. Times are ISO-8601 UTC. Nothing here may hold a secret: the page is a file people
 * mail around, and the dashboard serves it to a browser.
 */
import type { CalibrationRecord } from "../records/calibration.ts";
import type { LagSummary } from "../run/lag.ts";
import type { liveSection } from "./live.ts";

export type EquityPoint = { at: string; equity: string; drawdown: string };

/** Realised P&L of settled or closed positions, per series (`btc-updown-15m`) and symbol. */
export type PnlRow = { series: string; symbol: string; positions: number; realised_pnl: string; fees: string };

/** Per symbol: fees paid on fills against the edge the fills captured (fair − price) × size. */
export type FeeEdgeRow = { symbol: string; fills: number; fees_paid: string; edge_captured: string };

export type FillRow = {
  at: string;
  slug: string | null;
  outcome: string;
  side: string;
  price: string;
  size: string;
  fee: string;
  status: string;
  order_status: string;
  client_order_id: string;
};

/**
 * seen: opportunity rows in the period; taken: those an order of this mode filled (in part or
 * whole); vanished: those an order went for that got nothing (FOK killed, rejected, failed: the
 * price was gone by the time the order arrived); untried: seen but no order (risk said no, or not
 * tradable). Opportunity rows carry no mode: `seen` counts every process's.
 */
export type OpportunityCounts = { seen: number; taken: number; vanished: number; untried: number };

/** The lag of the books behind spot, as the loop measured it (heartbeat), per symbol and series. */
export type LagRow = LagSummary & { mode: string; measured_at: string };

/** One forecaster's reliability curve for one series and moment (`pm-arb calibrate` output). */
export type CalibrationCurve = Pick<CalibrationRecord, "series" | "minutes_left" | "forecaster" | "n" | "brier"> & {
  bins: Pick<CalibrationRecord["bins"][number], "mean_forecast" | "observed" | "n">[];
};

/** What only the dashboard shows: the state right now. */
export type LiveSection = ReturnType<typeof liveSection>;

export type ReportData = {
  title: string;
  generated_at: string;
  /** Where the data came from: "store <path>", "replay <dir>". Never a credential. */
  source: string;
  mode: "paper" | "live";
  since: string | null;
  bankroll: string;
  equity: EquityPoint[];
  pnl: PnlRow[];
  fees_vs_edge: FeeEdgeRow[];
  fills: FillRow[];
  /** Null when the producer has no opportunity rows to count. */
  opportunities: OpportunityCounts | null;
  lag: LagRow[];
  /** Null without `--calibration FILE`. */
  calibration: CalibrationCurve[] | null;
  /** Set by the dashboard only. */
  live: LiveSection | null;
};
