/**
 * The scan core: `scanMarkets(markets, prices, options) → {opportunities, rejected, reasons, priced}`, a pure
 * function over already-fetched markets (with books), prices, volatilities and opening references,
 * so `run` can call it on every tick for one symbol's markets. Per market: guards, fair probability
 * per outcome (core/scan/pricing.ts), the fee-aware ask walk per outcome, the riskless complement
 * for binary markets; every opportunity carries what `risk`/`trade` need and a deterministic id.
 * A market that yields nothing gets one rejection with its reason and numbers.
 *
 * Speed without rounding: a market whose best asks are clear rejections in doubles is decided by the
 * pre-screen (core/scan/screen.ts) without a Decimal; the others are walked on exact BigInt decimals
 * (core/scan/exact.ts), or on decimal.js where those would have to round — the same numbers either way.
 */
import type { Decimal } from "../decimal.ts";
import type { FeeSchedule } from "../fees/schedule.ts";
import { bestAsk } from "../markets/book-levels.ts";
import type { Market, OrderBook } from "../markets/types.ts";
import type { RejectReason } from "../records/rejected.ts";
import { decimalArithmetic, exactArithmetic, type Arithmetic } from "./arithmetic.ts";
import { walkComplement } from "./complement.ts";
import { toDouble } from "./conversions.ts";
import { NotExact } from "./exact.ts";
import { baseFields, closestReason, closestRejection, complementOpportunities, fairValueOpportunity, reject, type Base, type Closest, type OpportunityFields, type RejectedFields } from "./fields.ts";
import { bookGuard, feeSchedule, marketGuard, type GuardFailure, type GuardOptions } from "./guards.ts";
import { priceMarket, type Pricing, type ScanPrices } from "./pricing.ts";
import { complementOutOfReach, MARGIN, screenAsk, type Screened } from "./screen.ts";
import { walkAsksWith, type TopOfBook, type Walk } from "./walk-book.ts";

export type { ScanPrices, SymbolPrices, SpotQuote } from "./pricing.ts";
export type { OpportunityFields, RejectedFields } from "./fields.ts";

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
  /** One per market that yielded nothing, with its reason and numbers: built on first read (most are only counted). */
  readonly rejected: RejectedFields[];
  /** The rejections' reasons, in the same order, without building them. */
  reasons: RejectReason[];
  priced: PricedMarket[];
};

/** What scanOne adds to: opportunities, and rejections as their reason and how to build them. */
type Collected = { opportunities: OpportunityFields[]; reasons: RejectReason[]; rejections: (() => RejectedFields)[]; priced: PricedMarket[] };

function rejectWith(out: Collected, reason: RejectReason, build: () => RejectedFields): void {
  out.reasons.push(reason);
  out.rejections.push(build);
}
const rejectGuard = (out: Collected, market: Market, failure: GuardFailure, extra?: Partial<RejectedFields>) => rejectWith(out, failure.reason, () => reject(market, failure, extra));
const rejectClosest = (out: Collected, market: Market, closest: Closest, pricing: Pricing, options: ScanOptions) =>
  rejectWith(out, closestReason(closest), () => closestRejection(market, closest, pricing, options));

/** Orders walk outcomes by how close they came, to pick the one a rejection shows. */
const STATUS_RANK: Record<Walk["status"], number> = { ok: 0, below_min_size: 1, fee_killed: 2, below_threshold: 3, no_liquidity: 4 };

function scanOne(market: Market, prices: ScanPrices, options: ScanOptions, out: Collected): void {
  const guard = marketGuard(market, options);
  if (guard) return rejectGuard(out, market, guard);
  const pricing = priceMarket(market, prices, options.now, options.maxPriceAgeMs);
  if ("reason" in pricing) return rejectGuard(out, market, pricing);
  out.priced.push({ market, pricing });
  const schedule = feeSchedule(market);

  const books: OrderBook[] = [];
  for (const outcome of market.outcomes) {
    const book = market.books?.[outcome.token_id];
    const failure = bookGuard(book, outcome.label, options);
    if (failure) return rejectGuard(out, market, failure, { model: pricing.model });
    books.push(book!);
  }

  const screened = screenMarket(market, books, pricing, schedule, options);
  if (screened) return rejectClosest(out, market, screened, pricing, options);

  let walked: Walked;
  try {
    walked = walkOutcomes(exactArithmetic, market, books, pricing, schedule, options);
  } catch (error) {
    if (!(error instanceof NotExact)) throw error;
    walked = walkOutcomes(decimalArithmetic, market, books, pricing, schedule, options);
  }
  const pair = options.complement && market.outcomes.length === 2 && !complementOutOfReach(bestAsk(books[0]!), bestAsk(books[1]!), toDouble(options.minEdge));
  const found = pair ? walkComplement(books[0]!.asks, books[1]!.asks, { schedule, minEdge: options.minEdge, maxSize: options.maxSize, tickSize: market.tick_size, minSize: market.min_size }) : undefined;
  const opportunities = found ? [...walked.opportunities, ...complementOpportunities(market, books, found, pricing, options)] : walked.opportunities;
  if (opportunities.length > 0) out.opportunities.push(...opportunities);
  else if (walked.closest) rejectClosest(out, market, walked.closest, pricing, options);
}

