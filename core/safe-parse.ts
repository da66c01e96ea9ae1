/**
 * Defensive parsing of values that come from outside (venue payloads, flags, stdin).
 * Never throws: a bad value becomes a typed failure the caller must look at, or an explicit
 * default the caller chose. `Decimal("")` crashed the pilot's whole loop; this is the fix.
 */
import { Decimal } from "./decimal.ts";

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Parses a decimal from a number or numeric string; rejects null, "", NaN, Infinity and junk. */
export function parseDecimal(value: unknown): Parsed<Decimal> {
  if (value === null || value === undefined) return { ok: false, error: "missing value" };
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return { ok: false, error: `not a finite number: ${value}` };
    return { ok: true, value: new Decimal(value) };
  }
  if (typeof value === "bigint") return { ok: true, value: new Decimal(value.toString()) };
  if (typeof value !== "string") return { ok: false, error: `expected a number, got ${typeof value}` };
  const text = value.trim();
  if (text === "") return { ok: false, error: "empty string" };
  if (!NUMERIC.test(text)) return { ok: false, error: `not a number: ${JSON.stringify(value.slice(0, 40))}` };
  return { ok: true, value: new Decimal(text) };
}

/** The decimal, or the caller's explicit default when the value is missing or malformed. */
export function decimalOr(value: unknown, fallback: Decimal): Decimal {
  const parsed = parseDecimal(value);
  return parsed.ok ? parsed.value : fallback;
}

/** The decimal, or undefined: for optional fields where "absent" and "garbage" mean the same. */
export function optionalDecimal(value: unknown): Decimal | undefined {
  const parsed = parseDecimal(value);
  return parsed.ok ? parsed.value : undefined;
}

/** Parses JSON text without throwing (truncated bodies, HTML error pages). */
export function parseJson(text: string): Parsed<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const preview = text.slice(0, 60).replace(/\s+/g, " ");
    return { ok: false, error: `invalid JSON (${(error as Error).message}) near ${JSON.stringify(preview)}` };
  }
}

/** Gamma encodes some arrays as JSON strings inside JSON ("[\"Up\",\"Down\"]"); accept both. */
export function parseStringArray(value: unknown): Parsed<string[]> {
  let candidate = value;
  if (typeof value === "string") {
    const json = parseJson(value);
    if (!json.ok) return json;
    candidate = json.value;
  }
  if (!Array.isArray(candidate)) return { ok: false, error: "expected an array" };
  const out: string[] = [];
  for (const item of candidate) {
    if (typeof item === "string") out.push(item);
    // A number past 2^53 has already lost digits (token ids are 77 digits): refuse, don't guess.
    else if (typeof item === "number" && Number.isFinite(item) && !(Number.isInteger(item) && !Number.isSafeInteger(item))) out.push(String(item));
    else return { ok: false, error: "array holds a non-string item" };
  }
  return { ok: true, value: out };
}
