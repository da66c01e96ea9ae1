/**
 * The schedule's fee per share at a level's price, memoised: books reuse a few hundred price levels
 * (ticks) across thousands of markets, and every market of a category shares its schedule's numbers.
 */
import type { Decimal } from "../decimal.ts";
import { textOf } from "./conversions.ts";
import { exactOf, exactPower, mul, ONE, sub, type Exact } from "./exact.ts";
import { feePerShare } from "../fees/quote.ts";
import type { FeeSchedule } from "../fees/schedule.ts";
import type { BookLevel } from "../markets/types.ts";

const feeMemo = new Map<string, Decimal>();

// A level's own text ("0.290") and the Decimal's ("0.29") may both key the same value: same fee.
const keyOf = (schedule: FeeSchedule, level: BookLevel) => `${textOf(schedule.rate)}|${textOf(schedule.exponent)}|${level.priceText ?? textOf(level.price)}`;

export function memoFeePerShare(schedule: FeeSchedule, level: BookLevel): Decimal {
  const key = keyOf(schedule, level);
  let fee = feeMemo.get(key);
  if (fee === undefined) {
    if (feeMemo.size > 50_000) feeMemo.clear();
    fee = feePerShare(schedule, level.price);
    feeMemo.set(key, fee);
  }
  return fee;
}

/** The largest integer exponent computed in exact decimals (beyond it, or fractional: decimal.js's power). */
const MAX_EXACT_EXPONENT = 8;
const exactMemo = new Map<string, Exact>();

/**
 * The same fee per share in exact decimals (core/scan/exact.ts): rate × (p(1 − p))^e with an integer
 * exponent is computed exactly as decimal.js computes it (an exact power of at most PRECISION digits,
 * then a correctly rounded product); any other schedule's value is decimal.js's, converted.
 */
export function memoExactFeePerShare(schedule: FeeSchedule, level: BookLevel, price: Exact): Exact {
  const key = keyOf(schedule, level);
  let fee = exactMemo.get(key);
  if (fee === undefined) {
    if (exactMemo.size > 50_000) exactMemo.clear();
    const exponent = exactOf(schedule.exponent);
    const power = exponent.k === 0 && exponent.n >= 0n && exponent.n <= MAX_EXACT_EXPONENT ? exactPower(mul(price, sub(ONE, price)), Number(exponent.n)) : undefined;
    fee = power ? mul(exactOf(schedule.rate), power) : exactOf(memoFeePerShare(schedule, level));
    exactMemo.set(key, fee);
  }
  return fee;
}
