/**
 * Order-book levels: which levels count (positive size, 0 < price < 1), a book's best usable ask,
 * and books read from `market` records, whose levels keep their text. A scan looks at the best ask
 * of most books and stops there (no edge), so a record's book builds its ladders — and each level
 * its Decimals — only when something reads them; its best ask is found on the texts.
 */
import { Decimal } from "../decimal.ts";
import type { BookRecord } from "../records/market.ts";
import { LineBook } from "../records/market-line.ts";
import type { BookLevel, OrderBook } from "./types.ts";

const ONE = new Decimal(1);

/**
 * A level worth looking at: positive size, price strictly between 0 and 1 (constants: no parsing in
 * the loop). A level read from a record answers from its text (`usable`) without building Decimals.
 */
export function isUsable(level: BookLevel): boolean {
  const usable = level.usable;
  if (usable !== undefined) return usable;
  return level.size.isPositive() && !level.size.isZero() && level.price.isPositive() && !level.price.isZero() && level.price.lt(ONE);
}

/** The first usable ask best-first (the lowest usable price; the first of equal ones), or undefined. */
export function bestAsk(book: OrderBook): BookLevel | undefined {
  return book instanceof RecordBook ? book.bestAsk() : firstUsable(book.asks);
}

function firstUsable(levels: readonly BookLevel[]): BookLevel | undefined {
  for (const level of levels) if (isUsable(level)) return level;
  return undefined;
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
    readonly sizeText: string,
  ) {}
  /** size > 0 and 0 < price < 1, as `isUsable` decides it on the Decimals (texts already match the record form). */
  get usable(): boolean {
    return (this.#usable ??= isUsableText(this.priceText, this.sizeText));
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

export type LevelText = { price: string; size: string };

const isUsableText = (price: string, size: string) => isPositiveText(size) && isPositiveText(price) && isBelowOneText(price);

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
function levels(ladder: Ladder, descending: boolean): BookLevel[] {
  const out = typeof ladder === "string" ? levelsInText(ladder) : ladder.map((level) => new RecordLevel(level.price, level.size));
  for (let i = 1; i < out.length; i++) {
    const order = compareDecimalText(out[i - 1]!.priceText, out[i]!.priceText);
    if (descending ? order < 0 : order > 0) return out.sort(byPrice(descending));
  }
  return out;
}
const byPrice = (descending: boolean) => (a: BookLevel, b: BookLevel) => (descending ? b.price.comparedTo(a.price) : a.price.comparedTo(b.price));

/**
 * The lowest usable ask on the texts, the first of equal prices: the level a stable best-first sort
 * puts first. After the first usable level only a lower price needs the usable check (a ladder in
 * order needs none).
 */
function lowestUsable(list: readonly LevelText[]): BookLevel | undefined {
  let best: LevelText | undefined;
  for (const level of list) {
    if (best ? compareDecimalText(level.price, best.price) < 0 && isUsableText(level.price, level.size) : isUsableText(level.price, level.size)) best = level;
  }
  return best && new RecordLevel(best.price, best.size);
}

/**
 * Values repeated across a file — book prices (a few hundred ticks), common sizes, fee rates,
 * exponents, ticks, minimum sizes — parsed once each: one Decimal per text (Decimals are immutable).
 */
const shared = new Map<string, Decimal>();
export function sharedDecimal(text: string): Decimal {
  let value = shared.get(text);
  if (value === undefined) {
    if (shared.size >= 20_000) shared.clear();
    value = new Decimal(text);
    shared.set(text, value);
  }
  return value;
}

/**
 * A ladder as read: its parsed levels, or its text in a line as core/records/market-line.ts checked
 * it (`{"price":"P","size":"S"},…`, nothing else), where each price and size sits at a known offset:
 * `{"price":"` before the first price, `","size":"` between a price and its size, `"},{"price":"`
 * from a size to the next price.
 */
type Ladder = readonly LevelText[] | string;
const FIRST_PRICE = 10;
const PRICE_TO_SIZE = 10;
const SIZE_TO_PRICE = 13;

/** The levels of a ladder's text, in its order. */
function levelsInText(text: string): RecordLevel[] {
  const out: RecordLevel[] = [];
  for (let start = FIRST_PRICE; start < text.length; ) {
    const priceEnd = text.indexOf('"', start);
    const sizeEnd = text.indexOf('"', priceEnd + PRICE_TO_SIZE);
    out.push(new RecordLevel(text.slice(start, priceEnd), text.slice(priceEnd + PRICE_TO_SIZE, sizeEnd)));
    start = sizeEnd + SIZE_TO_PRICE;
  }
  return out;
}

/**
 * Whether text[start, end) is below `best` (decimal texts of the record form; `dot`: best's point,
 * -1 without). Compared in place when both have the same shape — as compareDecimalText's common
 * case: no sign, same length, point in the same place, so the text order is the numeric order.
 */
function belowAt(text: string, start: number, end: number, best: string, dot: number): boolean {
  const n = end - start;
  if (n === best.length && text.charCodeAt(start) !== 45 && best.charCodeAt(0) !== 45) {
    const at = text.indexOf(".", start);
    if ((at >= 0 && at < end ? at - start : -1) === dot) {
      for (let i = 0; i < n; i++) {
        const a = text.charCodeAt(start + i);
        const b = best.charCodeAt(i);
        if (a !== b) return a < b;
      }
      return false;
    }
  }
  return compareDecimalText(text.slice(start, end), best) < 0;
}

/**
 * `lowestUsable` on a ladder's text: in that form each price and size sits at a known offset, and a
 * price is cut out only when it is below the best so far (most ladders are in order: the first only).
 */
function lowestUsableInText(text: string): BookLevel | undefined {
  let best: string | undefined;
  let dot = -1;
  let bestSize = "";
  for (let start = FIRST_PRICE; start < text.length; ) {
    const priceEnd = text.indexOf('"', start);
    const sizeStart = priceEnd + PRICE_TO_SIZE;
    const sizeEnd = text.indexOf('"', sizeStart);
    if (best === undefined || belowAt(text, start, priceEnd, best, dot)) {
      const price = text.slice(start, priceEnd);
      const size = text.slice(sizeStart, sizeEnd);
      if (isUsableText(price, size)) {
        best = price;
        dot = price.indexOf(".");
        bestSize = size;
      }
    }
    start = sizeEnd + SIZE_TO_PRICE;
  }
  return best === undefined ? undefined : new RecordLevel(best, bestSize);
}

/**
 * A book read from its record; levels are re-sorted best-first whatever order the file had. Both
 * ladders are built on first use (a scan reads the best ask, found on the texts, and walks the asks
 * only where there is an edge), and every level's Decimals on first read.
 *
 * The asks are kept as read (a scan may walk them); the bids, which a scan never reads, are kept as
 * their text, or read again from the record's line when `bidsAgain` is given, so that the parsed
 * ones need not stay alive. A class (getters on the prototype): cheaper to create than an object
 * literal with accessors — a recording builds thousands. Spreading one (`{...book}`) drops its ladders.
 */
export class RecordBook implements OrderBook {
  #askLadder: Ladder | undefined;
  #bidLadder: Ladder | (() => readonly LevelText[]) | undefined;
  #asks: BookLevel[] | undefined;
  #bids: BookLevel[] | undefined;
  /** The best usable ask found on the texts (null: none), while the ladder is not built. */
  #best: BookLevel | null | undefined;
  hash?: string;
  constructor(
    public token_id: string,
    public timestamp: number,
    hash: string | undefined,
    asks: Ladder,
    bids: Ladder | (() => readonly LevelText[]),
  ) {
    if (hash !== undefined) this.hash = hash;
    this.#askLadder = asks;
    this.#bidLadder = bids;
  }
  get asks(): BookLevel[] {
    if (this.#asks === undefined) {
      this.#asks = levels(this.#askLadder!, false);
      this.#askLadder = undefined;
    }
    return this.#asks;
  }
  set asks(value: BookLevel[]) {
    this.#asks = value;
    this.#askLadder = undefined;
  }
  get bids(): BookLevel[] {
    if (this.#bids === undefined) {
      const ladder = this.#bidLadder!;
      this.#bids = levels(typeof ladder === "function" ? ladder() : ladder, true);
      this.#bidLadder = undefined;
    }
    return this.#bids;
  }
  set bids(value: BookLevel[]) {
    this.#bids = value;
    this.#bidLadder = undefined;
  }
  /** The first usable ask best-first: on the texts while the ladder is not built. */
  bestAsk(): BookLevel | undefined {
    const ladder = this.#askLadder;
    if (ladder === undefined) return firstUsable(this.asks);
    if (this.#best === undefined) this.#best = (typeof ladder === "string" ? lowestUsableInText(ladder) : lowestUsable(ladder)) ?? null;
    return this.#best ?? undefined;
  }
}

/**
 * A book from its record (see RecordBook): a book read from a line (core/records/market-line.ts)
 * keeps its ladders' texts; `bidsAgain` reads a parsed record's bids again from its line.
 */
export function bookFromRecord(record: BookRecord, timestamp = Date.parse(record.timestamp), bidsAgain?: () => readonly LevelText[]): OrderBook {
  if (record instanceof LineBook) return new RecordBook(record.token_id, timestamp, record.hash, record.asksText, record.bidsText);
  return new RecordBook(record.token_id, timestamp, record.hash, record.asks, bidsAgain ?? record.bids);
}
