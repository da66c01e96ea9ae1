/**
 * The most collateral a marketable BUY with a given budget can commit, fee included. The venue
 * spends the whole budget at prices at or below the limit and charges each fill
 * shares × rate × (p(1 − p))^e — per dollar spent, rate × p^(e−1) × (1 − p)^e, which is largest
 * at the lowest price. So the bound per dollar is, over prices in [tick, 1 − tick]:
 *   e = 1: rate × (1 − tick);   e > 1: rate (both factors ≤ 1);   e < 1: rate × tick^(e − 1).
 * Plus a little slack for the per-fill rounding of fees. Conservative on purpose: a limit is never
 * exceeded whatever the book does between the scan and the fill.
 */
import { Decimal, ONE, ZERO } from "../decimal.ts";
import type { FeeSchedule } from "../model/fee-schedule.ts";
import { centsFloor } from "./amounts.ts";

/** Fee rounding slack per order (up to 20 fills × 0.000005). */
const FEE_ROUNDING_SLACK = new Decimal("0.0001");

/** Upper bound on the fee per dollar spent at any price on the tick grid. */
function feePerDollarBound(schedule: FeeSchedule, tick: Decimal): Decimal {
  if (schedule.rate.isZero()) return ZERO;
  if (schedule.exponent.eq(ONE)) return schedule.rate.times(ONE.minus(tick));
  if (schedule.exponent.gt(ONE)) return schedule.rate;
  return schedule.rate.times(tick.pow(schedule.exponent.minus(ONE)));
}

/** Most a BUY spending `budget` can cost with its fee. */
export function maxCost(budget: Decimal, schedule: FeeSchedule, tick: Decimal): Decimal {
  if (!budget.gt(ZERO)) return ZERO;
  return budget.plus(budget.times(feePerDollarBound(schedule, tick)).toDecimalPlaces(6, Decimal.ROUND_UP)).plus(FEE_ROUNDING_SLACK);
}

/** The largest whole-cent budget whose max cost fits in `limit` (0 when none). */
export function budgetWithin(limit: Decimal, schedule: FeeSchedule, tick: Decimal): Decimal {
  if (!limit.gt(FEE_ROUNDING_SLACK)) return ZERO;
  let budget = centsFloor(limit.minus(FEE_ROUNDING_SLACK).dividedBy(ONE.plus(feePerDollarBound(schedule, tick))));
  while (budget.gt(ZERO) && maxCost(budget, schedule, tick).gt(limit)) budget = budget.minus("0.01");
  return budget.gt(ZERO) ? budget : ZERO;
}
