/**
 * A `market` line read without parsing its ladders. Book levels are some 80% of a `market --books`
 * line and of what JSON.parse builds from it, and a scan reads one or two levels of most books and
 * no bids at all. For a line whose books are written as pm-arb writes them (no whitespace, keys
 * token_id, timestamp, hash?, bids, asks; levels `{"price":"…","size":"…"}`), one regex checks every
 * book and finds its ladders' texts; JSON.parse reads only the rest of the line. Any other line —
 * whitespace, escapes, other key orders, a label that would not keep its place — gets `undefined`,
 * and goes through JSON.parse and `isMarketRecord` as before.
 *
 * Why this is the same as `JSON.parse` + `isMarketRecord` (test/core/records/market-line.test.ts
 * holds it to them on written records and on mutations of them):
 * - The line is split at the first `,"books":{`. The `"` after a `,` is a string delimiter (only a
 *   backslash escapes it), and an opening one (a closing quote followed by `b` is not JSON), so this
 *   is a key "books" whose value is an object — at some depth. The head (everything before the
 *   comma) with a `}` appended must parse as an object: then the comma sits between members of the
 *   top-level object, and the line is that object plus a last member `"books": <tail>`.
 * - The tail must match BOOK (sticky, book after book) up to `}}` at the end of the line. What it
 *   accepts is JSON whose strings hold no escape or control character, so the captured texts are the
 *   parsed strings; token ids, ladders and levels are checked by the pattern itself (the schemas'
 *   patterns), timestamps by `isIso`.
 * - Labels must be distinct (JSON.parse keeps the last of equal keys), must not look like array
 *   indices (objects list those first) and must not be `__proto__`; token ids must be distinct (the
 *   Market keys its books by them); the head must not have a `books` key of its own.
 * - The head without books passes `isMarketRecord` exactly when the whole record does: no other check
 *   looks at books.
 */
import type { BookRecord, MarketRecord } from "./market.ts";
import { isIso, isMarketRecord } from "./fast-checks.ts";

/** The schema's decimal string (/^-?\d+(\.\d+)?$/) and a JSON string's text without escapes or control characters. */
const DECIMAL = String.raw`-?\d+(?:\.\d+)?`;
const PLAIN = String.raw`[^"\\\x00-\x1f]*`;
const LEVEL = String.raw`\{"price":"${DECIMAL}","size":"${DECIMAL}"\}`;
const LEVELS = `(?:${LEVEL}(?:,${LEVEL})*)?`;
/** One book: label, token id, timestamp, hash, bids' and asks' texts, and what follows (`,` another book, `}` the end). */
const BOOK = new RegExp(String.raw`"(${PLAIN})":\{"token_id":"(\d{1,100})","timestamp":"(${PLAIN})",(?:"hash":"(${PLAIN})",)?"bids":\[(${LEVELS})\],"asks":\[(${LEVELS})\]\}([,}])`, "y");
const BOOKS_KEY = ',"books":{';
/** Labels that an object would not keep in their written place, or that an assignment would not store. */
const MISPLACED = /^(?:\d|__proto__$)/;

/**
 * A book read from a line: its ladders kept as their texts (`{"price":"…","size":"…"},…`), parsed on
 * first read. A plain `BookRecord` to any reader; core/markets/book-levels.ts reads the texts.
 */
export class LineBook implements BookRecord {
  #bids: BookRecord["bids"] | undefined;
  #asks: BookRecord["asks"] | undefined;
  hash?: string;
  constructor(
    public token_id: string,
    public timestamp: string,
    hash: string | undefined,
    readonly bidsText: string,
    readonly asksText: string,
  ) {
    if (hash !== undefined) this.hash = hash;
  }
  get bids(): BookRecord["bids"] {
    return (this.#bids ??= JSON.parse(`[${this.bidsText}]`));
  }
  get asks(): BookRecord["asks"] {
    return (this.#asks ??= JSON.parse(`[${this.asksText}]`));
  }
  toJSON(): BookRecord {
    return { token_id: this.token_id, timestamp: this.timestamp, ...(this.hash !== undefined ? { hash: this.hash } : {}), bids: this.bids, asks: this.asks };
  }
}

/** The record of a market line whose books are in pm-arb's form, checked as `isMarketRecord` checks it; otherwise undefined. */
export function readMarketLine(text: string): MarketRecord | undefined {
  const split = text.indexOf(BOOKS_KEY);
  if (split < 0) return undefined;
  let head: unknown;
  try {
    head = JSON.parse(`${text.slice(0, split)}}`);
  } catch {
    return undefined;
  }
  if (typeof head !== "object" || head === null || Array.isArray(head) || Object.hasOwn(head, "books") || !isMarketRecord(head)) return undefined;
  const books: Record<string, LineBook> = {};
  const tokens = new Set<string>();
  BOOK.lastIndex = split + BOOKS_KEY.length;
  for (;;) {
    const match = BOOK.exec(text);
    if (!match) return undefined;
    const [, label, token, timestamp, hash, bids, asks, next] = match as unknown as [string, string, string, string, string | undefined, string, string, string];
    if (MISPLACED.test(label) || Object.hasOwn(books, label) || tokens.has(token) || !isIso(timestamp)) return undefined;
    tokens.add(token);
    books[label] = new LineBook(token, timestamp, hash, bids, asks);
    if (next === "}") break;
  }
  // The books object's `}` was the last match's; the record's own closes the line.
  if (BOOK.lastIndex !== text.length - 1 || text.charCodeAt(text.length - 1) !== 125) return undefined;
  const record = head as MarketRecord;
  record.books = books;
  return record;
}
