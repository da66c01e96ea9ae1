/**
 * The fee-aware ask walk: what a taker BUY of one outcome would actually fill, level by level.
 * At each ask level (best first) the per-share net edge is `fair − price − fee per share at that
 * price` under the market's own schedule (core/fees); levels are taken while it is ≥ the minimum
 * edge and the size stays within the maximum. Sizes are rounded down to the venue's 2 decimals, the
 * fee of each fill is rounded as the venue charges it (5 places), the limit price is the worst level
 * taken rounded up onto the tick, and a total below the market's minimum order size is not an order.
 * Pure Decimal arithmetic.
 */
import { Decimal } from "../decimal.ts";
import { feePerShare, takerFee } from "../fees/quote.ts";
import type { FeeSchedule } from "../fees/schedule.ts";
import type { BookLevel } from "../markets/types.ts";

/** Decimal places of an order's size in shares (the official client's rounding for every tick size). */
export const SIZE_PLACES = 2;

export type WalkParams = {
  fair: Decimal;
  schedule: FeeSchedule;
  minEdge: Decimal;
  /** Maximum shares. */
  maxSize: Decimal;
  tickSize: Decimal;
  minSize: Decimal;
};

export type Fill = { price: Decimal; size: Decimal; fee: Decimal };

/** The best level's numbers, whether or not anything was taken (for `rejected` records). */
export type TopOfBook = { price: Decimal; grossEdge: Decimal; feePerShare: Decimal; netEdge: Decimal };

export type Walk = {
  /** "ok": an order; otherwise why not. */
  status: "ok" | "no_liquidity" | "below_threshold" | "fee_killed" | "below_min_size";
  top?: TopOfBook;
  fills: Fill[];
  size: Decimal;
  cost: Decimal;
  fee: Decimal;
  avgPrice?: Decimal;
  limitPrice?: Decimal;
  grossEdge?: Decimal;
  feePerShare?: Decimal;
  netEdge?: Decimal;
  expectedProfit?: Decimal;
};

const ZERO = new Decimal(0);
const ONE = new Decimal(1);

/**
 * A level worth looking at: positive size, price strictly between 0 and 1 (constants: no parsing in
 * the loop). A level read from a record answers from its text (`usable`) without building Decimals.
 */
export function isUsable(level: BookLevel): boolean {
  const usable = level.usable;
  if (usable !== undefined) return usable;
  return level.size.isPositive() && !level.size.isZero() && level.price.isPositive() && !level.price.isZero() && level.price.lt(ONE);
}

/** Rounds a price up onto the tick grid (a BUY limit must not be below the worst level taken). */
export function ceilToTick(price: Decimal, tick: Decimal): Decimal {
  return price.dividedBy(tick).ceil().times(tick);
}

/** Rounds a size down to the venue's share precision. */
export function floorSize(size: Decimal): Decimal {
  return size.toDecimalPlaces(SIZE_PLACES, Decimal.ROUND_DOWN);
}

/**
 * The schedule's fee per share at a price, memoised: books reuse a few hundred price levels (ticks)
 * across thousands of markets, and every market of a category shares its schedule's numbers.
 */
const feeMemo = new Map<string, Decimal>();
/** Decimal#toString of the values the memo keys on, once per instance (records share their rates' instances). */
const texts = new WeakMap<Decimal, string>();
function textOf(value: Decimal): string {
  let text = texts.get(value);
  if (text === undefined) texts.set(value, (text = value.toString()));
  return text;
}
export function memoFeePerShare(schedule: FeeSchedule, price: Decimal, priceText?: string): Decimal {
  // A level's own text ("0.290") and the Decimal's ("0.29") may both key the same value: same fee.
  const key = `${textOf(schedule.rate)}|${textOf(schedule.exponent)}|${priceText ?? textOf(price)}`;
  let fee = feeMemo.get(key);
  if (fee === undefined) {
    if (feeMemo.size > 50_000) feeMemo.clear();
    fee = feePerShare(schedule, price);
    feeMemo.set(key, fee);
  }
  return fee;
}

/** Per-share numbers at one price. */
export function levelEdge(fair: Decimal, price: Decimal, schedule: FeeSchedule, priceText?: string): TopOfBook {
  const perShare = memoFeePerShare(schedule, price, priceText);
  const grossEdge = fair.minus(price);
  return { price, grossEdge, feePerShare: perShare, netEdge: grossEdge.minus(perShare) };
}

/** Walks `asks` (best first) for a BUY at `params.fair`. */
export function walkAsks(asks: readonly BookLevel[], params: WalkParams): Walk {
  const empty: Walk = { status: "no_liquidity", fills: [], size: ZERO, cost: ZERO, fee: ZERO };
  // Unusable levels (zero size, price outside (0, 1)) are skipped as the walk meets them: most walks
  // stop at the first level, so the rest of the ladder is never looked at.
  let first = 0;
  while (first < asks.length && !isUsable(asks[first]!)) first++;
  if (first === asks.length) return empty;
  const top = levelEdge(params.fair, asks[first]!.price, params.schedule, asks[first]!.priceText);
  if (top.netEdge.lt(params.minEdge)) {
    return { ...empty, status: top.grossEdge.gte(params.minEdge) ? "fee_killed" : "below_threshold", top };
  }
  const fills: Fill[] = [];
  let size = ZERO;
  let cost = ZERO;
  let fee = ZERO;
  for (let index = first; index < asks.length; index++) {
    const level = asks[index]!;
    if (index > first && !isUsable(level)) continue;
    const edge = index === first ? top : levelEdge(params.fair, level.price, params.schedule, level.priceText);
    if (edge.netEdge.lt(params.minEdge)) break;
    const room = params.maxSize.minus(size);
    const take = floorSize(Decimal.min(level.size, room));
    if (take.lte(ZERO)) break;
    const fillFee = takerFee(params.schedule, level.price, take);
    fills.push({ price: level.price, size: take, fee: fillFee });
    size = size.plus(take);
    cost = cost.plus(take.times(level.price));
    fee = fee.plus(fillFee);
    if (size.gte(params.maxSize)) break;
  }
  if (fills.length === 0 || size.lt(params.minSize)) return { ...empty, status: "below_min_size", top, fills, size, cost, fee };
  const avgPrice = cost.dividedBy(size);
  const grossEdge = params.fair.minus(avgPrice);
  const perShare = fee.dividedBy(size);
  const netEdge = grossEdge.minus(perShare);
  return {
    status: "ok",
    top,
    fills,
    size,
    cost,
    fee,
    avgPrice,
    limitPrice: ceilToTick(fills[fills.length - 1]!.price, params.tickSize),
    grossEdge,
    feePerShare: perShare,
    netEdge,
    expectedProfit: size.times(params.fair).minus(cost).minus(fee),
  };
}
