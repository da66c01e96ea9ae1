/**
 * The fields of scan's records: `opportunity` (fair value, from a walk in either arithmetic; the
 * complement's two legs) and `rejected` (a guard's failure, or the outcome that came closest).
 * Decimals become strings here — ratios (averages, per-share values) at RATIO_PLACES, half-even.
 */
import { Decimal } from "../decimal.ts";
import { bestAsk } from "../markets/book-levels.ts";
import type { Market, OrderBook, Outcome } from "../markets/types.ts";
import type { OpportunityRecord } from "../records/opportunity.ts";
import type { RejectedRecord, RejectReason } from "../records/rejected.ts";
import { decimalArithmetic, type Arithmetic } from "./arithmetic.ts";
import type { Complement } from "./complement.ts";
import { iso, textOf } from "./conversions.ts";
import { feeSchedule, type GuardFailure } from "./guards.ts";
import { complementGroupId, opportunityId } from "./opportunity-id.ts";
import type { Pricing } from "./pricing.ts";
import { levelEdge, type Fill, type Walk } from "./walk-book.ts";

export type OpportunityFields = Omit<OpportunityRecord, "type" | "v" | "ts">;
export type RejectedFields = Omit<RejectedRecord, "type" | "v" | "ts">;

/** What the fields need of the scan's options. */
export type FieldOptions = { now: number; minEdge: Decimal };

const RATIO_PLACES = 12;

/** Ratios carried at RATIO_PLACES; short values as they are. */
function ratioWith<T>(A: Arithmetic<T>, value: T): string {
  return A.text(A.places(value, RATIO_PLACES, Decimal.ROUND_HALF_EVEN));
}
const ratio = (value: Decimal) => ratioWith(decimalArithmetic, value);

const levelsWith = <T>(A: Arithmetic<T>, fills: Fill<T>[]) => fills.map((fill) => ({ price: A.text(fill.price), size: A.text(fill.size), fee: A.text(fill.fee) }));

function marketFields(market: Market): Pick<RejectedFields, "market_id" | "condition_id" | "slug" | "symbol" | "kind" | "end"> {
  return { market_id: market.id, condition_id: market.condition_id, slug: market.slug, symbol: market.symbol, kind: market.kind, end: iso(market.end) };
}

export function reject(market: Market, failure: GuardFailure, extra: Partial<RejectedFields> = {}): RejectedFields {
  return { reason: failure.reason, detail: failure.detail, ...marketFields(market), ...extra };
}

export type Base = Omit<OpportunityFields, "id" | "strategy" | "outcome" | "token_id" | "limit_price" | "size" | "avg_price" | "cost" | "fair" | "gross_edge" | "fee" | "fee_per_share" | "net_edge" | "expected_profit" | "levels" | "book_ts" | "book_age_ms" | "book_hash" | "complement">;

export function baseFields(market: Market, pricing: Pricing | undefined, options: FieldOptions, model: string): Base {
  const schedule = feeSchedule(market);
  const base: Base = {
    market_id: market.id,
    condition_id: market.condition_id,
    slug: market.slug,
    question: market.question,
    symbol: market.symbol,
    kind: market.kind,
    end: iso(market.end),
    seconds_left: Math.round((market.end - options.now) / 1000),
    side: "BUY",
    min_edge: textOf(options.minEdge),
    fee_schedule: { rate: textOf(schedule.rate), exponent: textOf(schedule.exponent), taker_only: schedule.taker_only, source: schedule.source },
    tick_size: textOf(market.tick_size),
    min_size: textOf(market.min_size),
    neg_risk: market.neg_risk,
    accepting_orders: market.accepting_orders,
    evaluated_at: iso(options.now),
    model,
    inputs: pricing?.inputs ?? {},
    settlement: { source: market.resolution.source, basis: pricing?.basis ?? "none" },
  };
  if (market.window) base.window = market.window;
  if (market.window_start !== undefined) base.window_start = iso(market.window_start);
  if (pricing) {
    base.price_ts = iso(pricing.priceTs);
    base.price_age_ms = pricing.priceAgeMs;
  }
  return base;
}

function bookFields(book: OrderBook, now: number) {
  return { book_ts: iso(book.timestamp), book_age_ms: Math.max(0, now - book.timestamp), ...(book.hash ? { book_hash: book.hash } : {}) };
}