type Walked = { opportunities: OpportunityFields[]; closest?: Closest };

/** Every outcome's walk in one arithmetic: its opportunities, and the outcome that came closest. */
function walkOutcomes<T>(A: Arithmetic<T>, market: Market, books: OrderBook[], pricing: Pricing, schedule: FeeSchedule, options: ScanOptions): Walked {
  const opportunities: OpportunityFields[] = [];
  const inputs = { schedule, minEdge: A.of(options.minEdge), maxSize: A.of(options.maxSize), tickSize: A.of(market.tick_size), minSize: A.of(market.min_size) };
  let closest: Closest | undefined;
  let closestTop: TopOfBook<T> | undefined;
  let base: Base | undefined;
  market.outcomes.forEach((outcome, index) => {
    const fair = A.parse(pricing.fairTexts[index]!);
    const book = books[index]!;
    const walk = walkAsksWith(A, book.asks, { ...inputs, fair });
    const top = walk.top;
    if (!closest || STATUS_RANK[walk.status] < STATUS_RANK[closest.status] || (top && closestTop && walk.status === closest.status && A.cmp(top.netEdge, closestTop.netEdge) > 0)) {
      closest = { index, status: walk.status, book: top && book, size: walk.status === "below_min_size" ? A.text(walk.size) : undefined };
      closestTop = top;
    }
    if (walk.status !== "ok") return;
    base ??= baseFields(market, pricing, options, pricing.model);
    opportunities.push(fairValueOpportunity(A, market, outcome, fair, walk, base, book, options.now));
  });
  return { opportunities, closest };
}

/**
 * The pre-screen of a whole market (core/scan/screen.ts): when every outcome's best ask is a clear
 * rejection in doubles and no complement is within reach, the outcome its rejection shows — picked
 * as the walks would pick it; otherwise undefined, and the market is walked.
 */
function screenMarket(market: Market, books: OrderBook[], pricing: Pricing, schedule: FeeSchedule, options: ScanOptions): Closest | undefined {
  const minEdge = toDouble(options.minEdge);
  const tops = books.map((book) => bestAsk(book));
  if (options.complement && market.outcomes.length === 2 && !complementOutOfReach(tops[0], tops[1], minEdge)) return undefined;
  let closest: { index: number; screened: Screened } | undefined;
  for (let index = 0; index < books.length; index++) {
    const screened = screenAsk(tops[index], pricing.fairValues[index]!, schedule, minEdge);
    if (!screened) return undefined;
    if (closest && screened.status === closest.screened.status && screened.net !== undefined && closest.screened.net !== undefined) {
      const ahead = screened.net - closest.screened.net;
      // Too close to call in doubles: the walks pick.
      if (Math.abs(ahead) <= MARGIN) return undefined;
      if (ahead > 0) closest = { index, screened };
    } else if (!closest || STATUS_RANK[screened.status] < STATUS_RANK[closest.screened.status]) closest = { index, screened };
  }
  if (!closest) return undefined;
  const { index, screened } = closest;
  return { index, status: screened.status, book: screened.status === "no_liquidity" ? undefined : books[index] };
}

/** Scans already-fetched markets (with books) against prices, volatilities and references. */
export function scanMarkets(markets: readonly Market[], prices: ScanPrices, options: ScanOptions): ScanResult {
  const out: Collected = { opportunities: [], reasons: [], rejections: [], priced: [] };
  for (const market of markets) scanOne(market, prices, options, out);
  let rejected: RejectedFields[] | undefined;
  return {
    opportunities: out.opportunities,
    get rejected() {
      return (rejected ??= out.rejections.map((build) => build()));
    },
    reasons: out.reasons,
    priced: out.priced,
  };
}
