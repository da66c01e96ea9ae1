/**
 * The contracts between the sandbox's parts. The server (`SandboxInstance`) lets each service module
 * register routes and sockets and publish a model other modules use (`app.prices`, `app.markets`,
 * `app.books`, `app.exchange`). Internally the simulation computes with floats; everything served
 * on the wire is a decimal string, like the real venues.
 */
import type { ServerWebSocket } from "bun";

export type RouteContext = {
  request: Request;
  url: URL;
  /** The path after the service prefix, e.g. `/api/v3/ticker/price` for `/binance/api/v3/ticker/price`. */
  path: string;
  params: Record<string, string>;
  /** Raw body text (read once by the server for POST/DELETE; "" otherwise). */
  body: string;
};

/** A handler returns a Response, or any JSON-able value for a 200 JSON answer. */
export type RouteHandler = (context: RouteContext) => Response | unknown | Promise<Response | unknown>;

export type SocketData = { service: string; path: string; url: URL; handlerKey: string; state: Record<string, unknown> };
export type SandboxSocket = ServerWebSocket<SocketData>;

export type SocketHandler = {
  open?(ws: SandboxSocket): void;
  message?(ws: SandboxSocket, message: string | Buffer): void;
  close?(ws: SandboxSocket, code: number, reason: string): void;
};

/** Spot truth and what each provider quotes (S1: sandbox/prices/*). */
export interface PriceModel {
  readonly symbols: readonly string[];
  /** The true spot price at simulated time t (ms). */
  truth(symbol: string, t: number): number;
  /** What a provider (`binance`, `coinbase`, `kraken`, `coingecko`, `pyth`) quotes at t, with its own timestamp. */
  quote(provider: string, symbol: string, t: number): { price: number; ts: number };
  /** The Chainlink-like settlement stream at t: an aggregate, offset from Binance, whole-second timestamps, lagging on sharp moves. */
  settlement(symbol: string, t: number): { price: number; ts: number };
  /** Binance-style 1-minute candle containing t: open, high, low, close. */
  candle(symbol: string, openTime: number): { open: number; high: number; low: number; close: number; closeTime: number };
}

type MarketKind = "updown" | "above";

export type SandboxMarket = {
  id: string;
  conditionId: string;
  slug: string;
  question: string;
  description: string;
  symbol: string;
  kind: MarketKind;
  /** updown window length label: 5m, 15m, 1h, 1d; undefined for `above`. */
  window?: string;
  windowStart: number;
  end: number;
  strike?: number;
  /** outcomes[i] pairs with tokenIds[i]: ["Up","Down"] or ["Yes","No"]. */
  outcomes: [string, string];
  tokenIds: [string, string];
  tickSize: string;
  minSize: string;
  negRisk: boolean;
  fee: { rate: string; exponent: number; takerOnly: boolean; rebateRate: string } | null;
  /** Which stream settles it. */
  settlement: "chainlink" | "binance";
  /** Set once the window has ended and settled: index of the winning outcome. */
  winner?: 0 | 1;
};

export type BookLevel = { price: string; size: string };
export type OrderBook = {
  tokenId: string;
  conditionId: string;
  bids: BookLevel[];
  asks: BookLevel[];
  timestamp: number;
  hash: string;
  tickSize: string;
  minSize: string;
  negRisk: boolean;
  lastTradePrice: string;
};

/** The market catalog (`app.markets`, polymarket/catalog.ts) as the other parts read it. */
export interface MarketCatalog {
  /** Markets listed at simulated time t. */
  list(t: number): SandboxMarket[];
  byToken(tokenId: string): SandboxMarket | undefined;
  byCondition(conditionId: string): SandboxMarket | undefined;
  bySlug(slug: string): SandboxMarket | undefined;
}

/** The makers' books (`app.books`, polymarket/books.ts) as the exchange reads and trades them. */
export interface MakerBookModel {
  book(tokenId: string, t: number): OrderBook | undefined;
  /** The tick the market trades on at t. */
  tickSize(tokenId: string, t: number): string | undefined;
  /** Takes traded liquidity out of the makers' book. */
  consume(tokenId: string, side: "BUY" | "SELL", fills: BookLevel[], t: number): void;
  noteTrade(tokenId: string, price: string, t: number, detail?: { side: "BUY" | "SELL"; size: string }): void;
}

/** The exchange (`app.exchange`, clob/exchange.ts) as the public book and the admin routes read it. */
export interface UserOrders {
  /** Resting user orders aggregated per price, best first. */
  restingLevels(tokenId: string): { bids: BookLevel[]; asks: BookLevel[] };
  /** Every user order and trade, after catching up to `now` (`GET /admin/ledger`). */
  ledger(now: number): unknown;
}