/** A fair-value opportunity from an outcome's walk ("ok"), in the arithmetic it ran on. */
export function fairValueOpportunity<T>(A: Arithmetic<T>, market: Market, outcome: Outcome, fair: T, walk: Walk<T>, base: Base, book: OrderBook, now: number): OpportunityFields {
  return {
    id: opportunityId({ condition_id: market.condition_id, token_id: outcome.token_id, window_start: market.window_start, end: market.end, strategy: "fair_value" }),
    strategy: "fair_value",
    ...base,
    outcome: outcome.label,
    token_id: outcome.token_id,
    limit_price: A.text(walk.limitPrice!),
    size: A.text(walk.size),
    avg_price: ratioWith(A, walk.avgPrice!),
    cost: A.text(walk.cost),
    fair: A.text(fair),
    gross_edge: ratioWith(A, walk.grossEdge!),
    fee: A.text(walk.fee),
    fee_per_share: ratioWith(A, walk.feePerShare!),
    net_edge: ratioWith(A, walk.netEdge!),
    expected_profit: ratioWith(A, walk.expectedProfit!),
    levels: levelsWith(A, walk.fills),
    ...bookFields(book, now),
  };
}

/** The complement's two legs, one opportunity each, sharing a group id. */
export function complementOpportunities(market: Market, books: OrderBook[], found: Complement, pricing: Pricing, options: FieldOptions): OpportunityFields[] {
  const base = baseFields(market, pricing, options, "complement");
  const group = complementGroupId(market.condition_id, market.end, market.window_start);
  const legs = market.outcomes.map((outcome) => ({ outcome: outcome.label, token_id: outcome.token_id }));
  return found.legs.map((leg, index) => {
    const outcome = market.outcomes[index]!;
    const other = found.legs[1 - index]!;
    // This leg's break-even: 1 minus what the other leg costs a share, fee included.
    const fair = new Decimal(1).minus(other.cost.plus(other.fee).dividedBy(found.size));
    const perShare = leg.fee.dividedBy(found.size);
    return {
      id: opportunityId({ condition_id: market.condition_id, token_id: outcome.token_id, window_start: market.window_start, end: market.end, strategy: "complement" }),
      strategy: "complement",
      ...base,
      inputs: { pair_cost_per_share: ratio(found.pairCost), pair_fee_per_share: ratio(found.pairFee) },
      outcome: outcome.label,
      token_id: outcome.token_id,
      limit_price: leg.limitPrice.toString(),
      size: found.size.toString(),
      avg_price: ratio(leg.avgPrice),
      cost: leg.cost.toString(),
      fair: ratio(fair),
      gross_edge: ratio(fair.minus(leg.avgPrice)),
      fee: leg.fee.toString(),
      fee_per_share: ratio(perShare),
      net_edge: ratio(found.netEdge),
      expected_profit: ratio(found.expectedProfit),
      levels: levelsWith(decimalArithmetic, leg.fills),
      ...bookFields(books[index]!, options.now),
      complement: { group_id: group, legs, pair_cost_per_share: ratio(found.pairCost), pair_fee_per_share: ratio(found.pairFee) },
    };
  });
}

/**
 * The outcome a rejection shows: its walk's status, its book when it has a best level (whose
 * numbers the rejection shows, in Decimals) and, when too little cleared the edge, the size that did.
 */
export type Closest = { index: number; status: Walk["status"]; book?: OrderBook; size?: string };

export const closestReason = (closest: Closest): RejectReason => (closest.status === "ok" ? "below_threshold" : closest.status);

/**
 * The rejection of a priced market that yielded nothing, with the numbers of the outcome that came
 * closest (for a market the pre-screen decided, its Decimals are computed here).
 */
export function closestRejection(market: Market, closest: Closest, pricing: Pricing, options: FieldOptions): RejectedFields {
  const reason = closestReason(closest);
  const { index, size } = closest;
  const outcome = market.outcomes[index]!;
  const top = closest.book && levelEdge(pricing.fairs[index]!, bestAsk(closest.book)!, feeSchedule(market));
  const minEdge = options.minEdge.toString();
  const detail = !top
    ? `no asks on either outcome`
    : reason === "fee_killed"
      ? `killed by the fee: gross edge ${top.grossEdge.toFixed(4)} ≥ ${minEdge} but fee ${top.feePerShare.toFixed(4)} a share leaves net ${top.netEdge.toFixed(4)}`
      : reason === "below_min_size"
        ? `only ${size} shares clear the edge, below the minimum order of ${market.min_size.toString()}`
        : `best net edge ${top.netEdge.toFixed(4)} (${outcome.label} at ${top.price.toString()}) is below ${minEdge}`;
  const fields: RejectedFields = {
    reason,
    detail,
    market_id: market.id,
    condition_id: market.condition_id,
    slug: market.slug,
    symbol: market.symbol,
    kind: market.kind,
    end: iso(market.end),
    outcome: outcome.label,
    token_id: outcome.token_id,
    fair: pricing.fairs[index]!.toString(),
    model: pricing.model,
    min_edge: minEdge,
  };
  if (!top) return fields;
  return { ...fields, best_ask: top.price.toString(), gross_edge: ratio(top.grossEdge), fee_per_share: ratio(top.feePerShare), net_edge: ratio(top.netEdge) };
}
