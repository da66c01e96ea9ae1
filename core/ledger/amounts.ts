/**
 * The venue's arithmetic for a marketable BUY (FOK/FAK), in Decimal, before anything is signed. It
 * is sized in collateral: the maker amount is the budget (at most 2 decimals, at least $1), the
 * taker amount the shares it buys at the limit, rounded as the official client rounds it, and at
 * least the market's minimum order size. The venue spends the budget walking the asks at or below
 * the limit (a better price buys more shares). On the wire amounts are integers in 6 decimals.
 */
import { Decimal, ZERO } from "../decimal.ts";

const MAKER_PLACES = 2;
export const UNIT_PLACES = 6;
/** The venue's minimum for a marketable BUY, in collateral. */
export const MIN_MARKET_BUY = new Decimal(1);

/** Decimals the client allows on the computed amount, per tick size (its rounding config). */
const AMOUNT_PLACES: Record<string, number> = { "0.1": 3, "0.01": 4, "0.005": 5, "0.0025": 6, "0.001": 5, "0.0001": 6 };

export function amountPlaces(tick: Decimal): number | undefined {
  return AMOUNT_PLACES[tick.toString()] ?? AMOUNT_PLACES[tick.toFixed(tick.decimalPlaces())];
}

/** True when `price` is a whole number of ticks and inside [tick, 1 − tick]. */
export function onTick(price: Decimal, tick: Decimal): boolean {
  if (!tick.gt(ZERO)) return false;
  return price.mod(tick).isZero() && price.gte(tick) && price.lte(new Decimal(1).minus(tick));
}

/** The highest tick at or below `price` (a BUY never pays more than it was told to). */
export function tickFloor(price: Decimal, tick: Decimal): Decimal {
  return price.dividedToIntegerBy(tick).times(tick);
}

/** Whole cents, rounded down (a budget never grows by rounding). */
export function centsFloor(amount: Decimal): Decimal {
  return amount.toDecimalPlaces(MAKER_PLACES, Decimal.ROUND_DOWN);
}

/** Collateral for shares at a price, rounded up to the micro-unit as the venue charges a buyer. */
export function buyCost(shares: Decimal, price: Decimal): Decimal {
  return shares.times(price).toDecimalPlaces(UNIT_PLACES, Decimal.ROUND_UP);
}

/** The taker amount (shares) the official client signs for a market BUY of `budget` at `price`. */
export function marketBuyTaker(budget: Decimal, price: Decimal, places: number): Decimal {
  let taker = budget.dividedBy(price);
  if (taker.decimalPlaces() > places) {
    taker = taker.toDecimalPlaces(places + 4, Decimal.ROUND_UP);
    if (taker.decimalPlaces() > places) taker = taker.toDecimalPlaces(places, Decimal.ROUND_DOWN);
  }
  return taker;
}

/** Why a market BUY of `budget` at `price` would be refused by the venue, or undefined when it passes. */
export function amountProblem(price: Decimal, budget: Decimal, tick: Decimal, minSize: Decimal): string | undefined {
  const places = amountPlaces(tick);
  if (places === undefined) return `tick size ${tick.toString()} is not one the venue uses (0.1, 0.01, 0.005, 0.0025, 0.001, 0.0001)`;
  if (!onTick(price, tick))
    return `price ${price.toString()} is not on the market's tick ${tick.toString()} (or outside [${tick.toString()}, ${new Decimal(1).minus(tick).toString()}])`;
  if (budget.decimalPlaces() > MAKER_PLACES) return `budget ${budget.toString()} has more than ${MAKER_PLACES} decimals; the venue rejects marketable BUYs whose maker amount does`;
  if (budget.lt(MIN_MARKET_BUY)) return `budget ${budget.toString()} is below the venue's $${MIN_MARKET_BUY.toString()} minimum for a marketable BUY`;
  const taker = marketBuyTaker(budget, price, places);
  if (taker.lt(minSize))
    return `budget ${budget.toString()} buys ${taker.toString()} shares at the limit ${price.toString()}, below the market's minimum order size ${minSize.toString()}`;
  return undefined;
}

/** A decimal amount as the venue's 6-decimal integer string ("3.71" → "3710000"). */
export function toUnits(amount: Decimal): string {
  const scaled = amount.times(10 ** UNIT_PLACES);
  if (!scaled.isInteger()) throw new RangeError(`amount ${amount.toString()} has more than ${UNIT_PLACES} decimals`);
  return scaled.toFixed(0);
}

/** A 6-decimal integer string back to a decimal ("3710000" → 3.71). */
export function fromUnits(units: string): Decimal {
  return new Decimal(units).dividedBy(10 ** UNIT_PLACES);
}
