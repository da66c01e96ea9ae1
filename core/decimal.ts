/**
 * The one Decimal used for money, prices, sizes and fees. Configured once here so every module
 * computes with the same precision; import Decimal from this file, never from "decimal.js".
 */
import Decimal from "decimal.js";

Decimal.set({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 });

export { Decimal };

export const ZERO = new Decimal(0);
export const ONE = new Decimal(1);
