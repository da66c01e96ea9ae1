/**
 * Field schemas every record type shares: decimals travel as strings (exact, never through a
 * JavaScript number) and times as ISO-8601 UTC strings. A record read from a pipe is input: a value
 * the venue and the models never produce (a price or tick of 0, a negative fee rate, a 5000-digit
 * number) makes the whole record bad wherever it is read, rather than an input to a model.
 */
import { z } from "zod";
import { isFeeRate, isPositive } from "./decimal-rules.ts";

export const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/, "expected a decimal string");

/**
 * The longest decimal an `opportunity` may carry: pm-arb writes at most 40 significant digits
 * (core/decimal.ts), and its prices, sizes and ratios far fewer.
 */
export const MAX_DECIMAL_LENGTH = 64;
export const boundedDecimal = decimalString.max(MAX_DECIMAL_LENGTH, `expected a decimal of at most ${MAX_DECIMAL_LENGTH} characters`);

/** A price, a tick size: above zero. */
export const positiveDecimal = decimalString.refine(isPositive, "expected a decimal above zero");

/** A fee rate, in [0, 1]. */
export const feeRate = decimalString.refine(isFeeRate, "expected a fee rate in [0, 1]");

export const isoTime = z.iso.datetime();

/** The envelope every record starts with: its type, schema version 1 and time. */
export const envelope = <T extends string>(type: T) => ({ type: z.literal(type), v: z.literal(1), ts: isoTime });
