/**
 * Decimal → double, once per instance. Doubles are for model math (the lognormal formulas) and the
 * pre-screen only; a symbol's spot, a window's opening, a schedule's rate and a minimum edge are
 * shared by many markets, so each instance is converted once.
 */
import type { Decimal } from "../decimal.ts";

const doubles = new WeakMap<Decimal, number>();

export function toDouble(value: Decimal): number {
  let n = doubles.get(value);
  if (n === undefined) doubles.set(value, (n = value.toNumber()));
  return n;
}
