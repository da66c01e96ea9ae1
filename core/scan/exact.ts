/**
 * Exact decimals for the scan's hot path: `n × 10^-k`, with n a double while it is a safe integer
 * (integer arithmetic on doubles is exact there, and cheap) and a BigInt beyond. decimal.js
 * (core/decimal.ts: 40 significant digits, half-up) is correct but slow in a cold process — a walk
 * costs it some hundred operations.
 *
 * Results are decimal.js's, digit for digit: every operation is exact and then rounded as decimal.js
 * rounds it (correctly, to PRECISION significant digits, half away from zero), and anything outside
 * what this covers (a text that is not plain decimal notation, division by zero, another rounding
 * mode) throws `NotExact` so that the caller redoes the work with decimal.js.
 * test/core/scan/exact.test.ts holds every operation to decimal.js on random operands.
 */
import { Decimal } from "../decimal.ts";

export type Exact = { readonly n: number | bigint; readonly k: number };

/** Outside what exact decimals cover: the caller falls back to decimal.js. */
export class NotExact extends Error {
  constructor() {
    super("needs decimal.js");
  }
}

/** decimal.js's configured precision (significant digits) and exponent limits of plain notation. */
const PRECISION = Decimal.precision;
const TO_EXP_NEG = Decimal.toExpNeg;
const TO_EXP_POS = Decimal.toExpPos;
if (Decimal.rounding !== Decimal.ROUND_HALF_UP) throw new Error("core/scan/exact.ts rounds half-up, as core/decimal.ts is configured");

/** Powers of ten as BigInts (up to twice the precision, more on demand) and as doubles (exact to 10^15). */
const POW10: bigint[] = [1n];
for (let i = 1; i <= 2 * PRECISION + 2; i++) POW10.push(POW10[i - 1]! * 10n);
function pow10(k: number): bigint {
  for (let i = POW10.length; i <= k; i++) POW10.push(POW10[i - 1]! * 10n);
  return POW10[k]!;
}
const POW10_DOUBLE = Array.from({ length: 16 }, (_, i) => 10 ** i);
const LIMIT = POW10[PRECISION]!;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
/** Doubles up to this divide by a power of ten ≤ 10^15 with one correction step, exactly. */
const HALF_SAFE = 2 ** 52;

export const ZERO: Exact = { n: 0, k: 0 };
export const ONE: Exact = { n: 1, k: 0 };

const big = (n: number | bigint): bigint => (typeof n === "bigint" ? n : BigInt(n));
/** A BigInt result, as a double when it fits. */
const make = (n: bigint, k: number): Exact => (n <= MAX_SAFE && n >= -MAX_SAFE ? { n: Number(n), k } : { n, k });

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

/** A plain decimal text (`-?\d+(\.\d+)?`, as records and Decimal#toFixed write them). */
export function parseExact(text: string): Exact {
  if (!DECIMAL_TEXT.test(text)) throw new NotExact();
  const dot = text.indexOf(".");
  const digits = dot < 0 ? text : text.slice(0, dot) + text.slice(dot + 1);
  const k = dot < 0 ? 0 : text.length - dot - 1;
  // 15 digits always fit a double exactly (+ 0 turns "-0" into 0).
  return digits.length <= 15 ? { n: Number(digits) + 0, k } : make(BigInt(digits), k);
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
  if (n < LIMIT && n > -LIMIT) return make(n, k);
  const magnitude = abs(n);
  const drop = digits(magnitude, PRECISION + 1) - PRECISION;
  const unit = pow10(drop);
  let q = magnitude / unit;
  if ((magnitude - q * unit) * 2n >= unit) q += 1n;
  const value = n < 0n ? -q : q;
  return k >= drop ? make(value, k - drop) : make(value * pow10(drop - k), 0);
}

// The two operands on a common scale as doubles, when both are doubles and the scaled one stays a
// safe integer (module scratch rather than an array per operation: this is the hot path).
let scaledA = 0;
let scaledB = 0;
let scale = 0;
function alignedDoubles(a: Exact, b: Exact): boolean {
  const x = a.n;
  const y = b.n;
  if (typeof x !== "number" || typeof y !== "number") return false;
  const diff = a.k - b.k;
  if (diff === 0) {
    scaledA = x;
    scaledB = y;
  } else if (diff > 0) {
    if (diff > 15) return false;
    scaledA = x;
    scaledB = y * POW10_DOUBLE[diff]!;
    if (!Number.isSafeInteger(scaledB)) return false;
  } else {
    if (diff < -15) return false;
    scaledA = x * POW10_DOUBLE[-diff]!;
    scaledB = y;
    if (!Number.isSafeInteger(scaledA)) return false;
  }
  scale = diff >= 0 ? a.k : b.k;
  return true;
}

