/**
 * The scan core: `scanMarkets(markets, prices, options) → {opportunities, rejected, priced}`, a pure
 * function over already-fetched markets (with books), prices, volatilities and opening references,
 * so `run` can call it on every tick for one symbol's markets. Per market: guards, fair probability
 * per outcome (core/scan/pricing.ts), the fee-aware ask walk per outcome, the riskless complement
 * for binary markets; every opportunity carries what `risk`/`trade` need and a deterministic id.
 * A market that yields nothing gets one rejection with its reason and numbers.
 */
import { Decimal } from "../decimal.ts";
import { scheduleOf } from "../markets/classify.ts";
import type { Market, OrderBook } from "../markets/types.ts";
import type { OpportunityRecord } from "../records/opportunity.ts";
import type { RejectedRecord, RejectReason } from "../records/rejected.ts";
import { walkComplement } from "./complement.ts";
import { bookGuard, marketGuard, type GuardFailure, type GuardOptions } from "./guards.ts";
import { complementGroupId, opportunityId } from "./opportunity-id.ts";
import { priceMarket, type Pricing, type ScanPrices } from "./pricing.ts";
import { walkAsks, type Fill, type Walk } from "./walk-book.ts";

export type { ScanPrices, SymbolPrices, SpotQuote } from "./pricing.ts";

export type ScanOptions = GuardOptions & {
  /** Minimum net edge per share (probability points). */
  minEdge: Decimal;
  /** Maximum shares per opportunity. */
  maxSize: Decimal;
  /** Also look for the riskless complement in binary markets. */
  complement: boolean;
};

export type OpportunityFields = Omit<OpportunityRecord, "type" | "v" | "ts">;
export type RejectedFields = Omit<RejectedRecord, "type" | "v" | "ts">;
export type PricedMarket = { market: Market; pricing: Pricing };
export type ScanResult = { opportunities: OpportunityFields[]; rejected: RejectedFields[]; priced: PricedMarket[] };

const iso = (ms: number) => new Date(ms).toISOString();
const levels = (fills: Fill[]) => fills.map((fill) => ({ price: fill.price.toString(), size: fill.size.toString(), fee: fill.fee.toString() }));
const RATIO_PLACES = 12;
/** Ratios (averages, per-share values) carried at RATIO_PLACES; short values as they are. */
const ratio = (value: Decimal) => (value.decimalPlaces() > RATIO_PLACES ? value.toDecimalPlaces(RATIO_PLACES, Decimal.ROUND_HALF_EVEN) : value).toString();

function marketFields(market: Market): Pick<RejectedFields, "market_id" | "condition_id" | "slug" | "symbol" | "kind" | "end"> {
  return { market_id: market.id, condition_id: market.condition_id, slug: market.slug, symbol: market.symbol, kind: market.kind, end: iso(market.end) };
}

function reject(market: Market, failure: GuardFailure, extra: Partial<RejectedFields> = {}): RejectedFields {
  return { reason: failure.reason, detail: failure.detail, ...marketFields(market), ...extra };
}

type Base = Omit<OpportunityFields, "id" | "strategy" | "outcome" | "token_id" | "limit_price" | "size" | "avg_price" | "cost" | "fair" | "gross_edge" | "fee" | "fee_per_share" | "net_edge" | "expected_profit" | "levels" | "book_ts" | "book_age_ms" | "book_hash" | "complement">;

