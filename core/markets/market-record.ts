/**
 * `Market` ↔ `market` record. Building a record turns Decimals into strings and times into ISO-8601;
 * reading one back (scan reading `pm-arb markets --books` from stdin) turns them into Decimals and
 * milliseconds again. Reading assumes a record already validated by `marketRecordSchema`.
 */
import { Decimal } from "../decimal.ts";
import type { BookRecord, MarketRecord } from "../records/market.ts";
import type { BookLevel, FeeState, Market, OrderBook } from "./types.ts";

export type MarketFields = Omit<MarketRecord, "type" | "v" | "ts">;

const iso = (ms: number) => new Date(ms).toISOString();
const levelText = (levels: BookLevel[]) => levels.map((level) => ({ price: level.price.toString(), size: level.size.toString() }));

export function bookRecord(book: OrderBook): BookRecord {
  return { token_id: book.token_id, timestamp: iso(book.timestamp), ...(book.hash ? { hash: book.hash } : {}), bids: levelText(book.bids), asks: levelText(book.asks) };
}

export function marketFields(market: Market): MarketFields {
  const fields: MarketFields = {
    id: market.id,
    condition_id: market.condition_id,
    slug: market.slug,
    question: market.question,
    symbol: market.symbol,
    kind: market.kind,
    end: iso(market.end),
    resolution: market.resolution,
    outcomes: Object.fromEntries(market.outcomes.map((outcome) => [outcome.label, outcome.token_id])),
    fee_status: market.fee.status,
    fee: null,
    tick_size: market.tick_size.toString(),
    min_size: market.min_size.toString(),
    neg_risk: market.neg_risk,
    accepting_orders: market.accepting_orders,
  };
  if (market.window) fields.window = market.window;
  if (market.strike) fields.strike = market.strike.toString();
  if (market.low) fields.low = market.low.toString();
  if (market.high) fields.high = market.high.toString();
  if (market.barrier) fields.barrier = market.barrier.toString();
  if (market.direction) fields.direction = market.direction;
  if (market.window_start !== undefined) fields.window_start = iso(market.window_start);
  if (market.fee.status === "enabled") {
    const s = market.fee.schedule;
    fields.fee = { rate: s.rate.toString(), exponent: s.exponent.toString(), taker_only: s.taker_only, source: s.source };
  }
  if (market.fee.status === "unknown") fields.fee_note = market.fee.reason;
  if (market.books) {
    const books: Record<string, BookRecord> = {};
    for (const outcome of market.outcomes) {
      const book = market.books[outcome.token_id];
      if (book) books[outcome.label] = bookRecord(book);
    }
    fields.books = books;
  }
  return fields;
}

/**
 * A level read from a record: its Decimals are built on first read. A scan looks at one or two
 * levels of most books (the walk stops at the first level without edge), and building all of them
 * was most of reading a file (~80 Decimals a market).
 */
export class RecordLevel implements BookLevel {
  #price: Decimal | undefined;
  #size: Decimal | undefined;
  #usable: boolean | undefined;
  constructor(
    readonly priceText: string,
    private readonly sizeText: string,
  ) {}
  /** size > 0 and 0 < price < 1, as `isUsable` decides it on the Decimals (texts already match the record form). */
  get usable(): boolean {
    return (this.#usable ??= isPositiveText(this.sizeText) && isPositiveText(this.priceText) && isBelowOneText(this.priceText));
  }
  get price(): Decimal {
    return (this.#price ??= sharedDecimal(this.priceText));
  }
  set price(value: Decimal) {
    this.#price = value;
  }
  get size(): Decimal {
    return (this.#size ??= sharedDecimal(this.sizeText));
  }
  set size(value: Decimal) {
    this.#size = value;
  }
  toJSON() {
    return { price: this.price, size: this.size };
  }
}

/**
 * Compares two decimal strings of the record form (`-?\d+(\.\d+)?`) exactly, without parsing them:
 * sign, then integer digits (leading zeros aside) by length and value, then the fraction digit by
 * digit (trailing zeros aside). -0 equals 0.
 */
export function compareDecimalText(a: string, b: string): number {
  // The common case: same shape ("0.292" vs "0.293": no sign, digits in the same places) — the text
  // order is the numeric order.
  if (a.length === b.length && a.charCodeAt(0) !== 45 && b.charCodeAt(0) !== 45 && a.indexOf(".") === b.indexOf(".")) {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const signA = isNegative(a) ? -1 : 1;
  const signB = isNegative(b) ? -1 : 1;
  if (signA !== signB) return signA - signB > 0 ? 1 : -1;
  return signA * compareMagnitude(a, a.charCodeAt(0) === 45 ? 1 : 0, b, b.charCodeAt(0) === 45 ? 1 : 0) || 0;
}

/** Strictly positive: no sign and a non-zero digit ("-0" is not positive for Decimal either). */
function isPositiveText(text: string): boolean {
  if (text.charCodeAt(0) === 45) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 48 && c <= 57) return true;
  }
  return false;
}

/** Below 1 for a non-negative text: every digit before the point is 0. */
function isBelowOneText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) return true;
    if (c !== 48) return false;
  }
  return true;
}

