/**
 * The value rules of record decimals, applied by the zod schemas (fields.ts) as refinements.
 * Total: text that is not a number is false (zod runs a refinement even when the pattern before it
 * failed).
 */
import { Decimal } from "../decimal.ts";

function decimalOf(text: string): Decimal | undefined {
  try {
    return new Decimal(text);
  } catch {
    return undefined;
  }
}

/** A price or a tick size: above zero (0 would divide by zero, below 0 is no price). */
export const isPositive = (text: string): boolean => decimalOf(text)?.gt(0) === true;

/** A fee rate: 0 ≤ rate ≤ 1, as core/model/fee-schedule.ts `checkSchedule` has it. */
export function isFeeRate(text: string): boolean {
  const rate = decimalOf(text);
  return rate?.gte(0) === true && rate.lte(1);
}