function baseFields(market: Market, pricing: Pricing | undefined, options: ScanOptions, model: string): Base {
  const schedule = scheduleOf(market.fee, `gamma:${market.slug}`)!;
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
    min_edge: options.minEdge.toString(),
    fee_schedule: { rate: schedule.rate.toString(), exponent: schedule.exponent.toString(), taker_only: schedule.taker_only, source: schedule.source },
    tick_size: market.tick_size.toString(),
    min_size: market.min_size.toString(),
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

/** Orders walk outcomes by how close they came, to pick the one a rejection shows. */
const STATUS_RANK: Record<Walk["status"], number> = { ok: 0, below_min_size: 1, fee_killed: 2, below_threshold: 3, no_liquidity: 4 };

function scanOne(market: Market, prices: ScanPrices, options: ScanOptions, out: ScanResult): void {
  const guard = marketGuard(market, options);
  if (guard) return void out.rejected.push(reject(market, guard));
  const pricing = priceMarket(market, prices, options.now, options.maxPriceAgeMs);
  if ("reason" in pricing) return void out.rejected.push(reject(market, pricing));
  out.priced.push({ market, pricing });
  const schedule = scheduleOf(market.fee, `gamma:${market.slug}`)!;

  const books: OrderBook[] = [];
  for (const outcome of market.outcomes) {
    const book = market.books?.[outcome.token_id];
    const failure = bookGuard(book, outcome.label, options);
    if (failure) return void out.rejected.push(reject(market, failure, { model: pricing.model }));
    books.push(book!);
  }

  const before = out.opportunities.length;
  let closest: { index: number; walk: Walk } | undefined;
  let base: Base | undefined;
  market.outcomes.forEach((outcome, index) => {
    const fair = pricing.fairs[index]!;
    const book = books[index]!;
    const walk = walkAsks(book.asks, { fair, schedule, minEdge: options.minEdge, maxSize: options.maxSize, tickSize: market.tick_size, minSize: market.min_size });
    if (!closest || STATUS_RANK[walk.status] < STATUS_RANK[closest.walk.status] || (walk.top && closest.walk.top && walk.status === closest.walk.status && walk.top.netEdge.gt(closest.walk.top.netEdge))) closest = { index, walk };
    if (walk.status !== "ok") return;
    base ??= baseFields(market, pricing, options, pricing.model);
    out.opportunities.push({
      id: opportunityId({ condition_id: market.condition_id, token_id: outcome.token_id, window_start: market.window_start, end: market.end, strategy: "fair_value" }),
      strategy: "fair_value",
      ...base,
      outcome: outcome.label,
      token_id: outcome.token_id,
      limit_price: walk.limitPrice!.toString(),
      size: walk.size.toString(),
      avg_price: ratio(walk.avgPrice!),
      cost: walk.cost.toString(),
      fair: fair.toString(),
      gross_edge: ratio(walk.grossEdge!),
      fee: walk.fee.toString(),
      fee_per_share: ratio(walk.feePerShare!),
      net_edge: ratio(walk.netEdge!),
      expected_profit: ratio(walk.expectedProfit!),
      levels: levels(walk.fills),
      ...bookFields(book, options.now),
    });
  });

  if (options.complement && market.outcomes.length === 2) complement(market, books, options, pricing, out);
  if (out.opportunities.length > before || !closest) return;
  out.rejected.push(closestRejection(market, closest.index, closest.walk, pricing, options));
}

/**
 * The rejection of a priced market that yielded nothing, with the numbers of the outcome that came
 * closest. Most scanned markets end here and their rejections are only counted (`--explain` prints
 * them), so the text fields — Decimals turned into strings — are built when read; the keys and
 * their order are those of an eager record.
 */
function closestRejection(market: Market, index: number, walk: Walk, pricing: Pricing, options: ScanOptions): RejectedFields {
  const reason: RejectReason = walk.status === "ok" ? "below_threshold" : walk.status;
  const top = walk.top;
  const outcome = market.outcomes[index]!;
  const detail = () =>
    !top
      ? `no asks on either outcome`
      : reason === "fee_killed"
        ? `killed by the fee: gross edge ${top.grossEdge.toFixed(4)} ≥ ${options.minEdge.toString()} but fee ${top.feePerShare.toFixed(4)} a share leaves net ${top.netEdge.toFixed(4)}`
        : reason === "below_min_size"
          ? `only ${walk.size.toString()} shares clear the edge, below the minimum order of ${market.min_size.toString()}`
          : `best net edge ${top.netEdge.toFixed(4)} (${outcome.label} at ${top.price.toString()}) is below ${options.minEdge.toString()}`;
  const fair = pricing.fairs[index]!;
  const minEdge = options.minEdge;
  const fields = {
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
      return fair.toString();
    },
    model: pricing.model,
    get min_edge() {
      return minEdge.toString();
    },
  };
  if (!top) return fields;
  return Object.defineProperties(fields, {
    best_ask: { get: () => top.price.toString(), enumerable: true },
    gross_edge: { get: () => ratio(top.grossEdge), enumerable: true },
    fee_per_share: { get: () => ratio(top.feePerShare), enumerable: true },
    net_edge: { get: () => ratio(top.netEdge), enumerable: true },
  }) as RejectedFields;
}

function complement(market: Market, books: OrderBook[], options: ScanOptions, pricing: Pricing, out: ScanResult): void {
  const schedule = scheduleOf(market.fee, `gamma:${market.slug}`)!;
  const found = walkComplement(books[0]!.asks, books[1]!.asks, { schedule, minEdge: options.minEdge, maxSize: options.maxSize, tickSize: market.tick_size, minSize: market.min_size });
  if (!found) return;
  const base = baseFields(market, pricing, options, "complement");
  const group = complementGroupId(market.condition_id, market.end, market.window_start);
  const legs = market.outcomes.map((outcome) => ({ outcome: outcome.label, token_id: outcome.token_id }));
  found.legs.forEach((leg, index) => {
    const outcome = market.outcomes[index]!;
    const other = found.legs[1 - index]!;
    // This leg's break-even: 1 minus what the other leg costs a share, fee included.
    const fair = new Decimal(1).minus(other.cost.plus(other.fee).dividedBy(found.size));
    const perShare = leg.fee.dividedBy(found.size);
    out.opportunities.push({
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
      levels: levels(leg.fills),
      ...bookFields(books[index]!, options.now),
      complement: { group_id: group, legs, pair_cost_per_share: ratio(found.pairCost), pair_fee_per_share: ratio(found.pairFee) },
    });
  });
}

/** Scans already-fetched markets (with books) against prices, volatilities and references. */
export function scanMarkets(markets: readonly Market[], prices: ScanPrices, options: ScanOptions): ScanResult {
  const out: ScanResult = { opportunities: [], rejected: [], priced: [] };
  for (const market of markets) scanOne(market, prices, options, out);
  return out;
}
