/**
 * A classified crypto price market and its order books as the scan core uses them: Decimal prices
 * and sizes, epoch milliseconds, token ids as strings. core/markets/market-record.ts converts to and
 * from the `market` record.
 */
import type { Decimal } from "../decimal.ts";
import type { FeeSchedule } from "./fee-schedule.ts";

export const MARKET_KINDS = ["updown", "above", "range", "touch"] as const;
export type MarketKind = (typeof MARKET_KINDS)[number];

/** Up/Down window lengths Polymarket runs, with their length in ms. */
export const WINDOW_MS = { "5m": 300_000, "15m": 900_000, "1h": 3_600_000, "4h": 14_400_000, "1d": 86_400_000 } as const;
export type WindowLabel = keyof typeof WINDOW_MS;

/** Which stream settles the market: the Chainlink data stream, a Binance candle, or something else. */
export type ResolutionSource = "chainlink" | "binance" | "other";
export type Resolution = {
  source: ResolutionSource;
  /** What exactly: "BTC/USD data stream", "BTCUSDT 1h candle close vs open", "BTCUSDT 1m candle close", or the text it came from. */
  detail: string;
};

/** A market's fee, as the venue states it. Unknown is not zero: scan rejects it (fees fail closed). */
export type FeeState = { status: "enabled"; schedule: FeeSchedule } | { status: "disabled" } | { status: "unknown"; reason: string };

export type Outcome = { label: string; token_id: string };

export type BookLevel = { price: Decimal; size: Decimal };

/** One outcome's order book: levels sorted best-first (bids descending, asks ascending). */
export type OrderBook = {
  token_id: string;
  /** The book's own timestamp (ms), as the venue stamped it. */
  timestamp: number;
  hash?: string;
  bids: BookLevel[];
  asks: BookLevel[];
};

export type Market = {
  id: string;
  condition_id: string;
  slug: string;
  question: string;
  /** Bare symbol ("BTC"). */
  symbol: string;
  kind: MarketKind;
  /** Up/Down window length; undefined for other kinds. */
  window?: WindowLabel;
  /** `above`: the strike (resolves Yes when the settlement price ends above it). */
  strike?: Decimal;
  /** `range`: Yes when low ≤ price < high at the end (low 0 for "less than $X"). */
  low?: Decimal;
  high?: Decimal;
  /** `touch`: the barrier and whether it must be reached from below ("up") or above ("down"). */
  barrier?: Decimal;
  direction?: "up" | "down";
  /** Up/Down: the window's opening time (ms); touch: start of the watched period when stated. */
  window_start?: number;
  /** When the market resolves (ms). */
  end: number;
  resolution: Resolution;
  /** outcomes[i] is the i-th CLOB token; for updown ["Up","Down"], otherwise ["Yes","No"]. */
  outcomes: Outcome[];
  fee: FeeState;
  tick_size: Decimal;
  min_size: Decimal;
  neg_risk: boolean;
  accepting_orders: boolean;
  /** Books keyed by token id, when fetched. */
  books?: Record<string, OrderBook>;
};
