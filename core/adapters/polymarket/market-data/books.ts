/**
 * Order books from the CLOB's batch endpoint `POST /books`, at most 500 tokens a request (the
 * venue's limit), sent concurrently. The REST book lists levels worst-first: every book is re-sorted
 * best-first and cut to `depth` levels a side. A book with a bad timestamp, or a level with a bad
 * price or size, is dropped and counted, never guessed.
 */
import type { Decimal } from "../../../decimal.ts";
import { fetchJson } from "../../../http/fetch-json.ts";
import type { BookLevel, Market, OrderBook } from "../../../model/market.ts";
import { parseDecimal } from "../../../safe-parse.ts";
import { timeField } from "../gamma/row.ts";

const BOOKS_BATCH = 500;

export type BookDeps = { clobUrl: string; timeoutMs?: number; batchSize?: number };

export type BookFetch = {
  books: Map<string, OrderBook>;
  requests: number;
  /** Books or levels dropped as malformed, with why. */
  problems: string[];
};

/** Extra fields the venue sends with a book, for markets whose Gamma row lacked them. */
export type BookMeta = { tickSize?: Decimal; minSize?: Decimal; negRisk?: boolean };

function parseLevels(value: unknown, token: string, side: string, problems: string[]): BookLevel[] {
  if (!Array.isArray(value)) {
    problems.push(`book ${token}: ${side} is not a list`);
    return [];
  }
  const out: BookLevel[] = [];
  for (const level of value) {
    const record = level && typeof level === "object" ? (level as Record<string, unknown>) : {};
    const price = parseDecimal(record.price);
    const size = parseDecimal(record.size);
    if (!price.ok || !size.ok || price.value.lte(0) || price.value.gte(1) || size.value.lt(0)) {
      problems.push(`book ${token}: ${side} level ${JSON.stringify(level).slice(0, 60)} skipped`);
      continue;
    }
    if (size.value.gt(0)) out.push({ price: price.value, size: size.value });
  }
  return out;
}

/** Parses one venue book; undefined (with a problem noted) when it cannot be trusted. */
export function parseBook(raw: unknown, depth: number | undefined, problems: string[]): (OrderBook & { meta: BookMeta }) | undefined {
  const record = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : undefined;
  const token = typeof record?.asset_id === "string" ? record.asset_id : undefined;
  if (!record || !token || !/^\d{1,100}$/.test(token)) {
    problems.push(`book without a usable asset_id skipped`);
    return undefined;
  }
  const timestamp = timeField(record.timestamp);
  if (timestamp === undefined) {
    problems.push(`book ${token}: timestamp ${JSON.stringify(record.timestamp)} unreadable; skipped`);
    return undefined;
  }
  const bids = parseLevels(record.bids, token, "bids", problems).sort((a, b) => b.price.comparedTo(a.price));
  const asks = parseLevels(record.asks, token, "asks", problems).sort((a, b) => a.price.comparedTo(b.price));
  const tick = parseDecimal(record.tick_size);
  const min = parseDecimal(record.min_order_size);
  return {
    token_id: token,
    timestamp,
    hash: typeof record.hash === "string" ? record.hash : undefined,
    bids: depth === undefined ? bids : bids.slice(0, depth),
    asks: depth === undefined ? asks : asks.slice(0, depth),
    meta: {
      tickSize: tick.ok && tick.value.gt(0) ? tick.value : undefined,
      minSize: min.ok && min.value.gt(0) ? min.value : undefined,
      negRisk: typeof record.neg_risk === "boolean" ? record.neg_risk : undefined,
    },
  };
}

/** Books for the given tokens, in as few requests as the venue allows. */
export async function fetchBooks(tokenIds: readonly string[], deps: BookDeps, depth?: number): Promise<BookFetch & { meta: Map<string, BookMeta> }> {
  const unique = [...new Set(tokenIds)];
  const size = deps.batchSize ?? BOOKS_BATCH;
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += size) chunks.push(unique.slice(i, i + size));
  const problems: string[] = [];
  const books = new Map<string, OrderBook>();
  const meta = new Map<string, BookMeta>();
  const answers = await Promise.all(
    chunks.map((chunk) =>
      fetchJson(`${deps.clobUrl}/books`, { venue: "clob", method: "POST", body: JSON.stringify(chunk.map((token_id) => ({ token_id }))), timeoutMs: deps.timeoutMs }),
    ),
  );
  for (const answer of answers) {
    if (!Array.isArray(answer)) {
      problems.push("POST /books answered something other than a list");
      continue;
    }
    for (const raw of answer) {
      const book = parseBook(raw, depth, problems);
      if (!book) continue;
      const { meta: bookMeta, ...plain } = book;
      books.set(book.token_id, plain);
      meta.set(book.token_id, bookMeta);
    }
  }
  return { books, meta, requests: chunks.length, problems };
}

/** Fetches the books of these markets' outcomes and attaches each one found to its market. */
export async function attachBooks(markets: Market[], deps: BookDeps, depth?: number): Promise<BookFetch> {
  const fetched = await fetchBooks(
    markets.flatMap((market) => market.outcomes.map((outcome) => outcome.token_id)),
    deps,
    depth,
  );
  for (const market of markets) {
    market.books = { ...market.books };
    for (const outcome of market.outcomes) {
      const book = fetched.books.get(outcome.token_id);
      if (book) market.books[outcome.token_id] = book;
    }
  }
  return fetched;
}
