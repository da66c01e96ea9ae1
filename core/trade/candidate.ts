/**
 * What risk and trade need to know about one opportunity, as domain values (Decimal, Date, string
 * token ids). Built from an `opportunity` record (core/trade/from-opportunity.ts) or directly by
 * `run` from the scan core; nothing here re-fetches the market.
 */
import type { Decimal } from "../decimal.ts";
import type { FeeSchedule } from "../fees/schedule.ts";

export type TradeCandidate = {
  /** The opportunity's deterministic id (same market, outcome and window → same id). */
  opportunityId: string;
  conditionId: string;
  marketId?: string;
  slug?: string;
  outcome: string;
  /** CLOB token id, a 70–78 digit decimal string. */
  tokenId: string;
  side: "BUY";
  /** Worst price the order may pay per share (on the market's tick). */
  limitPrice: Decimal;
  /** Shares the opportunity found at or below the limit price. */
  size: Decimal;
  /** What those shares cost at the levels found (size × average price); defaults to size × limit. */
  cost?: Decimal;
  feeSchedule: FeeSchedule;
  tickSize: Decimal;
  minSize: Decimal;
  negRisk: boolean;
  /** When the market's window ends. */
  end: Date;
  /** When the opportunity was evaluated (its record's `ts`). */
  evaluatedAt: Date;
  /** Age of the oracle price and of the book at evaluation time. */
  priceAgeMs: number;
  bookAgeMs: number;
  /** Net edge per share after the fee, probability points. */
  netEdge: Decimal;
  fair?: Decimal;
};
