/**
 * The most collateral a BUY of `shares` at a limit `price` can cost, fee included. Fills happen at
 * or below the limit, where price + fee per share is no higher (the fee curve's slope is below 1 for
 * every published schedule), and the venue rounds each fill's fee to 5 decimals, so a few
 * hundred-thousandths of slack cover the per-fill rounding.
 */
import { Decimal, ZERO } from "../decimal.ts";
import { feePerShare, takerFee } from "../fees/quote.ts";
import type { FeeSchedule } from "../fees/schedule.ts";
import { largestValidSize, sizeStep } from "../trade/amounts.ts";

/** Per-fill fee rounding slack (up to 20 fills at 0.000005 each). */
export const FEE_ROUNDING_SLACK = new Decimal("0.0001");

export function maxCost(shares: Decimal, price: Decimal, schedule: FeeSchedule): Decimal {
  if (!shares.gt(ZERO)) return ZERO;
  return shares.times(price).plus(takerFee(schedule, price, shares)).plus(FEE_ROUNDING_SLACK);
}

/** The largest venue-valid size (cent-exact cost, ≤ 2 decimals) whose max cost fits in `budget`. */
export function sharesWithin(budget: Decimal, price: Decimal, schedule: FeeSchedule, cap: Decimal): Decimal {
  if (!budget.gt(FEE_ROUNDING_SLACK)) return ZERO;
  const perShare = price.plus(feePerShare(schedule, price));
  let shares = largestValidSize(Decimal.min(cap, budget.minus(FEE_ROUNDING_SLACK).dividedBy(perShare)), price);
  // The fee total is rounded half-up; step down while the rounded bound still exceeds the budget.
  const step = sizeStep(price);
  while (shares.gt(ZERO) && maxCost(shares, price, schedule).gt(budget)) shares = shares.minus(step);
  return shares.gt(ZERO) ? shares : ZERO;
}
