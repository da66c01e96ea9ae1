/**
 * Conversions the scan repeats on shared values, done once each: a Decimal to a double (model math
 * and the pre-screen only) or to its text, and epoch milliseconds to ISO-8601. A symbol's spot, a
 * window's opening, a schedule's rate, the minimum edge, a market's end and the evaluation time are
 * shared by many markets.
 */
import type { Decimal } from "../decimal.ts";

const doubles = new WeakMap<Decimal, number>();
export function toDouble(value: Decimal): number {
  let n = doubles.get(value);
  if (n === undefined) doubles.set(value, (n = value.toNumber()));
  return n;
}

const texts = new WeakMap<Decimal, string>();
/** Decimal#toString, once per instance. */
export function textOf(value: Decimal): string {
  let text = texts.get(value);
  if (text === undefined) texts.set(value, (text = value.toString()));
  return text;
}

const isoTexts = new Map<number, string>();
/** Date#toISOString of epoch milliseconds. */
export function iso(ms: number): string {
  let text = isoTexts.get(ms);
  if (text === undefined) {
    if (isoTexts.size >= 10_000) isoTexts.clear();
    isoTexts.set(ms, (text = new Date(ms).toISOString()));
  }
  return text;
}
