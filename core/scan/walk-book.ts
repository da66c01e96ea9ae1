/**
 * The fee-aware ask walk: what a taker BUY of one outcome would actually fill, level by level.
 * At each ask level (best first) the per-share net edge is `fair − price − fee per share at that
 * price` under the market's own schedule (core/fees); levels are taken while it is ≥ the minimum
 * edge and the size stays within the maximum. Sizes are rounded down to the venue's 2 decimals, the
 * fee of each fill is rounded as the venue charges it (5 places), the limit price is the worst level
 * taken rounded up onto the tick, and a total below the market's minimum order size is not an order.
 * Pure arithmetic, on decimal.js or on exact BigInt decimals (core/scan/arithmetic.ts): same results.
 */
import { Decimal } from "../decimal.ts";
import { FEE_PLACES } from "../fees/quote.ts";
import type { FeeSchedule } from "../fees/schedule.ts";
import { isUsable } from "../markets/book-levels.ts";
import type { BookLevel } from "../markets/types.ts";
import { decimalArithmetic, type Arithmetic } from "./arithmetic.ts";

/** Decimal places of an order's size in shares (the official client's rounding for every tick size). */
export const SIZE_PLACES = 2;

/** What a walk needs, in the arithmetic it runs on. */
export type WalkInputs<T> = {
  fair: T;
  schedule: FeeSchedule;
  minEdge: T;
  /** Maximum shares. */
  maxSize: T;
  tickSize: T;
  minSize: T;
};
export type WalkParams = WalkInputs<Decimal>;

export type Fill<T = Decimal> = { price: T; size: T; fee: T };

/** The best level's numbers, whether or not anything was taken (for `rejected` records). */
export type TopOfBook<T = Decimal> = { price: T; grossEdge: T; feePerShare: T; netEdge: T };

export type Walk<T = Decimal> = {
  /** "ok": an order; otherwise why not. */
  status: "ok" | "no_liquidity" | "below_threshold" | "fee_killed" | "below_min_size";
  top?: TopOfBook<T>;
  fills: Fill<T>[];
  size: T;
  cost: T;
  fee: T;
  avgPrice?: T;
  limitPrice?: T;
  grossEdge?: T;
  feePerShare?: T;
  netEdge?: T;
  expectedProfit?: T;
};

/** Rounds a price up onto the tick grid (a BUY limit must not be below the worst level taken). */
function ceilToTickWith<T>(A: Arithmetic<T>, price: T, tick: T): T {
  return A.mul(A.places(A.div(price, tick), 0, Decimal.ROUND_CEIL), tick);
}
export const ceilToTick = (price: Decimal, tick: Decimal): Decimal => ceilToTickWith(decimalArithmetic, price, tick);

/** Rounds a size down to the venue's share precision. */
const floorSizeWith = <T>(A: Arithmetic<T>, size: T): T => A.places(size, SIZE_PLACES, Decimal.ROUND_DOWN);
export const floorSize = (size: Decimal): Decimal => floorSizeWith(decimalArithmetic, size);

/** The fee charged for `size` shares, rounded as the venue rounds it (core/fees/quote.ts `takerFee`). */
export const chargeWith = <T>(A: Arithmetic<T>, size: T, perShare: T): T => A.places(A.mul(size, perShare), FEE_PLACES, Decimal.ROUND_HALF_UP);

/** Per-share numbers at one level. */
function edgeWith<T>(A: Arithmetic<T>, fair: T, level: BookLevel, schedule: FeeSchedule): TopOfBook<T> {
  const perShare = A.feePerShare(schedule, level);
  const price = A.price(level);
  const grossEdge = A.sub(fair, price);
  return { price, grossEdge, feePerShare: perShare, netEdge: A.sub(grossEdge, perShare) };
}
export const levelEdge = (fair: Decimal, level: BookLevel, schedule: FeeSchedule): TopOfBook => edgeWith(decimalArithmetic, fair, level, schedule);

/** Walks `asks` (best first) for a BUY at `params.fair`, in the given arithmetic. */
export function walkAsksWith<T>(A: Arithmetic<T>, asks: readonly BookLevel[], params: WalkInputs<T>): Walk<T> {
  const empty: Walk<T> = { status: "no_liquidity", fills: [], size: A.zero, cost: A.zero, fee: A.zero };
  // Unusable levels (zero size, price outside (0, 1)) are skipped as the walk meets them: most walks
  // stop at the first level, so the rest of the ladder is never looked at.
  let first = 0;
  while (first < asks.length && !isUsable(asks[first]!)) first++;
  if (first === asks.length) return empty;
  const top = edgeWith(A, params.fair, asks[first]!, params.schedule);
  if (A.cmp(top.netEdge, params.minEdge) < 0) {
    return { ...empty, status: A.cmp(top.grossEdge, params.minEdge) >= 0 ? "fee_killed" : "below_threshold", top };
  }
  const fills: Fill<T>[] = [];
  let size = A.zero;
  let cost = A.zero;
  let fee = A.zero;
  for (let index = first; index < asks.length; index++) {
    const level = asks[index]!;
    if (index > first && !isUsable(level)) continue;
    const edge = index === first ? top : edgeWith(A, params.fair, level, params.schedule);
    if (A.cmp(edge.netEdge, params.minEdge) < 0) break;
    const take = floorSizeWith(A, A.min(A.size(level), A.sub(params.maxSize, size)));
    if (A.cmp(take, A.zero) <= 0) break;
    const fillFee = chargeWith(A, take, edge.feePerShare);
    fills.push({ price: edge.price, size: take, fee: fillFee });
    size = A.add(size, take);
    cost = A.add(cost, A.mul(take, edge.price));
    fee = A.add(fee, fillFee);
    if (A.cmp(size, params.maxSize) >= 0) break;
  }
  if (fills.length === 0 || A.cmp(size, params.minSize) < 0) return { ...empty, status: "below_min_size", top, fills, size, cost, fee };
  const avgPrice = A.div(cost, size);
  const grossEdge = A.sub(params.fair, avgPrice);
  const perShare = A.div(fee, size);
  return {
    status: "ok",
    top,
    fills,
    size,
    cost,
    fee,
    avgPrice,
    limitPrice: ceilToTickWith(A, fills[fills.length - 1]!.price, params.tickSize),
    grossEdge,
    feePerShare: perShare,
    netEdge: A.sub(grossEdge, perShare),
    expectedProfit: A.sub(A.sub(A.mul(size, params.fair), cost), fee),
  };
}

/** Walks `asks` (best first) for a BUY at `params.fair`, on decimal.js. */
export const walkAsks = (asks: readonly BookLevel[], params: WalkParams): Walk => walkAsksWith(decimalArithmetic, asks, params);
