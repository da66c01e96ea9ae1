/**
 * The venue's arithmetic for a marketable BUY, done in Decimal before anything is signed:
 * - the price must sit on the market's tick, tick ≤ price ≤ 1 − tick;
 * - shares (the taker amount of a BUY) carry at most 2 decimals — what the official client's
 *   rounding config produces for every tick size — and the venue accepts at most 4;
 * - the collateral paid (the maker amount, shares × price) carries at most 2 decimals: the venue
 *   rejects marketable orders whose maker amount has more ("invalid amounts … max accuracy of 2
 *   decimals"), so a size is chosen whose cost is a whole number of cents;
 * - at least the market's minimum order size (5 shares on the crypto markets).
 * Amounts on the wire are integers in 6 decimals (pUSD and outcome tokens both have 6).
 */
import { Decimal, ZERO } from "../decimal.ts";

export const SIZE_PLACES = 2;
export const MAKER_PLACES = 2;
export const TAKER_PLACES = 4;
export const UNIT_PLACES = 6;

const HUNDRED = 100n;

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
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

/**
 * The share step at `price`: the smallest size increment, in 0.01 shares, for which
 * size × price is a whole number of cents. 0.50 → 0.02, 0.53 → 1, 0.555 → 2.
 */
export function sizeStep(price: Decimal): Decimal {
  const places = price.decimalPlaces();
  const scale = 10n ** BigInt(places);
  const numerator = BigInt(price.times(scale.toString()).toFixed(0));
  const units = scale / gcd(numerator, scale); // in hundredths of a share
  return new Decimal(units.toString()).dividedBy(HUNDRED.toString());
}

/** The largest size ≤ `max` whose cost at `price` is exact in cents (0 when none). */
export function largestValidSize(max: Decimal, price: Decimal): Decimal {
  if (!max.gt(ZERO) || !price.gt(ZERO)) return ZERO;
  const step = sizeStep(price);
  return max.dividedToIntegerBy(step).times(step);
}

/** Why these amounts would be refused by the venue, or undefined when they pass. */
export function amountProblem(price: Decimal, size: Decimal, tick: Decimal, minSize: Decimal): string | undefined {
  if (!onTick(price, tick)) return `price ${price.toString()} is not on the market's tick ${tick.toString()} (or outside [${tick.toString()}, ${new Decimal(1).minus(tick).toString()}])`;
  if (size.decimalPlaces() > SIZE_PLACES) return `size ${size.toString()} has more than ${SIZE_PLACES} decimals`;
  if (size.lt(minSize)) return `size ${size.toString()} is below the market's minimum order size ${minSize.toString()}`;
  const maker = size.times(price);
  if (maker.decimalPlaces() > MAKER_PLACES) return `cost ${maker.toString()} (size × price) has more than ${MAKER_PLACES} decimals; the venue rejects marketable orders whose maker amount does`;
  if (size.decimalPlaces() > TAKER_PLACES) return `size ${size.toString()} has more than ${TAKER_PLACES} decimals`;
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