function alignedBig(a: Exact, b: Exact): [bigint, bigint, number] {
  const x = big(a.n);
  const y = big(b.n);
  if (a.k === b.k) return [x, y, a.k];
  return a.k > b.k ? [x, y * pow10(a.k - b.k), a.k] : [x * pow10(b.k - a.k), y, b.k];
}

export function add(a: Exact, b: Exact): Exact {
  if (alignedDoubles(a, b)) {
    const sum = scaledA + scaledB;
    // Exact whenever the true sum is a safe integer; anything larger fails the check.
    if (Number.isSafeInteger(sum)) return { n: sum, k: scale };
  }
  const [x, y, k] = alignedBig(a, b);
  return rounded(x + y, k);
}

export function sub(a: Exact, b: Exact): Exact {
  if (alignedDoubles(a, b)) {
    const difference = scaledA - scaledB;
    if (Number.isSafeInteger(difference)) return { n: difference + 0, k: scale };
  }
  const [x, y, k] = alignedBig(a, b);
  return rounded(x - y, k);
}

export function mul(a: Exact, b: Exact): Exact {
  if (typeof a.n === "number" && typeof b.n === "number") {
    const product = a.n * b.n;
    if (Number.isSafeInteger(product)) return { n: product + 0, k: a.k + b.k };
  }
  return rounded(big(a.n) * big(b.n), a.k + b.k);
}

