/**
 * The pre-screen: an outcome's best ask judged in doubles. Most books have no edge at their best
 * level, and deciding that in floating point spares decimal.js (and building the ladder) for them.
 *
 * Exactness: every number here is a probability, a price, a fee per share or an edge, of magnitude
 * ≤ 1, and a handful of double operations on them err by < 1e-13. A double answer is used only when
 * it is clear by MARGIN (1e-9), and only for schedules whose fee stays in that range (0 ≤ rate ≤ 1,
 * 0 ≤ exponent ≤ MAX_EXPONENT); anything else — an edge near the minimum, an actionable level, an
 * odd schedule — is left to the exact Decimal walk (`undefined`), which has the last word. So a
 * screened status is the one the exact walk would give (held to it by test/core/scan/screen.test.ts).
 */
import type { FeeSchedule } from "../fees/schedule.ts";
import type { BookLevel } from "../markets/types.ts";
import { toDouble } from "./conversions.ts";

/** How clear a double comparison must be to be trusted. */
export const MARGIN = 1e-9;
/** Beyond this exponent the relative error of the power grows with it: left to the exact walk. */
const MAX_EXPONENT = 16;

/** An outcome the exact walk would reject, with the net edge at its best level (as a double) when it has one. */
export type Screened = { status: "below_threshold" | "fee_killed" | "no_liquidity"; net?: number };

/** A level's price as a double: from its text when it was read from a record. */
export function priceDouble(level: BookLevel): number {
  return level.priceText !== undefined ? Number(level.priceText) : toDouble(level.price);
}

/** The schedule's fee per share at a price as a double, or undefined outside the range the margin covers. */
function feeDouble(schedule: FeeSchedule, price: number): number | undefined {
  const rate = toDouble(schedule.rate);
  const exponent = toDouble(schedule.exponent);
  if (!(rate >= 0 && rate <= 1 && exponent >= 0 && exponent <= MAX_EXPONENT)) return undefined;
  return rate === 0 ? 0 : rate * Math.pow(price * (1 - price), exponent);
}

/**
 * The exact walk's status for an outcome whose best usable ask is `level` — when it is a rejection
 * and clear in doubles; undefined when the exact walk must decide.
 */
export function screenAsk(level: BookLevel | undefined, fair: number, schedule: FeeSchedule, minEdge: number): Screened | undefined {
  if (!level) return { status: "no_liquidity" };
  const price = priceDouble(level);
  const fee = feeDouble(schedule, price);
  if (fee === undefined) return undefined;
  const gross = fair - price;
  const net = gross - fee;
  // Written so that NaN falls through to the exact walk.
  if (!(net < minEdge - MARGIN)) return undefined;
  if (gross < minEdge - MARGIN) return { status: "below_threshold", net };
  if (gross >= minEdge + MARGIN) return { status: "fee_killed", net };
  return undefined;
}

/** No complement pair can clear the minimum edge: the two best asks alone cost more than 1 − min edge (fees only add). */
export function complementOutOfReach(a: BookLevel | undefined, b: BookLevel | undefined, minEdge: number): boolean {
  if (!a || !b) return true;
  return 1 - priceDouble(a) - priceDouble(b) < minEdge - MARGIN;
}
