/**
 * The riskless complement: in a binary market exactly one outcome pays 1, so buying one share of
 * each outcome for less than 1 in total — after both taker fees — locks in the difference whatever
 * happens. Walks both ask ladders together while the pair still clears the minimum edge. Pure Decimal.
 */
import { Decimal } from "../decimal.ts";
import { isUsable } from "../markets/book-levels.ts";
import { feePerShare, takerFee } from "../model/fee-quote.ts";
import type { FeeSchedule } from "../model/fee-schedule.ts";
import type { BookLevel } from "../model/market.ts";
import { ceilToTick, type Fill, floorSize } from "./walk-book.ts";

type ComplementLeg = {
  fills: Fill[];
  cost: Decimal;
  fee: Decimal;
  avgPrice: Decimal;
  limitPrice: Decimal;
};

export type Complement = {
  /** Pairs bought (shares of each outcome). */
  size: Decimal;
  legs: [ComplementLeg, ComplementLeg];
  /** Per pair: total price paid and total fee. */
  pairCost: Decimal;
  pairFee: Decimal;
  /** 1 − pairCost − pairFee. */
  netEdge: Decimal;
  /** size × netEdge. */
  expectedProfit: Decimal;
};

export type ComplementParams = { schedule: FeeSchedule; minEdge: Decimal; maxSize: Decimal; tickSize: Decimal; minSize: Decimal };

const ONE = new Decimal(1);
const ZERO = new Decimal(0);
/** The smallest size the venue takes (2 decimals). */
const CENT = new Decimal("0.01");

/** Index of the first usable level at or after `from`. */
function nextUsable(levels: readonly BookLevel[], from: number): number {
  let index = from;
  while (index < levels.length && !isUsable(levels[index]!)) index++;
  return index;
}

/** The complement trade across two ask ladders, or undefined when no pair clears the minimum edge. */
export function walkComplement(asksA: readonly BookLevel[], asksB: readonly BookLevel[], params: ComplementParams): Complement | undefined {
  const a = asksA;
  const b = asksB;
  let i = nextUsable(a, 0);
  let j = nextUsable(b, 0);
  // Fees only add to a pair's cost: best asks that already cost more than 1 − min edge leave no pair.
  if (i === a.length || j === b.length || ONE.minus(a[i]!.price).minus(b[j]!.price).lt(params.minEdge)) return undefined;
  let leftA = a[i]!.size;
  let leftB = b[j]!.size;
  const fillsA: Fill[] = [];
  const fillsB: Fill[] = [];
  let size = new Decimal(0);
  while (i < a.length && j < b.length && size.lt(params.maxSize)) {
    const pa = a[i]!.price;
    const pb = b[j]!.price;
    const net = ONE.minus(pa).minus(pb).minus(feePerShare(params.schedule, pa)).minus(feePerShare(params.schedule, pb));
    if (net.lt(params.minEdge)) break;
    const take = floorSize(Decimal.min(leftA, leftB, params.maxSize.minus(size)));
    if (take.gt(ZERO)) {
      addFill(fillsA, pa, take, params.schedule);
      addFill(fillsB, pb, take, params.schedule);
      size = size.plus(take);
    }
    leftA = leftA.minus(take);
    leftB = leftB.minus(take);
    // A level with less than one hundredth of a share left cannot be taken any more.
    if (leftA.lt(CENT)) {
      i = nextUsable(a, i + 1);
      leftA = a[i]?.size ?? leftA;
    }
    if (leftB.lt(CENT)) {
      j = nextUsable(b, j + 1);
      leftB = b[j]?.size ?? leftB;
    }
    if (take.lte(ZERO) && leftA.gte(CENT) && leftB.gte(CENT)) break;
  }
  if (size.lte(ZERO) || size.lt(params.minSize)) return undefined;
  const legA = leg(fillsA, size, params.tickSize);
  const legB = leg(fillsB, size, params.tickSize);
  const pairCost = legA.cost.plus(legB.cost).dividedBy(size);
  const pairFee = legA.fee.plus(legB.fee).dividedBy(size);
  const netEdge = ONE.minus(pairCost).minus(pairFee);
  if (netEdge.lt(params.minEdge)) return undefined;
  return { size, legs: [legA, legB], pairCost, pairFee, netEdge, expectedProfit: size.times(netEdge) };
}

/** Adds `size` at `price`, merging with the previous fill at the same price. */
function addFill(fills: Fill[], price: Decimal, size: Decimal, schedule: FeeSchedule): void {
  const last = fills[fills.length - 1];
  if (last?.price.eq(price)) {
    last.size = last.size.plus(size);
    last.fee = takerFee(schedule, price, last.size);
  } else fills.push({ price, size, fee: takerFee(schedule, price, size) });
}

function leg(fills: Fill[], size: Decimal, tick: Decimal): ComplementLeg {
  const cost = fills.reduce((sum, fill) => sum.plus(fill.price.times(fill.size)), new Decimal(0));
  const fee = fills.reduce((sum, fill) => sum.plus(fill.fee), new Decimal(0));
  return { fills, cost, fee, avgPrice: cost.dividedBy(size), limitPrice: ceilToTick(fills[fills.length - 1]!.price, tick) };
}