export function cmp(a: Exact, b: Exact): number {
  if (alignedDoubles(a, b)) return scaledA < scaledB ? -1 : scaledA > scaledB ? 1 : 0;
  const [x, y] = alignedBig(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export const min = (a: Exact, b: Exact): Exact => (cmp(b, a) < 0 ? b : a);

/**
 * x^e for a small integer e, when decimal.js's `pow` gives it exactly (the exact power has at most
 * PRECISION digits: its integer powers round only longer results); undefined otherwise.
 */
export function exactPower(x: Exact, e: number): Exact | undefined {
  const base = big(x.n);
  let n = 1n;
  for (let i = 0; i < e; i++) n *= base;
  return abs(n) < LIMIT ? make(n, x.k * e) : undefined;
}

/** a / b rounded to PRECISION significant digits, half away from zero: decimal.js's `dividedBy`. */
export function div(a: Exact, b: Exact): Exact {
  if (b.n == 0) throw new NotExact();
  if (a.n == 0) return ZERO;
  // A whole quotient of doubles (a price over its tick) is exact: decimal.js returns it as it is.
  if (alignedDoubles(a, b) && scaledA % scaledB === 0) return { n: scaledA / scaledB + 0, k: 0 };
  const negative = a.n < 0 !== b.n < 0;
  // |a| / |b| = num / den, both integers.
  let num = abs(big(a.n));
  let den = abs(big(b.n));
  if (a.k > b.k) den *= pow10(a.k - b.k);
  else num *= pow10(b.k - a.k);
  // Scale so that the integer quotient has exactly PRECISION digits.
  let shift = PRECISION - (digits(num) - digits(den)) - 1;
  let q = scaledQuotient(num, den, shift);
  if (q >= LIMIT) q = scaledQuotient(num, den, --shift);
  else if (q < LIMIT / 10n) q = scaledQuotient(num, den, ++shift);
  const scaled = shift >= 0 ? num * pow10(shift) : num;
  const divisor = shift >= 0 ? den : den * pow10(-shift);
  if ((scaled - q * divisor) * 2n >= divisor) q += 1n;
  const n = negative ? -q : q;
  return shift >= 0 ? make(n, shift) : make(n * pow10(-shift), 0);
}

function scaledQuotient(num: bigint, den: bigint, shift: number): bigint {
  return shift >= 0 ? (num * pow10(shift)) / den : num / (den * pow10(-shift));
}

export const ROUND_DOWN = Decimal.ROUND_DOWN;
export const ROUND_CEIL = Decimal.ROUND_CEIL;
export const ROUND_HALF_UP = Decimal.ROUND_HALF_UP;
export const ROUND_HALF_EVEN = Decimal.ROUND_HALF_EVEN;

/**
 * What a rounding mode adds to a truncated quotient (toward zero): ±1 or 0, from whether anything was
 * cut off, how twice the cut-off compares with the unit (-1, 0, 1), the quotient's parity and the sign.
 */
function step(rounding: number, cut: boolean, half: number, odd: boolean, positive: boolean): number {
  if (!cut) return 0;
  const away = positive ? 1 : -1;
  if (rounding === ROUND_CEIL) return positive ? 1 : 0;
  if (rounding === ROUND_HALF_UP) return half >= 0 ? away : 0;
  if (rounding === ROUND_HALF_EVEN) return half > 0 || (half === 0 && odd) ? away : 0;
  return 0;
}

/** decimal.js's `toDecimalPlaces(places, rounding)` for the roundings the walk uses (down, ceil, half-up, half-even). */
export function toPlaces(x: Exact, places: number, rounding: number): Exact {
  if (rounding !== ROUND_DOWN && rounding !== ROUND_CEIL && rounding !== ROUND_HALF_UP && rounding !== ROUND_HALF_EVEN) throw new NotExact();
  if (x.k <= places) return x;
  const n = x.n;
  const drop = x.k - places;
  if (typeof n === "number" && drop <= 15 && Math.abs(n) <= HALF_SAFE) {
    const unit = POW10_DOUBLE[drop]!;
    // The double quotient is within one of the true one: one correction makes it exact.
    let q = Math.trunc(n / unit);
    let r = n - q * unit;
    if (n >= 0 ? r < 0 : r > 0) {
      q += n >= 0 ? -1 : 1;
      r += n >= 0 ? unit : -unit;
    } else if (Math.abs(r) >= unit) {
      q += n >= 0 ? 1 : -1;
      r -= n >= 0 ? unit : -unit;
    }
    return { n: q + step(rounding, r !== 0, Math.sign(Math.abs(r) * 2 - unit), q % 2 !== 0, n > 0) + 0, k: places };
  }
  const value = big(n);
  const unit = pow10(drop);
  const q = value / unit;
  const twice = abs(value - q * unit) * 2n;
  const half = twice > unit ? 1 : twice < unit ? -1 : 0;
  return make(q + BigInt(step(rounding, twice !== 0n, half, (q & 1n) !== 0n, value > 0n)), places);
}

/** decimal.js's `toString()`: trailing zeros dropped, exponential notation outside (toExpNeg, toExpPos). */
export function toText(x: Exact): string {
  if (x.n == 0) return "0";
  if (typeof x.n === "number" && x.k <= 15 && Math.abs(x.n) < 1e15) {
    // At most 15 significant digits survive a double exactly, and JavaScript then writes exactly
    // them — in plain notation from 1e-6 up, as decimal.js does.
    const value = x.n / POW10_DOUBLE[x.k]!;
    if (Math.abs(value) >= 1e-6) return String(value);
  }
  const negative = x.n < 0;
  let text = typeof x.n === "number" ? String(Math.abs(x.n)) : abs(x.n).toString();
  let k = x.k;
  let end = text.length;
  while (end > 1 && k > 0 && text.charCodeAt(end - 1) === 48) {
    end--;
    k--;
  }
  text = text.slice(0, end);
  const sign = negative ? "-" : "";
  // Exponent of the leading digit, as decimal.js's `e`.
  const e = text.length - 1 - k;
  if (e <= TO_EXP_NEG || e >= TO_EXP_POS) {
    let last = text.length;
    while (last > 1 && text.charCodeAt(last - 1) === 48) last--;
    const mantissa = text.slice(0, last);
    return `${sign}${mantissa[0]}${mantissa.length > 1 ? `.${mantissa.slice(1)}` : ""}e${e < 0 ? "" : "+"}${e}`;
  }
  if (k === 0) return sign + text;
  if (k >= text.length) return `${sign}0.${"0".repeat(k - text.length)}${text}`;
  return `${sign}${text.slice(0, text.length - k)}.${text.slice(text.length - k)}`;
}
