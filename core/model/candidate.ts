/**
 * What risk and trade need to know about one opportunity, as domain values — what the record says.
 * The guardian re-derives what it can and rejects a candidate whose claims disagree
 * (core/risk/evidence.ts); the market that exposure and cooldown count against is the token's,
 * established by the caller.
 */
import type { Decimal } from "../decimal.ts";
import type { FeeSchedule } from "./fee-schedule.ts";

/** One ask level the opportunity takes: price and shares. */
type TakenLevel = { price: Decimal; size: Decimal };

export type TradeCandidate = {
  /** The opportunity's deterministic id (same market, outcome and window → same id). */
  opportunityId: string;
  /** The market the record names; it must be the market of `tokenId`. */
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
  /** What those shares cost at the levels found (size × average price): the budget before the limits. */
  cost: Decimal;
  /** The levels the shares come from, best first. */
  levels: TakenLevel[];
  /** Average price per share the record states (cost / size). */
  avgPrice: Decimal;
  /** Fair probability of the outcome. */
  fair: Decimal;
  /** Net edge per share after the fee, probability points, as the record states it. */
  netEdge: Decimal;
  feeSchedule: FeeSchedule;
  tickSize: Decimal;
  minSize: Decimal;
  negRisk: boolean;
  /** The market was accepting orders when the opportunity was found. */
  acceptingOrders: boolean;
  /** When the market's window ends. */
  end: Date;
  /** When the opportunity was evaluated. */
  evaluatedAt: Date;
  /** The oracle price's own time (undefined: unknown, too old to trade on) and the book's. */
  priceTs?: Date;
  bookTs: Date;
  /** Ages of the price and the book at `evaluatedAt`, as the record states them. */
  priceAgeMs: number;
  bookAgeMs: number;
};
