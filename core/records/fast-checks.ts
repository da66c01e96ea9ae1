/**
 * Hand-written checks for the records `scan` reads in bulk (`market`, `price`): each says yes exactly
 * when the record's zod schema (core/records/market.ts, price.ts — the reference) accepts it, at a
 * fraction of the cost and without loading zod. test/core/records/fast-checks.test.ts holds them
 * to the schemas on a corpus of good records and of mutations of every field. A record a check
 * refuses goes through the schema, which words the error (`readRecords` with a `RecordCheck`).
 *
 * Keep in step with the schemas: a field added there is added here (the test fails until it is).
 */
import { isFeeRate, isPositive } from "./decimal-rules.ts";

/** The schemas' `tokenId` and symbol patterns (`decimalString`'s, /^-?\d+(\.\d+)?$/, is `isDecimal`). */
const TOKEN_ID = /^\d{1,100}$/;
const SYMBOL = /^[A-Z][A-Z0-9]{1,9}$/;
const CONDITION_ID = /^0x[0-9a-fA-F]{64}$/;
/** zod 4's `z.iso.datetime()` (UTC "Z" only, seconds required, any fraction): its regexes.datetime({}). */
const DATE = "(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))";
const ISO_DATETIME = new RegExp(`^${DATE}T(?:(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?(?:Z))$`);

type Obj = Record<string, unknown>;

/** zod's object check: a non-null object that is not an array. */
const isObject = (value: unknown): value is Obj => typeof value === "object" && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === "string";
/** `decimalString` by hand: a book holds some 80 of them a market, and this is cheaper than the regex's call. */
function isDecimal(value: unknown): boolean {
  if (typeof value !== "string") return false;
  const n = value.length;
  let i = n > 0 && value.charCodeAt(0) === 45 ? 1 : 0;
  const start = i;
  while (i < n && isDigit(value.charCodeAt(i))) i++;
  if (i === start) return false;
  if (i === n) return true;
  if (value.charCodeAt(i) !== 46) return false;
  const fraction = ++i;
  while (i < n && isDigit(value.charCodeAt(i))) i++;
  return i === n && i > fraction;
}
const isDigit = (c: number) => c >= 48 && c <= 57;
/** `positiveDecimal`, `feeRate` (fields.ts): a decimal, and its value rule. */
const isPositiveDecimal = (value: unknown) => isDecimal(value) && isPositive(value as string);
const isFeeRateDecimal = (value: unknown) => isDecimal(value) && isFeeRate(value as string);

/** Datetimes accepted so far: a recording repeats its stamps, book times and market ends. */
const accepted = new Set<string>();
export function isIso(value: unknown): boolean {
  if (typeof value !== "string") return false;
  if (accepted.has(value)) return true;
  if (!ISO_DATETIME.test(value)) return false;
  if (accepted.size >= 10_000) accepted.clear();
  accepted.add(value);
  return true;
}
const isTokenId = (value: unknown) => typeof value === "string" && TOKEN_ID.test(value);
/** `z.number().int().nonnegative()`. */
const isCount = (value: unknown) => typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
/** `.optional()`: absent (undefined) or valid. */
const optional = (value: unknown, check: (value: unknown) => boolean) => value === undefined || check(value);
/** `.nullable()`. */
const nullable = (value: unknown, check: (value: unknown) => boolean) => value === null || check(value);

const KINDS = new Set(["updown", "above", "range", "touch"]);
const WINDOWS = new Set(["5m", "15m", "1h", "4h", "1d"]);
const DIRECTIONS = new Set(["up", "down"]);
const RESOLUTION_SOURCES = new Set(["chainlink", "binance", "other"]);
const FEE_STATUSES = new Set(["enabled", "disabled", "unknown"]);
const PROVIDERS = new Set(["binance", "coinbase", "kraken", "coingecko", "pyth", "rtds"]);
const inSet = (set: ReadonlySet<string>) => (value: unknown) => typeof value === "string" && set.has(value);
const isProvider = inSet(PROVIDERS);
const isKind = inSet(KINDS);
const isWindow = inSet(WINDOWS);
const isDirection = inSet(DIRECTIONS);
const isResolutionSource = inSet(RESOLUTION_SOURCES);
const isFeeStatus = inSet(FEE_STATUSES);

function isLevels(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) {
    const level = value[i];
    if (!isObject(level) || !isDecimal(level.price) || !isDecimal(level.size)) return false;
  }
  return true;
}

/** `bookSchema`. */
function isBook(value: unknown): boolean {
  return isObject(value) && isTokenId(value.token_id) && isIso(value.timestamp) && optional(value.hash, isString) && isLevels(value.bids) && isLevels(value.asks);
}

