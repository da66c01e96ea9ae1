/**
 * The fields of scan's records: `opportunity` (fair value, from an outcome's walk; the complement's
 * two legs) and `rejected` (a guard's failure, or the outcome that came closest).
 * Decimals become strings here — ratios (averages, per-share values) at RATIO_PLACES, half-even.
 */
import { Decimal } from "../decimal.ts";
import { RATIO_PLACES } from "../model/fee-quote.ts";
import { scheduleFields } from "../model/fee-schedule.ts";
import type { Market, OrderBook, Outcome } from "../model/market.ts";
import type { OpportunityRecord } from "../records/opportunity.ts";
import type { RejectedRecord, RejectReason } from "../records/rejected.ts";
import type { Complement } from "./complement.ts";
import { feeSchedule, type GuardFailure } from "./guards.ts";
import { complementGroupId, opportunityId } from "./opportunity-id.ts";
import type { Pricing } from "./pricing.ts";
import { iso } from "./timestamps.ts";
import type { Walk } from "./walk-book.ts";

export type OpportunityFields = Omit<OpportunityRecord, "type" | "v" | "ts">;
export type RejectedFields = Omit<RejectedRecord, "type" | "v" | "ts">;

/** What the fields need of the scan's options. */
export type FieldOptions = { now: number; minEdge: Decimal };

/** Ratios carried at RATIO_PLACES; short values as they are. */
const ratio = (value: Decimal): string => value.toDecimalPlaces(RATIO_PLACES, Decimal.ROUND_HALF_EVEN).toString();

function marketFields(market: Market): Pick<RejectedFields, "market_id" | "condition_id" | "slug" | "symbol" | "kind" | "end"> {
  return { market_id: market.id, condition_id: market.condition_id, slug: market.slug, symbol: market.symbol, kind: market.kind, end: iso(market.end) };
}

export function reject(market: Market, failure: GuardFailure, extra: Partial<RejectedFields> = {}): RejectedFields {
  return { reason: failure.reason, detail: failure.detail, ...marketFields(market), ...extra };
}

export function baseFields(market: Market, pricing: Pricing | undefined, options: FieldOptions, model: string) {
  const schedule = feeSchedule(market);
  return {
    market_id: market.id,
    condition_id: market.condition_id,
    slug: market.slug,
    question: market.question,
    symbol: market.symbol,
    kind: market.kind,
    end: iso(market.end),
    seconds_left: Math.round((market.end - options.now) / 1000),
    side: "BUY" as const,
    min_edge: options.minEdge.toString(),
    fee_schedule: scheduleFields(schedule),
    tick_size: market.tick_size.toString(),
    min_size: market.min_size.toString(),
    neg_risk: market.neg_risk,
    accepting_orders: market.accepting_orders,
    evaluated_at: iso(options.now),
    model,
    inputs: pricing?.inputs ?? {},
    settlement: { source: market.resolution.source, basis: pricing?.basis ?? ("none" as const) },
    ...(market.window ? { window: market.window } : {}),
    ...(market.window_start !== undefined ? { window_start: iso(market.window_start) } : {}),
    ...(pricing ? { price_ts: iso(pricing.priceTs), price_age_ms: pricing.priceAgeMs } : {}),
  };
}

/** The fields every opportunity of a market shares. */
export type Base = ReturnType<typeof baseFields>;

/** One leg's order: what it fills, at what edge. */
type Leg = { fair: Decimal } & Required<Pick<Walk, "fills" | "size" | "cost" | "fee" | "avgPrice" | "limitPrice" | "grossEdge" | "feePerShare" | "netEdge" | "expectedProfit">>;