/** Negative and not zero ("-0.00" is zero). */
function isNegative(text: string): boolean {
  if (text.charCodeAt(0) !== 45) return false;
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 48 && c !== 46) return true;
  }
  return false;
}

function compareMagnitude(a: string, startA: number, b: string, startB: number): number {
  let i = startA;
  let j = startB;
  while (i < a.length - 1 && a.charCodeAt(i) === 48 && a.charCodeAt(i + 1) !== 46) i++;
  while (j < b.length - 1 && b.charCodeAt(j) === 48 && b.charCodeAt(j + 1) !== 46) j++;
  let dotA = a.indexOf(".", i);
  let dotB = b.indexOf(".", j);
  if (dotA < 0) dotA = a.length;
  if (dotB < 0) dotB = b.length;
  const intA = dotA - i;
  const intB = dotB - j;
  if (intA !== intB) return intA < intB ? -1 : 1;
  for (let k = 0; k < intA; k++) {
    const d = a.charCodeAt(i + k) - b.charCodeAt(j + k);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  // Fractions: digit by digit, a missing digit being 0.
  const fracA = a.length - dotA - 1;
  const fracB = b.length - dotB - 1;
  const n = Math.max(fracA, fracB);
  for (let k = 0; k < n; k++) {
    const da = k < fracA ? a.charCodeAt(dotA + 1 + k) : 48;
    const db = k < fracB ? b.charCodeAt(dotB + 1 + k) : 48;
    if (da !== db) return da < db ? -1 : 1;
  }
  return 0;
}

/**
 * Levels best-first: kept in the file's order when it already is best-first (checked exactly on the
 * text), otherwise sorted — on Decimals, as before, stable for equal prices.
 */
function levels(list: readonly { price: string; size: string }[], descending: boolean): BookLevel[] {
  const out: BookLevel[] = list.map((level) => new RecordLevel(level.price, level.size));
  for (let i = 1; i < list.length; i++) {
    const order = compareDecimalText(list[i - 1]!.price, list[i]!.price);
    if (descending ? order < 0 : order > 0) return out.sort(byPrice(descending));
  }
  return out;
}
const byPrice = (descending: boolean) => (a: BookLevel, b: BookLevel) => (descending ? b.price.comparedTo(a.price) : a.price.comparedTo(b.price));

/**
 * Values repeated across a file — book prices (a few hundred ticks), common sizes, fee rates,
 * exponents, ticks, minimum sizes — parsed once each: one Decimal per text (Decimals are immutable).
 */
const shared = new Map<string, Decimal>();
function sharedDecimal(text: string): Decimal {
  let value = shared.get(text);
  if (value === undefined) {
    if (shared.size >= 20_000) shared.clear();
    value = new Decimal(text);
    shared.set(text, value);
  }
  return value;
}

/**
 * A book from its record; levels are re-sorted best-first whatever order the file had. The bids are
 * built on first use (a scan only walks the asks), and every level's Decimals on first read.
 */
export function bookFromRecord(record: BookRecord): OrderBook {
  let bids: BookLevel[] | undefined;
  return {
    token_id: record.token_id,
    timestamp: Date.parse(record.timestamp),
    hash: record.hash,
    get bids() {
      return (bids ??= levels(record.bids, true));
    },
    set bids(value: BookLevel[]) {
      bids = value;
    },
    asks: levels(record.asks, false),
  };
}

export function marketFromRecord(record: MarketFields): Market {
  const fee: FeeState =
    record.fee_status === "enabled" && record.fee
      ? { status: "enabled", schedule: { rate: sharedDecimal(record.fee.rate), exponent: sharedDecimal(record.fee.exponent), taker_only: record.fee.taker_only, source: record.fee.source } }
      : record.fee_status === "disabled"
        ? { status: "disabled" }
        : { status: "unknown", reason: record.fee_note ?? (record.fee_status === "enabled" ? "fee_status enabled without a schedule" : "unknown") };
  const outcomes = Object.entries(record.outcomes).map(([label, token_id]) => ({ label, token_id }));
  const market: Market = {
    id: record.id,
    condition_id: record.condition_id,
    slug: record.slug,
    question: record.question,
    symbol: record.symbol,
    kind: record.kind,
    end: Date.parse(record.end),
    resolution: record.resolution,
    outcomes,
    fee,
    tick_size: sharedDecimal(record.tick_size),
    min_size: sharedDecimal(record.min_size),
    neg_risk: record.neg_risk,
    accepting_orders: record.accepting_orders,
  };
  if (record.window) market.window = record.window;
  if (record.strike) market.strike = new Decimal(record.strike);
  if (record.low) market.low = new Decimal(record.low);
  if (record.high) market.high = new Decimal(record.high);
  if (record.barrier) market.barrier = new Decimal(record.barrier);
  if (record.direction) market.direction = record.direction;
  if (record.window_start) market.window_start = Date.parse(record.window_start);
  if (record.books) {
    market.books = {};
    for (const book of Object.values(record.books)) market.books[book.token_id] = bookFromRecord(book);
  }
  return market;
}
