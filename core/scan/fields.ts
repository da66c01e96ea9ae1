/**
 * The fields of scan's records: `opportunity` (fair value, from a walk in either arithmetic; the
 * complement's two legs) and `rejected` (a guard's failure, or the outcome that came closest).
 * Decimals become strings here — ratios (averages, per-share values) at RATIO_PLACES, half-even.
 */
import { Decimal } from "../decimal.ts";
import type { Market, OrderBook, Outcome } from "../markets/types.ts";
import type { OpportunityRecord } from "../records/opportunity.ts";
import type { RejectedRecord, RejectReason } from "../records/rejected.ts";
import { decimalArithmetic, type Arithmetic } from "./arithmetic.ts";
import type { Complement } from "./complement.ts";
import { iso, textOf } from "./conversions.ts";
import { feeSchedule, type GuardFailure } from "./guards.ts";
import { complementGroupId, opportunityId } from "./opportunity-id.ts";
import type { Pricing } from "./pricing.ts";
import type { Fill, TopOfBook, Walk } from "./walk-book.ts";

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
 * The outcome a rejection shows: its walk's status, its best level's numbers (Decimals, built when
 * read) and, when too little cleared the edge, the size that did.
 */
export type Closest = { index: number; status: Walk["status"]; top?: () => TopOfBook; size?: string };

/**
 * The rejection of a priced market that yielded nothing, with the numbers of the outcome that came
 * closest. Most scanned markets end here and their rejections are only counted (`--explain` prints
 * them), so the text fields — and the Decimals behind them — are built when read; the keys (those
 * JSON writes) and their order are those of an eager record.
 */
export function closestRejection(market: Market, closest: Closest, pricing: Pricing, options: FieldOptions): RejectedFields {
  const reason: RejectReason = closest.status === "ok" ? "below_threshold" : closest.status;
  const { index, top, size } = closest;
  const outcome = market.outcomes[index]!;
  const detail = () => {
    if (!top) return `no asks on either outcome`;
    const { grossEdge, feePerShare, netEdge, price } = top();
    return reason === "fee_killed"
      ? `killed by the fee: gross edge ${grossEdge.toFixed(4)} ≥ ${options.minEdge.toString()} but fee ${feePerShare.toFixed(4)} a share leaves net ${netEdge.toFixed(4)}`
      : reason === "below_min_size"
        ? `only ${size} shares clear the edge, below the minimum order of ${market.min_size.toString()}`
        : `best net edge ${netEdge.toFixed(4)} (${outcome.label} at ${price.toString()}) is below ${options.minEdge.toString()}`;
  };
  const minEdge = options.minEdge;
  // One literal of getters (no top: the top's fields are undefined, which JSON leaves out).
  return {
    reason,
    get detail() {
      return detail();
    },
    market_id: market.id,
    condition_id: market.condition_id,
    slug: market.slug,
    symbol: market.symbol,
    kind: market.kind,
    get end() {
      return iso(market.end);
    },
    outcome: outcome.label,
    token_id: outcome.token_id,
    get fair() {
      return pricing.fairs[index]!.toString();
    },
    model: pricing.model,
    get min_edge() {
      return minEdge.toString();
    },
    get best_ask() {
      return top && top().price.toString();
    },
    get gross_edge() {
      return top && ratio(top().grossEdge);
    },
    get fee_per_share() {
      return top && ratio(top().feePerShare);
    },
    get net_edge() {
      return top && ratio(top().netEdge);
    },
  };
}
