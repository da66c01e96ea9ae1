/**
 * Coinbase Exchange feed under `/coinbase-ws`: `{"type":"subscribe","product_ids":[…],
 * "channels":["ticker"|{name,product_ids}]}` → a `subscriptions` ack, the current ticker at once,
 * then a `ticker` message whenever the product trades (a new sequence), and a `heartbeat` per
 * product once a real second, as Coinbase sends them; `unsubscribe` likewise. Stream data goes
 * through `app.publish`; acks and errors are sent directly.
 */
import type { SandboxInstance } from "../server.ts";
import type { SandboxSocket } from "../types.ts";
import { coinbaseAsset, coinbaseTicker } from "./coinbase.ts";
import { dayStats, dayVolume, fixed, isoMicros, quoteTime, unit } from "./common.ts";

const SERVICE = "coinbase-ws";
const STALE_SERVICES = ["coinbase", SERVICE];
const CHANNELS = new Set(["ticker", "ticker_batch", "heartbeat"]);

const HEARTBEAT_MS = 1000;

/** channel → subscribed product ids; the sequence last sent per channel and product; the last heartbeat (wall ms). */
type FeedState = { channels: Map<string, Set<string>>; sent: Map<string, number>; heartbeatAt: number };

function feed(ws: SandboxSocket): FeedState {
  const state = ws.data.state as Partial<FeedState>;
  state.channels ??= new Map();
  state.sent ??= new Map();
  state.heartbeatAt ??= 0;
  return state as FeedState;
}

function channels(ws: SandboxSocket): Map<string, Set<string>> {
  return feed(ws).channels;
}

type Request = { type?: unknown; product_ids?: unknown; channels?: unknown };

/** Expands a request into (channel, product) pairs, or the reason it is invalid. */
function pairs(request: Request): [string, string][] | string {
  const topProducts = Array.isArray(request.product_ids) ? request.product_ids : [];
  if (!Array.isArray(request.channels) || request.channels.length === 0) return "channels must be a non-empty array";
  const out: [string, string][] = [];
  for (const entry of request.channels) {
    const name = typeof entry === "string" ? entry : (entry as { name?: unknown })?.name;
    const products =
      typeof entry === "object" && entry && Array.isArray((entry as { product_ids?: unknown }).product_ids) ? (entry as { product_ids: unknown[] }).product_ids : topProducts;
    if (typeof name !== "string" || !CHANNELS.has(name)) return `${String(name)} is not a valid channel`;
    if (products.length === 0) return `Type ${name} requires product ids`;
    for (const product of products) {
      if (typeof product !== "string" || !coinbaseAsset(product)) return `${String(product)} is not a valid product`;
      out.push([name, product]);
    }
  }
  return out;
}

function ack(ws: SandboxSocket): void {
  const list = [...channels(ws)].filter(([, products]) => products.size > 0).map(([name, products]) => ({ name, product_ids: [...products] }));
  ws.send(JSON.stringify({ type: "subscriptions", channels: list }));
}

function message(app: SandboxInstance, ws: SandboxSocket, raw: string | Buffer): void {
  let request: Request;
  try {
    request = JSON.parse(String(raw));
  } catch {
    return void ws.send(JSON.stringify({ type: "error", message: "Malformed JSON", reason: "the message is not valid JSON" }));
  }
  if (request.type !== "subscribe" && request.type !== "unsubscribe") {
    return void ws.send(JSON.stringify({ type: "error", message: "Failed to subscribe", reason: `${String(request.type)} is not a valid message type` }));
  }
  const wanted = pairs(request);
  if (typeof wanted === "string") return void ws.send(JSON.stringify({ type: "error", message: `Failed to ${request.type}`, reason: wanted }));
  const map = channels(ws);
  for (const [name, product] of wanted) {
    const set = map.getOrInsertComputed(name, () => new Set<string>());
    if (request.type === "subscribe") set.add(product);
    else set.delete(product);
  }
  ack(ws);
  if (request.type === "subscribe") sendAll(app, ws, app.clock.now(), new Set(wanted.map(([, product]) => product)));
}

/** The `ticker` message for a product at simulated `now` (frozen under `stale`). */
function coinbaseTickerMessage(app: SandboxInstance, productId: string, now: number): Record<string, unknown> | undefined {
  const asset = coinbaseAsset(productId);
  if (!asset) return undefined;
  const t = quoteTime(app, STALE_SERVICES, asset.symbol, now);
  const ticker = coinbaseTicker(app, asset, t);
  const stats = dayStats(app, "coinbase", asset.symbol, ticker.ts);
  const d = asset.coinbaseDecimals;
  const seed = app.options.seed;
  return {
    type: "ticker",
    sequence: ticker.sequence,
    product_id: productId,
    price: ticker.price,
    open_24h: fixed(stats.open, d),
    volume_24h: (dayVolume(seed, asset, ticker.ts) / 3).toFixed(8),
    low_24h: fixed(Math.min(stats.low, ticker.priceValue), d),
    high_24h: fixed(Math.max(stats.high, ticker.priceValue), d),
    volume_30d: ((dayVolume(seed, asset, ticker.ts) / 3) * 30).toFixed(8),
    best_bid: ticker.bid,
    best_bid_size: (Number(ticker.size) * 7).toFixed(8),
    best_ask: ticker.ask,
    best_ask_size: (Number(ticker.size) * 5).toFixed(8),
    side: unit(seed, `coinbase-side:${asset.symbol}`, ticker.sequence) < 0.5 ? "buy" : "sell",
    time: ticker.time,
    trade_id: ticker.tradeId,
    last_size: ticker.size,
  };
}

/**
 * Sends what is due: on subscribe (`only`) the current message of each new product at once; on a
 * tick, tickers with a new sequence and, once a real second, heartbeats.
 */
function sendAll(app: SandboxInstance, ws: SandboxSocket, now: number, only?: Set<string>): void {
  const state = feed(ws);
  const heartbeatDue = only === undefined && Date.now() - state.heartbeatAt >= HEARTBEAT_MS;
  if (heartbeatDue) state.heartbeatAt = Date.now();
  for (const [name, products] of state.channels) {
    for (const product of products) {
      if (only && !only.has(product)) continue;
      const ticker = coinbaseTickerMessage(app, product, now);
      if (!ticker) continue;
      if (name === "heartbeat") {
        const heartbeat = { type: "heartbeat", sequence: ticker.sequence, last_trade_id: ticker.trade_id, product_id: product, time: isoMicros(app.options.seed, now) };
        if (only || heartbeatDue) app.publish(ws, JSON.stringify(heartbeat));
        continue;
      }
      const key = `${name}:${product}`;
      if (!only && state.sent.get(key) === ticker.sequence) continue;
      state.sent.set(key, ticker.sequence as number);
      app.publish(ws, JSON.stringify(ticker));
    }
  }
}

export function coinbaseStreamTick(app: SandboxInstance): void {
  const now = app.clock.now();
  for (const ws of app.socketsOf(SERVICE)) sendAll(app, ws, now);
}

export function registerCoinbaseStream(app: SandboxInstance): void {
  app.socket(SERVICE, "/", { message: (ws, raw) => message(app, ws, raw) });
}
