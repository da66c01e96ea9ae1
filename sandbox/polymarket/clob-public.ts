/**
 * CLOB public book endpoints under `/clob`, shaped like the live venue: `GET /book` (levels
 * worst-first), `POST /books`, `GET /price` (side=BUY → best bid, SELL → best ask, as live),
 * `POST /prices`, `GET /midpoint`, `POST /midpoints`, `GET /spread`, `POST /spreads`,
 * `GET /last-trade-price`, `POST /last-trades-prices` (price and side). Unknown or closed tokens answer 404
 * "No orderbook exists for the requested token id".
 */
import { createRng } from "../rng.ts";
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

function midpoint({ bids: [bid], asks: [ask] }: OrderBook): string | undefined {
  return bid && ask ? String((toMils(bid.price) + toMils(ask.price)) / 2000) : undefined;
}

function spread({ bids: [bid], asks: [ask] }: OrderBook): string | undefined {
  return bid && ask ? formatMils(toMils(ask.price) - toMils(bid.price)) : undefined;
}

export function registerClobBooks(app: SandboxInstance, books: MakerBooks): void {
  const bookOf = (token: string | null | undefined) => (token ? books.book(token, bookViewTime(app)) : undefined);
  const tokenParam = (url: URL) => url.searchParams.get("token_id");
  /** A `POST` route taking a batch body; a bad one answers 400. */
  const batchRoute = (path: string, answer: (items: TokenRequest[]) => unknown) =>
    app.route(SERVICE, "POST", path, ({ body }) => {
      const items = batch(body);
      return items instanceof Error ? badRequest(items.message) : answer(items);
    });

  app.route(SERVICE, "GET", "/book", ({ url }) => {
    if (!tokenParam(url)) return badRequest("Invalid payload: token_id is required");
    const book = bookOf(tokenParam(url));
    return book ? wireBook(book) : noBook();
  });

  batchRoute("/books", (items) =>
    items.flatMap((item) => {
      const book = bookOf(item.token_id as string);
      return book ? [wireBook(book)] : [];
    }),
  );

  app.route(SERVICE, "GET", "/price", ({ url }) => {
    const side = url.searchParams.get("side")?.toUpperCase();
    if (!tokenParam(url)) return badRequest("Invalid payload: token_id is required");
    if (side !== "BUY" && side !== "SELL") return badRequest("Invalid side");
    const book = bookOf(tokenParam(url));
    const price = book && bestPrice(book, side);
    return price ? { price } : noBook();
  });

  batchRoute("/prices", (items) => {
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
    batchRoute(many, (items) => {
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

  /**
   * The last trade's price and taker side, as live ("BUY" or "SELL", never empty). Before any trade
   * noted on the token the book shows the makers' own last print (books.ts); its side is a seeded
   * draw per minute, the minute that print belongs to.
   */
  const lastTrade = (token: string) => {
    const t = bookViewTime(app);
    const book = books.book(token, t);
    if (!book) return undefined;
    const noted = books.lastTrade(token);
    if (noted && noted.t <= t && noted.side) return { price: book.lastTradePrice, side: noted.side };
    const minute = Math.floor(t / 60_000);
    return { price: book.lastTradePrice, side: createRng(app.options.seed, `last-trade-side:${token}:${minute}`).next() < 0.5 ? "BUY" : "SELL" };
  };

  app.route(SERVICE, "GET", "/last-trade-price", ({ url }) => lastTrade(tokenParam(url) ?? "") ?? noBook());

  batchRoute("/last-trades-prices", (items) =>
    items.flatMap((item) => {
      const trade = lastTrade(item.token_id as string);
      return trade ? [{ token_id: item.token_id, ...trade }] : [];
    }),
  );
}
