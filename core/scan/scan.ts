/**
 * The scan core: a pure function over already-fetched markets (with books), prices, volatilities and
 * opening references, so `run` can call it on every tick for one symbol's markets. A market that
 * yields nothing gets one rejection with its reason and numbers.
 */
import type { Decimal } from "../decimal.ts";
import type { Market, OrderBook } from "../model/market.ts";
import { walkComplement } from "./complement.ts";
import {
  type Base,
  baseFields,
  type Closest,
  closestRejection,
  complementOpportunities,
  fairValueOpportunity,
  type OpportunityFields,
  type RejectedFields,
  reject,
} from "./fields.ts";
import { bookGuard, feeSchedule, type GuardOptions, marketGuard } from "./guards.ts";
import { type Pricing, priceMarket, type ScanPrices } from "./pricing.ts";
import { type Walk, walkAsks } from "./walk-book.ts";

export type { OpportunityFields, RejectedFields } from "./fields.ts";
export type { ScanPrices, SymbolPrices } from "./pricing.ts";

export type ScanOptions = GuardOptions & {
  /** Minimum net edge per share (probability points). */
  minEdge: Decimal;
  /** Maximum shares per opportunity. */
  maxSize: Decimal;
  /** Also look for the riskless complement in binary markets. */
  complement: boolean;
};

export type PricedMarket = { market: Market; pricing: Pricing };
export type ScanResult = {
  opportunities: OpportunityFields[];
  /** One per market that yielded nothing, with its reason and numbers. */
  rejected: RejectedFields[];
  priced: PricedMarket[];
};

/** Orders walk outcomes by how close they came, to pick the one a rejection shows. */
const STATUS_RANK: Record<Walk["status"], number> = { ok: 0, below_min_size: 1, fee_killed: 2, below_threshold: 3, no_liquidity: 4 };

/** Whether `walk` came closer than the closest so far: a better status, or the same one with a higher net edge at the best level. */
function isCloser(walk: Walk, closest: Walk): boolean {
  if (STATUS_RANK[walk.status] !== STATUS_RANK[closest.status]) return STATUS_RANK[walk.status] < STATUS_RANK[closest.status];
  return walk.top !== undefined && closest.top !== undefined && walk.top.netEdge.gt(closest.top.netEdge);
}

function scanOne(market: Market, prices: ScanPrices, options: ScanOptions, out: ScanResult): void {
  const guard = marketGuard(market, options);
  if (guard) return void out.rejected.push(reject(market, guard));
  const pricing = priceMarket(market, prices, options.now, options.maxPriceAgeMs);
  if ("reason" in pricing) return void out.rejected.push(reject(market, pricing));
  out.priced.push({ market, pricing });

  const books: OrderBook[] = [];
  for (const outcome of market.outcomes) {
    const book = market.books?.[outcome.token_id];
    const failure = bookGuard(book, outcome.label, options);
    if (failure) return void out.rejected.push(reject(market, failure, { model: pricing.model }));
    books.push(book!);
  }

  const opportunities: OpportunityFields[] = [];
  const params = { schedule: feeSchedule(market), minEdge: options.minEdge, maxSize: options.maxSize, tickSize: market.tick_size, minSize: market.min_size };
  let closest: Closest | undefined;
  let base: Base | undefined;
  market.outcomes.forEach((outcome, index) => {
    const fair = pricing.fairs[index]!;
    const walk = walkAsks(books[index]!.asks, { ...params, fair });
    if (!closest || isCloser(walk, closest.walk)) closest = { index, walk };
    if (walk.status !== "ok") return;
    base ??= baseFields(market, pricing, options, pricing.model);
    opportunities.push(fairValueOpportunity(market, outcome, fair, walk, base, books[index]!, options.now));
  });
  const found = options.complement && market.outcomes.length === 2 ? walkComplement(books[0]!.asks, books[1]!.asks, params) : undefined;
  if (found) opportunities.push(...complementOpportunities(market, books, found, pricing, options));
  if (opportunities.length > 0) out.opportunities.push(...opportunities);
  else if (closest) out.rejected.push(closestRejection(market, closest, pricing, options));
}

/** Scans already-fetched markets (with books) against prices, volatilities and references. */
export function scanMarkets(markets: readonly Market[], prices: ScanPrices, options: ScanOptions): ScanResult {
  const result: ScanResult = { opportunities: [], rejected: [], priced: [] };
  for (const market of markets) scanOne(market, prices, options, result);
  return result;
}
