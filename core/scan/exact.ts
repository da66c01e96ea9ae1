/**
 * Exact decimals on BigInt for the scan's hot path: `n × 10^-k`. decimal.js (core/decimal.ts:
 * 40 significant digits, half-up) is correct but slow in a cold process — a walk costs it some
 * hundred operations; these are a few BigInt operations each.
 *
 * Results are decimal.js's, digit for digit: every operation is exact and then rounded as decimal.js
 * rounds it (correctly, to PRECISION significant digits, half away from zero), and anything outside
 * what this covers (a text that is not plain decimal notation, division by zero, another rounding
 * mode) throws `NotExact` so that the caller redoes the work with decimal.js.
 * test/core/scan/exact.test.ts holds every operation to decimal.js on random operands.
 */
import { Decimal } from "../decimal.ts";

export type Exact = { readonly n: bigint; readonly k: number };

/** Outside what exact decimals cover: the caller falls back to decimal.js. */
export class NotExact extends Error {
  constructor() {
    super("needs decimal.js rounding");
  }
}

/** decimal.js's configured precision (significant digits) and exponent limits of plain notation. */
const PRECISION = Decimal.precision;
const TO_EXP_NEG = Decimal.toExpNeg;
const TO_EXP_POS = Decimal.toExpPos;
if (Decimal.rounding !== Decimal.ROUND_HALF_UP) throw new Error("core/scan/exact.ts rounds half-up, as core/decimal.ts is configured");

/** Powers of ten up to twice the precision (products of two results), and on demand beyond. */
const POW10: bigint[] = [1n];
for (let i = 1; i <= 2 * PRECISION + 2; i++) POW10.push(POW10[i - 1]! * 10n);
function pow10(k: number): bigint {
  for (let i = POW10.length; i <= k; i++) POW10.push(POW10[i - 1]! * 10n);
  return POW10[k]!;
}
const LIMIT = POW10[PRECISION]!;

export const ZERO: Exact = { n: 0n, k: 0 };
export const ONE: Exact = { n: 1n, k: 0 };

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

/** A plain decimal text (`-?\d+(\.\d+)?`, as records and Decimal#toFixed write them). */
export function parseExact(text: string): Exact {
  if (!DECIMAL_TEXT.test(text)) throw new NotExact();
  const dot = text.indexOf(".");
  return dot < 0 ? { n: BigInt(text), k: 0 } : { n: BigInt(text.slice(0, dot) + text.slice(dot + 1)), k: text.length - dot - 1 };
}

const fromDecimals = new WeakMap<Decimal, Exact>();
/** A Decimal's exact value, once per instance. */
export function exactOf(value: Decimal): Exact {
  let exact = fromDecimals.get(value);
  if (exact === undefined) fromDecimals.set(value, (exact = parseExact(value.toFixed())));
  return exact;
}

const abs = (n: bigint) => (n < 0n ? -n : n);

/** Digits of a positive BigInt of at least `from` digits (compared with powers of ten: cheaper than writing it out). */
function digits(n: bigint, from = 1): number {
  let d = from;
  while (n >= pow10(d)) d++;
  return d;
}

/**
 * n × 10^-k as decimal.js holds a result: rounded to PRECISION significant digits, half away from
 * zero (its operations are correctly rounded; an exact result of that length is unchanged).
 */
function rounded(n: bigint, k: number): Exact {
  if (n < LIMIT && n > -LIMIT) return { n, k };
  const magnitude = abs(n);
  const drop = digits(magnitude, PRECISION + 1) - PRECISION;
  const unit = pow10(drop);
  let q = magnitude / unit;
  if ((magnitude - q * unit) * 2n >= unit) q += 1n;
  const value = n < 0n ? -q : q;
  return k >= drop ? { n: value, k: k - drop } : { n: value * pow10(drop - k), k: 0 };
}

function aligned(a: Exact, b: Exact): [bigint, bigint, number] {
  if (a.k === b.k) return [a.n, b.n, a.k];
  return a.k > b.k ? [a.n, b.n * pow10(a.k - b.k), a.k] : [a.n * pow10(b.k - a.k), b.n, b.k];
}

export function add(a: Exact, b: Exact): Exact {
  const [x, y, k] = aligned(a, b);
  return rounded(x + y, k);
}

export function sub(a: Exact, b: Exact): Exact {
  const [x, y, k] = aligned(a, b);
  return rounded(x - y, k);
}

export function mul(a: Exact, b: Exact): Exact {
  return rounded(a.n * b.n, a.k + b.k);
}

/**
 * x^e for a small integer e, when decimal.js's `pow` gives it exactly (the exact power has at most
 * PRECISION digits: its integer powers round only longer results); undefined otherwise.
 */
export function exactPower(x: Exact, e: number): Exact | undefined {
  let n = 1n;
  for (let i = 0; i < e; i++) n *= x.n;
  return abs(n) < LIMIT ? { n, k: x.k * e } : undefined;
}