/** `z.record(z.string(), check)`: every own key's value passes. */
function isRecordOf(value: unknown, check: (value: unknown) => boolean): value is Obj {
  if (!isObject(value)) return false;
  for (const key in value) if (Object.hasOwn(value, key) && !check(value[key])) return false;
  return true;
}
const isBooks = (books: unknown) => isRecordOf(books, isBook);

/** Own keys of an object, counted without building their list. */
function ownKeyCount(value: Obj): number {
  let count = 0;
  for (const key in value) if (Object.hasOwn(value, key)) count++;
  return count;
}

function isFeeSchedule(value: unknown): boolean {
  return isObject(value) && isFeeRateDecimal(value.rate) && isDecimal(value.exponent) && typeof value.taker_only === "boolean" && isString(value.source) && value.source.length >= 1;
}

const NEEDS: Record<string, readonly string[]> = { updown: ["window", "window_start"], above: ["strike"], range: ["low", "high"], touch: ["barrier", "direction"] };

/** True exactly when `marketRecordSchema` accepts the value. */
export function isMarketRecord(value: unknown): boolean {
  if (!isObject(value)) return false;
  const r = value;
  const valid =
    r.type === "market" &&
    r.v === 1 &&
    isIso(r.ts) &&
    isString(r.id) &&
    r.id.length >= 1 &&
    isString(r.condition_id) &&
    CONDITION_ID.test(r.condition_id) &&
    isString(r.slug) &&
    r.slug.length >= 1 &&
    isString(r.question) &&
    isString(r.symbol) &&
    SYMBOL.test(r.symbol) &&
    isKind(r.kind) &&
    optional(r.window, isWindow) &&
    optional(r.strike, isDecimal) &&
    optional(r.low, isDecimal) &&
    optional(r.high, isDecimal) &&
    optional(r.barrier, isDecimal) &&
    optional(r.direction, isDirection) &&
    optional(r.window_start, isIso) &&
    isIso(r.end) &&
    isObject(r.resolution) &&
    isResolutionSource(r.resolution.source) &&
    isString(r.resolution.detail) &&
    isRecordOf(r.outcomes, isTokenId) &&
    isFeeStatus(r.fee_status) &&
    nullable(r.fee, isFeeSchedule) &&
    optional(r.fee_note, isString) &&
    isPositiveDecimal(r.tick_size) &&
    isDecimal(r.min_size) &&
    typeof r.neg_risk === "boolean" &&
    typeof r.accepting_orders === "boolean" &&
    optional(r.books, isBooks);
  if (!valid) return false;
  // The schema's refinements: each kind's fields, two outcomes at least, a schedule when enabled.
  for (const key of NEEDS[r.kind as string]!) if (r[key] === undefined) return false;
  if (ownKeyCount(r.outcomes as Obj) < 2) return false;
  return !(r.fee_status === "enabled" && r.fee === null);
}

function isRejectedSource(value: unknown): boolean {
  return isObject(value) && isProvider(value.source) && isDecimal(value.price) && isDecimal(value.deviation_bps);
}

function isFailure(value: unknown): boolean {
  return isObject(value) && isProvider(value.provider) && isString(value.error);
}

const arrayOf = (check: (value: unknown) => boolean) => (value: unknown) => Array.isArray(value) && value.every((item) => check(item));

/** True exactly when `priceRecordSchema` accepts the value. */
export function isPriceRecord(value: unknown): boolean {
  if (!isObject(value)) return false;
  const r = value;
  return (
    r.type === "price" &&
    r.v === 1 &&
    isIso(r.ts) &&
    isString(r.symbol) &&
    SYMBOL.test(r.symbol) &&
    nullable(r.price, isPositiveDecimal) &&
    nullable(r.source, (source) => source === "median" || isProvider(source)) &&
    arrayOf(isProvider)(r.sources) &&
    nullable(r.source_ts, isIso) &&
    nullable(r.received_at, isIso) &&
    nullable(r.age_ms, isCount) &&
    typeof r.stale === "boolean" &&
    optional(r.spread, isDecimal) &&
    optional(r.spread_bps, isDecimal) &&
    optional(r.rejected, arrayOf(isRejectedSource)) &&
    optional(r.settlement, (v) => nullable(v, isPositiveDecimal)) &&
    optional(r.settlement_ts, (v) => nullable(v, isIso)) &&
    optional(r.settlement_age_ms, (v) => nullable(v, isCount)) &&
    optional(r.basis, (v) => nullable(v, isDecimal)) &&
    optional(r.basis_bps, (v) => nullable(v, isDecimal)) &&
    optional(r.basis_samples, isCount) &&
    optional(r.failures, arrayOf(isFailure))
  );
}
