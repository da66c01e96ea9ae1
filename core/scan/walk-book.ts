/**
 * The fee-aware ask walk: what a taker BUY of one outcome would actually fill. Levels are taken
 * while `fair − price − fee per share at that price` stays ≥ the minimum edge; sizes round down to
 * the venue's 2 decimals, each fill's fee is rounded as the venue charges it, the limit is the worst
 * level taken rounded up onto the tick, and a total below the market's minimum size is no order.
 */
import { Decimal, ZERO } from "../decimal.ts";
import { isUsable } from "../markets/book-levels.ts";
import { feePerShare, takerFee } from "../model/fee-quote.ts";
import type { FeeSchedule } from "../model/fee-schedule.ts";
import type { BookLevel } from "../model/market.ts";

/** Decimal places of an order's size in shares (the official client's rounding for every tick size). */
const SIZE_PLACES = 2;

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

/** Rounds a price up onto the tick grid (a BUY limit must not be below the worst level taken). */
export const ceilToTick = (price: Decimal, tick: Decimal): Decimal => price.dividedBy(tick).toDecimalPlaces(0, Decimal.ROUND_CEIL).times(tick);

/** Rounds a size down to the venue's share precision. */
export const floorSize = (size: Decimal): Decimal => size.toDecimalPlaces(SIZE_PLACES, Decimal.ROUND_DOWN);

/** Per-share numbers at one level. */
export function levelEdge(fair: Decimal, level: BookLevel, schedule: FeeSchedule): TopOfBook {
  const perShare = feePerShare(schedule, level.price);
  const grossEdge = fair.minus(level.price);
  return { price: level.price, grossEdge, feePerShare: perShare, netEdge: grossEdge.minus(perShare) };
}

/** Walks `asks` (best first) for a BUY at `params.fair`, skipping unusable levels (zero size, price outside (0, 1)). */
export function walkAsks(asks: readonly BookLevel[], params: WalkParams): Walk {
  let top: TopOfBook | undefined;
  const fills: Fill[] = [];
  let size = ZERO;
  let cost = ZERO;
  let fee = ZERO;
  for (const level of asks) {
    if (!isUsable(level)) continue;
    const edge = levelEdge(params.fair, level, params.schedule);
    top ??= edge;
    if (edge.netEdge.lt(params.minEdge)) break;
    const take = floorSize(Decimal.min(level.size, params.maxSize.minus(size)));
    if (take.lte(ZERO)) break;
    const fillFee = takerFee(params.schedule, level.price, take);
    fills.push({ price: level.price, size: take, fee: fillFee });
    size = size.plus(take);
    cost = cost.plus(take.times(level.price));
    fee = fee.plus(fillFee);
    if (size.gte(params.maxSize)) break;
  }
  if (!top) return { status: "no_liquidity", fills, size, cost, fee };
  // The best level is short of the edge: with the fee ("fee_killed") or without it ("below_threshold").
  if (top.netEdge.lt(params.minEdge)) return { status: top.grossEdge.gte(params.minEdge) ? "fee_killed" : "below_threshold", top, fills, size, cost, fee };
  if (fills.length === 0 || size.lt(params.minSize)) return { status: "below_min_size", top, fills, size, cost, fee };
  const avgPrice = cost.dividedBy(size);
  const grossEdge = params.fair.minus(avgPrice);
  const perShare = fee.dividedBy(size);
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
    netEdge: grossEdge.minus(perShare),
    expectedProfit: size.times(params.fair).minus(cost).minus(fee),
  };
}
