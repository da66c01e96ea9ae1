/**
 * Polymarket's Real-Time Data Socket under `/rtds`: `{"action":"subscribe","subscriptions":[{topic,
 * type, filters}]}` for `crypto_prices` (Binance-sourced; symbols `btcusdt`) and
 * `crypto_prices_chainlink` (the settlement stream; symbols `btc/usd`). Either topic takes filters
 * as a comma list ("solusdt,btcusdt", as the docs show) or `{"symbol":"btcusdt"}` (as the client's
 * README shows), as a JSON string or an object; empty = all. Messages: `{topic, type: "update",
 * timestamp, payload: {symbol, timestamp, value}}`. Text `PING` → `PONG` (never muted). The current
 * value of each new subscription is sent at once; after that a symbol is sent again only with a new
 * timestamp — the Chainlink stream reports once a second, so about once a real second at speed 1.
 * (The README's "initial data dump" of recent values is not simulated.)
 */
import { ASSETS, type Asset } from "../prices/assets.ts";
import type { SandboxInstance } from "../server.ts";
import type { SandboxSocket } from "../types.ts";
import { commaList, prices, quoteTime } from "./common.ts";

const SERVICE = "rtds";
const BINANCE_TOPIC = "crypto_prices";
const CHAINLINK_TOPIC = "crypto_prices_chainlink";

/** topic → subscribed bare symbols; `sent`: per topic and symbol, the payload timestamp last sent and when (wall ms). */
type RtdsState = { topics: Map<string, Set<string>>; sent: Map<string, { ts: number; at: number }> };

function state(ws: SandboxSocket): RtdsState {
  const data = ws.data.state as Partial<RtdsState>;
  data.topics ??= new Map();
  data.sent ??= new Map();
  return data as RtdsState;
}

/** The symbols a filter names: `{"symbol": …}` (object or JSON text) or a comma list. */
function filterSymbols(filters: unknown): string[] {
  let parsed = filters;
  if (typeof filters === "string" && filters.trim().startsWith("{")) {
    try {
      parsed = JSON.parse(filters);
    } catch {
      parsed = undefined;
    }
  }
  const text = typeof parsed === "string" ? parsed : (parsed as { symbol?: unknown } | null)?.symbol;
  return typeof text === "string" ? commaList(text) : [];
}

/** Which assets a subscription's filters select (all when empty). */
function selected(topic: string, filters: unknown): Asset[] {
  const wanted = filterSymbols(filters);
  if (wanted.length === 0) return [...ASSETS];
  return ASSETS.filter((asset) => wanted.includes(topic === BINANCE_TOPIC ? asset.rtdsBinance : asset.rtdsChainlink));
}

/** The update for one topic and asset at simulated `now` (frozen under `rtds:stale`). */
function rtdsMessage(app: SandboxInstance, topic: string, asset: Asset, now: number) {
  const t = quoteTime(app, [SERVICE], asset.symbol, now);
  const binance = topic === BINANCE_TOPIC;
  const { price, ts } = binance ? prices(app).quote("binance", asset.symbol, t) : prices(app).settlement(asset.symbol, t);
  const payload = { symbol: binance ? asset.rtdsBinance : asset.rtdsChainlink, timestamp: ts, value: Number(price.toFixed(binance ? asset.binanceDecimals : 8)) };
  return { topic, type: "update", timestamp: now, payload };
}

/** A stale stream keeps talking: its frozen value is repeated once a real second. */
const STALE_REPEAT_MS = 1000;

/**
 * Sends a symbol's update if its timestamp is new to this socket (or `force`); under `rtds:stale`
 * the frozen update is repeated once a real second, so the stream looks alive but does not move.
 */
function send(app: SandboxInstance, ws: SandboxSocket, topic: string, asset: Asset, now: number, force = false): void {
  const message = rtdsMessage(app, topic, asset, now);
  const key = `${topic}:${asset.symbol}`;
  const { sent } = state(ws);
  const last = sent.get(key);
  const repeat = last !== undefined && Date.now() - last.at >= STALE_REPEAT_MS && app.faults.active(SERVICE, "stale") !== undefined;
  if (!force && last?.ts === message.payload.timestamp && !repeat) return;
  sent.set(key, { ts: message.payload.timestamp, at: Date.now() });
  app.publish(ws, JSON.stringify(message));
}

function message(app: SandboxInstance, ws: SandboxSocket, raw: string | Buffer): void {
  const text = String(raw);
  if (text.trim().toUpperCase() === "PING") return void ws.send("PONG");
  let request: { action?: unknown; subscriptions?: unknown } | undefined;
  try {
    request = JSON.parse(text);
  } catch {}
  if ((request?.action !== "subscribe" && request?.action !== "unsubscribe") || !Array.isArray(request.subscriptions)) {
    return void ws.send(JSON.stringify({ message: "Invalid request body", statusCode: 400 }));
  }
  const map = state(ws).topics;
  const now = app.clock.now();
  for (const subscription of request.subscriptions as { topic?: unknown; filters?: unknown }[]) {
    const topic = subscription?.topic;
    if (topic !== BINANCE_TOPIC && topic !== CHAINLINK_TOPIC) continue;
    const set = map.getOrInsertComputed(topic, () => new Set<string>());
    for (const asset of selected(topic, subscription.filters)) {
      if (request.action === "unsubscribe") set.delete(asset.symbol);
      else if (!set.has(asset.symbol)) {
        set.add(asset.symbol);
        send(app, ws, topic, asset, now, true);
      }
    }
  }
}

export function rtdsTick(app: SandboxInstance): void {
  const now = app.clock.now();
  for (const ws of app.socketsOf(SERVICE)) {
    for (const [topic, symbols] of state(ws).topics) {
      for (const asset of ASSETS) if (symbols.has(asset.symbol)) send(app, ws, topic, asset, now);
    }
  }
}

export function registerRtds(app: SandboxInstance): void {
  app.socket(SERVICE, "/", { message: (ws, raw) => message(app, ws, raw) });
}
