/**
 * Field schemas every record type shares: decimals travel as strings (exact, never through a
 * JavaScript number) and times as ISO-8601 UTC strings.
 */
import { z } from "zod";

export const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/, "expected a decimal string");

export const isoTime = z.iso.datetime();