export function cmp(a: Exact, b: Exact): number {
  const [x, y] = aligned(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export const min = (a: Exact, b: Exact): Exact => (cmp(b, a) < 0 ? b : a);

/** a / b rounded to PRECISION significant digits, half away from zero: decimal.js's `dividedBy`. */
export function div(a: Exact, b: Exact): Exact {
  if (b.n === 0n) throw new NotExact();
  if (a.n === 0n) return ZERO;
  const negative = a.n < 0n !== b.n < 0n;
  // |a| / |b| = num / den, both integers.
  let num = abs(a.n);
  let den = abs(b.n);
  if (a.k > b.k) den *= pow10(a.k - b.k);
  else num *= pow10(b.k - a.k);
  // Scale so that the integer quotient has exactly PRECISION digits.
  let shift = PRECISION - (digits(num) - digits(den)) - 1;
  let q = scaledQuotient(num, den, shift);
  if (q >= LIMIT) q = scaledQuotient(num, den, --shift);
  else if (q < LIMIT / 10n) q = scaledQuotient(num, den, ++shift);
  const scaled = shift >= 0 ? num * pow10(shift) : num;
  const divisor = shift >= 0 ? den : den * pow10(-shift);
  const remainder = scaled - q * divisor;
  if (remainder * 2n >= divisor) q += 1n;
  const n = negative ? -q : q;
  return shift >= 0 ? { n, k: shift } : { n: n * pow10(-shift), k: 0 };
}

function scaledQuotient(num: bigint, den: bigint, shift: number): bigint {
  return shift >= 0 ? (num * pow10(shift)) / den : num / (den * pow10(-shift));
}

export const ROUND_DOWN = Decimal.ROUND_DOWN;
export const ROUND_CEIL = Decimal.ROUND_CEIL;
export const ROUND_HALF_UP = Decimal.ROUND_HALF_UP;
export const ROUND_HALF_EVEN = Decimal.ROUND_HALF_EVEN;

/** decimal.js's `toDecimalPlaces(places, rounding)` for the roundings the walk uses (down, ceil, half-up, half-even). */
export function toPlaces(x: Exact, places: number, rounding: number): Exact {
  if (rounding !== ROUND_DOWN && rounding !== ROUND_CEIL && rounding !== ROUND_HALF_UP && rounding !== ROUND_HALF_EVEN) throw new NotExact();
  if (x.k <= places) return x;
  const unit = pow10(x.k - places);
  let q = x.n / unit;
  const r = x.n - q * unit;
  if (r !== 0n) {
    const sign = x.n < 0n ? -1n : 1n;
    const twice = abs(r) * 2n;
    if (rounding === ROUND_CEIL) {
      if (sign > 0n) q += 1n;
    } else if (rounding === ROUND_HALF_UP) {
      if (twice >= unit) q += sign;
    } else if (rounding === ROUND_HALF_EVEN) {
      if (twice > unit || (twice === unit && (q & 1n) !== 0n)) q += sign;
    }
  }
  return { n: q, k: places };
}

/** decimal.js's `ceil()`. */
export const ceil = (x: Exact): Exact => toPlaces(x, 0, ROUND_CEIL);

/** decimal.js's `decimalPlaces()`: places after trailing zeros are dropped. */
export function decimalPlaces(x: Exact): number {
  let { n, k } = x;
  while (k > 0 && n % 10n === 0n) {
    n /= 10n;
    k--;
  }
  return n === 0n ? 0 : k;
}

/** decimal.js's `toString()`: trailing zeros dropped, exponential notation outside (toExpNeg, toExpPos). */
export function toText(x: Exact): string {
  if (x.n === 0n) return "0";
  let text = abs(x.n).toString();
  let k = x.k;
  let end = text.length;
  while (end > 1 && k > 0 && text.charCodeAt(end - 1) === 48) {
    end--;
    k--;
  }
  text = text.slice(0, end);
  const sign = x.n < 0n ? "-" : "";
  // Exponent of the leading digit, as decimal.js's `e`.
  const e = text.length - 1 - k;
  if (e <= TO_EXP_NEG || e >= TO_EXP_POS) {
    let mantissa = text;
    let last = mantissa.length;
    while (last > 1 && mantissa.charCodeAt(last - 1) === 48) last--;
    mantissa = mantissa.slice(0, last);
    return `${sign}${mantissa[0]}${mantissa.length > 1 ? `.${mantissa.slice(1)}` : ""}e${e < 0 ? "" : "+"}${e}`;
  }
  if (k <= 0) return sign + text + "0".repeat(-k);
  if (k >= text.length) return `${sign}0.${"0".repeat(k - text.length)}${text}`;
  return `${sign}${text.slice(0, text.length - k)}.${text.slice(text.length - k)}`;
}