function opportunity(market: Market, outcome: Outcome, strategy: OpportunityFields["strategy"], base: Base, leg: Leg, book: OrderBook, now: number): OpportunityFields {
  return {
    id: opportunityId({ condition_id: market.condition_id, token_id: outcome.token_id, window_start: market.window_start, end: market.end, strategy }),
    strategy,
    ...base,
    outcome: outcome.label,
    token_id: outcome.token_id,
    limit_price: leg.limitPrice.toString(),
    size: leg.size.toString(),
    avg_price: ratio(leg.avgPrice),
    cost: leg.cost.toString(),
    fair: ratio(leg.fair),
    gross_edge: ratio(leg.grossEdge),
    fee: leg.fee.toString(),
    fee_per_share: ratio(leg.feePerShare),
    net_edge: ratio(leg.netEdge),
    expected_profit: ratio(leg.expectedProfit),
    levels: leg.fills.map((fill) => ({ price: fill.price.toString(), size: fill.size.toString(), fee: fill.fee.toString() })),
    book_ts: iso(book.timestamp),
    book_age_ms: Math.max(0, now - book.timestamp),
    ...(book.hash ? { book_hash: book.hash } : {}),
  };
}

/** A fair-value opportunity from an outcome's walk ("ok"; its fair has at most FAIR_PLACES, so it is carried as it is). */
export function fairValueOpportunity(market: Market, outcome: Outcome, fair: Decimal, walk: Walk, base: Base, book: OrderBook, now: number): OpportunityFields {
  return opportunity(market, outcome, "fair_value", base, { ...(walk as Required<Walk>), fair }, book, now);
}

/** The complement's two legs, one opportunity each, sharing a group id. */
export function complementOpportunities(market: Market, books: OrderBook[], found: Complement, pricing: Pricing, options: FieldOptions): OpportunityFields[] {
  const pair = { pair_cost_per_share: ratio(found.pairCost), pair_fee_per_share: ratio(found.pairFee) };
  const base = { ...baseFields(market, pricing, options, "complement"), inputs: pair };
  const group = complementGroupId(market.condition_id, market.end, market.window_start);
  const legs = market.outcomes.map((outcome) => ({ outcome: outcome.label, token_id: outcome.token_id }));
  return found.legs.map((leg, index) => {
    const other = found.legs[1 - index]!;
    // This leg's break-even: 1 minus what the other leg costs a share, fee included.
    const fair = new Decimal(1).minus(other.cost.plus(other.fee).dividedBy(found.size));
    const order = {
      ...leg,
      size: found.size,
      fair,
      grossEdge: fair.minus(leg.avgPrice),
      feePerShare: leg.fee.dividedBy(found.size),
      netEdge: found.netEdge,
      expectedProfit: found.expectedProfit,
    };
    return { ...opportunity(market, market.outcomes[index]!, "complement", base, order, books[index]!, options.now), complement: { group_id: group, legs, ...pair } };
  });
}

/** The outcome a rejection shows (the one whose walk came closest) and that walk. */
export type Closest = { index: number; walk: Walk };

const closestReason = (closest: Closest): RejectReason => (closest.walk.status === "ok" ? "below_threshold" : closest.walk.status);

/** The rejection of a priced market that yielded nothing, with the numbers of the outcome that came closest. */
export function closestRejection(market: Market, closest: Closest, pricing: Pricing, options: FieldOptions): RejectedFields {
  const reason = closestReason(closest);
  const { index, walk } = closest;
  const outcome = market.outcomes[index]!;
  const top = walk.top;
  const minEdge = options.minEdge.toString();
  const detail = !top
    ? `no asks on either outcome`
    : reason === "fee_killed"
      ? `killed by the fee: gross edge ${top.grossEdge.toFixed(4)} ≥ ${minEdge} but fee ${top.feePerShare.toFixed(4)} a share leaves net ${top.netEdge.toFixed(4)}`
      : reason === "below_min_size"
        ? `only ${walk.size.toString()} shares clear the edge, below the minimum order of ${market.min_size.toString()}`
        : `best net edge ${top.netEdge.toFixed(4)} (${outcome.label} at ${top.price.toString()}) is below ${minEdge}`;
  const fields: RejectedFields = {
    reason,
    detail,
    ...marketFields(market),
    outcome: outcome.label,
    token_id: outcome.token_id,
    fair: pricing.fairs[index]!.toString(),
    model: pricing.model,
    min_edge: minEdge,
  };
  if (!top) return fields;
  return { ...fields, best_ask: top.price.toString(), gross_edge: ratio(top.grossEdge), fee_per_share: ratio(top.feePerShare), net_edge: ratio(top.netEdge) };
}
