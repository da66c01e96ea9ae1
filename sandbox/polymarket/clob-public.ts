/**
 * CLOB public book endpoints under `/clob`, shaped like the live venue: `GET /book` (levels
 * worst-first), `POST /books`, `GET /price` (side=BUY → best bid, SELL → best ask, as live),
 * `POST /prices`, `GET /midpoint`, `POST /midpoints`, `GET /spread`, `POST /spreads`,
 * `GET /last-trade-price`, `POST /last-trades-prices`. Unknown or closed tokens answer 404
 * "No orderbook exists for the requested token id".
 */
import { json, type SandboxInstance } from "../server.ts";
import type { OrderBook } from "../types.ts";
import type { MakerBooks } from "./books.ts";
import { bookViewTime } from "./stale.ts";
import { formatMils, toMils, wireBook } from "./wire.ts";

const SERVICE = "clob";
const MAX_BATCH = 500;

export const noBook = () => json({ error: "No orderbook exists for the requested token id" }, 404);
const badRequest = (error: string) => json({ error }, 400);

type TokenRequest = { token_id?: unknown; side?: unknown };

/** Parses a batch body `[{"token_id": …}, …]`; an Error answers 400. */
function batch(body: string): TokenRequest[] | Error {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return new Error("Invalid payload");
  }
  if (!Array.isArray(parsed)) return new Error("Invalid payload");
  if (parsed.length > MAX_BATCH) return new Error(`Too many items, max ${MAX_BATCH}`);
  for (const item of parsed)
    if (!item || typeof item !== "object" || typeof (item as TokenRequest).token_id !== "string") return new Error("Invalid payload: token_id must be a string");
  return parsed as TokenRequest[];
}

function bestPrice(book: OrderBook, side: string): string | undefined {
  return side === "BUY" ? book.bids[0]?.price : book.asks[0]?.price;
}

function midpoint(book: OrderBook): string | undefined {
  const bid = book.bids[0];
  const ask = book.asks[0];
  if (!bid || !ask) return undefined;
  return String((toMils(bid.price) + toMils(ask.price)) / 2000);
}

function spread(book: OrderBook): string | undefined {
  const bid = book.bids[0];
  const ask = book.asks[0];
  if (!bid || !ask) return undefined;
  return formatMils(toMils(ask.price) - toMils(bid.price));
}

export function registerClobBooks(app: SandboxInstance, books: MakerBooks): void {
  const bookOf = (token: string | null | undefined) => (token ? books.book(token, bookViewTime(app)) : undefined);
  const tokenParam = (url: URL) => url.searchParams.get("token_id");

  app.route(SERVICE, "GET", "/book", ({ url }) => {
    if (!tokenParam(url)) return badRequest("Invalid payload: token_id is required");
    const book = bookOf(tokenParam(url));
    return book ? wireBook(book) : noBook();
  });

  app.route(SERVICE, "POST", "/books", ({ body }) => {
    const items = batch(body);
    if (items instanceof Error) return badRequest(items.message);
    return items.flatMap((item) => {
      const book = bookOf(item.token_id as string);
      return book ? [wireBook(book)] : [];
    });
  });

  app.route(SERVICE, "GET", "/price", ({ url }) => {
    const side = url.searchParams.get("side")?.toUpperCase();
    if (!tokenParam(url)) return badRequest("Invalid payload: token_id is required");
    if (side !== "BUY" && side !== "SELL") return badRequest("Invalid side");
    const book = bookOf(tokenParam(url));
    const price = book && bestPrice(book, side);
    return price ? { price } : noBook();
  });

  app.route(SERVICE, "POST", "/prices", ({ body }) => {
    const items = batch(body);
    if (items instanceof Error) return badRequest(items.message);
    const out: Record<string, Record<string, string>> = {};
    for (const item of items) {
      const side = String(item.side ?? "").toUpperCase();
      if (side !== "BUY" && side !== "SELL") return badRequest("Invalid side");
      const book = bookOf(item.token_id as string);
      const price = book && bestPrice(book, side);
      if (price) out[item.token_id as string] = { ...out[item.token_id as string], [side]: price };
    }
    return out;
  });

  /** A value read off one book: `GET {one}` answers `{field: value}`, `POST {many}` `{token_id: value}` for the tokens that have one. */
  const bookValue = (one: string, many: string, field: string, read: (book: OrderBook) => string | undefined) => {
    app.route(SERVICE, "GET", one, ({ url }) => {
      const book = bookOf(tokenParam(url));
      const value = book && read(book);
      return value ? { [field]: value } : noBook();
    });
    app.route(SERVICE, "POST", many, ({ body }) => {
      const items = batch(body);
      if (items instanceof Error) return badRequest(items.message);
      const out: Record<string, string> = {};
      for (const item of items) {
        const book = bookOf(item.token_id as string);
        const value = book && read(book);
        if (value) out[item.token_id as string] = value;
      }
      return out;
    });
  };
  bookValue("/midpoint", "/midpoints", "mid", midpoint);
  bookValue("/spread", "/spreads", "spread", spread);

  const lastTrade = (token: string) => {
    const book = bookOf(token);
    if (!book) return undefined;
    return { price: book.lastTradePrice, side: books.lastTrade(token)?.side ?? "" };
  };

  app.route(SERVICE, "GET", "/last-trade-price", ({ url }) => lastTrade(tokenParam(url) ?? "") ?? noBook());

  app.route(SERVICE, "POST", "/last-trades-prices", ({ body }) => {
    const items = batch(body);
    if (items instanceof Error) return badRequest(items.message);
    return items.flatMap((item) => {
      const trade = lastTrade(item.token_id as string);
      return trade ? [{ token_id: item.token_id, ...trade }] : [];
    });
  });
}
