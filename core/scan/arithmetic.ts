/**
 * The arithmetic a walk runs on, as one interface with two implementations that give the same
 * results: decimal.js (the reference, for any input) and exact BigInt decimals (core/scan/exact.ts:
 * the fast path, which throws `NotExact` where decimal.js would have to round anything but a
 * quotient — the caller then walks again on decimal.js).
 */
import { Decimal } from "../decimal.ts";
import type { FeeSchedule } from "../fees/schedule.ts";
import type { BookLevel } from "../markets/types.ts";
import * as exact from "./exact.ts";
import { memoExactFeePerShare, memoFeePerShare } from "./fee-memo.ts";

export type Arithmetic<T> = {
  zero: T;
  /** A value from its decimal text (`-?\d+(\.\d+)?`). */
  parse(text: string): T;
  /** A Decimal's value. */
  of(value: Decimal): T;
  /** A book level's price and size. */
  price(level: BookLevel): T;
  size(level: BookLevel): T;
  /** The schedule's fee per share at the level's price. */
  feePerShare(schedule: FeeSchedule, level: BookLevel): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  /** Rounded to decimal.js's precision, half-up. */
  div(a: T, b: T): T;
  cmp(a: T, b: T): number;
  min(a: T, b: T): T;
  /** `toDecimalPlaces(places, rounding)` with a decimal.js rounding mode (down, ceil, half-up, half-even). */
  places(x: T, places: number, rounding: number): T;
  /** Decimal#toString. */
  text(x: T): string;
};

export const decimalArithmetic: Arithmetic<Decimal> = {
  zero: new Decimal(0),
  parse: (text) => new Decimal(text),
  of: (value) => value,
  price: (level) => level.price,
  size: (level) => level.size,
  feePerShare: memoFeePerShare,
  add: (a, b) => a.plus(b),
  sub: (a, b) => a.minus(b),
  mul: (a, b) => a.times(b),
  div: (a, b) => a.dividedBy(b),
  cmp: (a, b) => a.comparedTo(b),
  min: (a, b) => Decimal.min(a, b),
  places: (x, places, rounding) => x.toDecimalPlaces(places, rounding as Decimal.Rounding),
  text: (x) => x.toString(),
};

/** Level texts parsed once each (a file repeats a few hundred prices and many sizes). */
const parsed = new Map<string, exact.Exact>();
function parseText(text: string): exact.Exact {
  let value = parsed.get(text);
  if (value === undefined) {
    if (parsed.size >= 20_000) parsed.clear();
    parsed.set(text, (value = exact.parseExact(text)));
  }
  return value;
}

const exactPrice = (level: BookLevel) => (level.priceText !== undefined ? parseText(level.priceText) : exact.exactOf(level.price));

export const exactArithmetic: Arithmetic<exact.Exact> = {
  zero: exact.ZERO,
  parse: parseText,
  of: exact.exactOf,
  price: exactPrice,
  size: (level) => (level.sizeText !== undefined ? parseText(level.sizeText) : exact.exactOf(level.size)),
  feePerShare: (schedule, level) => memoExactFeePerShare(schedule, level, exactPrice(level)),
  add: exact.add,
  sub: exact.sub,
  mul: exact.mul,
  div: exact.div,
  cmp: exact.cmp,
  min: exact.min,
  places: exact.toPlaces,
  text: exact.toText,
};
