/** The expected P&L a `run` trade alert carries. Plain typed functions: no zod at run time. */
import type { Decimal } from "../decimal.ts";
import { fillTotals } from "../ledger/execution.ts";
import type { Fill } from "../store/schema.ts";

/** Expected P&L of a fill set if the fair value is right: size × fair − cost − fee. */
export function expectedPnl(fair: Decimal, fills: readonly Fill[]): Decimal {
  const sum = fillTotals(fills);
  return sum.size.times(fair).minus(sum.cost).minus(sum.fee);
}
