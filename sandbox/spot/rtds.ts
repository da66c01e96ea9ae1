/**
 * Polymarket's Real-Time Data Socket under `/rtds`: `{"action":"subscribe","subscriptions":[{topic,
 * type, filters}]}` for `crypto_prices` (Binance-sourced; filters "btcusdt,ethusdt") and
 * `crypto_prices_chainlink` (the settlement stream; filters `{"symbol":"btc/usd"}` as a JSON string
 * or object; empty = all). Messages: `{topic, type: "update", timestamp, payload: {symbol,
 * timestamp, value}}`. Text `PING` → `PONG` (never muted). The current value of each new
 * subscription is sent at once; then one message per symbol per stream tick.
 */
import { ASSETS, type Asset } from "../prices/assets.ts";
import type { SandboxInstance } from "../server.ts";
import type { SandboxSocket } from "../types.ts";
import { prices, quoteTime } from "./common.ts";

const SERVICE = "rtds";
const BINANCE_TOPIC = "crypto_prices";
const CHAINLINK_TOPIC = "crypto_prices_chainlink";

/** topic → subscribed bare symbols */
type RtdsState = { topics: Map<string, Set<string>> };

function topics(ws: SandboxSocket): Map<string, Set<string>> {
  const state = ws.data.state as Partial<RtdsState>;
  state.topics ??= new Map();
  return state.topics;
}

/** Which assets a subscription's filters select (all when empty). */
function selected(topic: string, filters: unknown): Asset[] {
  let wanted: string[] = [];
  if (topic === BINANCE_TOPIC && typeof filters === "string")
    wanted = filters
      .split(",")
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean);
  if (topic === CHAINLINK_TOPIC) {
    let parsed = filters;
    if (typeof filters === "string" && filters.trim() !== "") {
      try {
        parsed = JSON.parse(filters);
      } catch {
        parsed = { symbol: filters };
      }
    }
    const symbol = (parsed as { symbol?: unknown } | null)?.symbol;
    if (typeof symbol === "string") wanted = [symbol.toLowerCase()];
  }
  if (wanted.length === 0) return [...ASSETS];
  return ASSETS.filter((asset) => wanted.includes(topic === BINANCE_TOPIC ? asset.rtdsBinance : asset.rtdsChainlink));
}

/** The update message for one topic and asset at simulated `now` (frozen under `rtds:stale`). */
function rtdsMessage(app: SandboxInstance, topic: string, asset: Asset, now: number): string {
  const t = quoteTime(app, [SERVICE], asset.symbol, now);
  const model = prices(app);
  let payload: { symbol: string; timestamp: number; value: number };
  if (topic === BINANCE_TOPIC) {
    const { price, ts } = model.quote("binance", asset.symbol, t);
    payload = { symbol: asset.rtdsBinance, timestamp: ts, value: Number(price.toFixed(asset.binanceDecimals)) };
  } else {
    const { price, ts } = model.settlement(asset.symbol, t);
    payload = { symbol: asset.rtdsChainlink, timestamp: ts, value: Number(price.toFixed(8)) };
  }
  return JSON.stringify({ topic, type: "update", timestamp: now, payload });
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
  const map = topics(ws);
  const now = app.clock.now();
  for (const subscription of request.subscriptions as { topic?: unknown; filters?: unknown }[]) {
    const topic = subscription?.topic;
    if (topic !== BINANCE_TOPIC && topic !== CHAINLINK_TOPIC) continue;
    const set = map.get(topic) ?? new Set<string>();
    for (const asset of selected(topic, subscription.filters)) {
      if (request.action === "unsubscribe") set.delete(asset.symbol);
      else if (!set.has(asset.symbol)) {
        set.add(asset.symbol);
        app.publish(ws, rtdsMessage(app, topic, asset, now));
      }
    }
    map.set(topic, set);
  }
}

export function rtdsTick(app: SandboxInstance): void {
  const now = app.clock.now();
  for (const ws of app.socketsOf(SERVICE)) {
    for (const [topic, symbols] of topics(ws)) {
      for (const asset of ASSETS) if (symbols.has(asset.symbol)) app.publish(ws, rtdsMessage(app, topic, asset, now));
    }
  }
}

export function registerRtds(app: SandboxInstance): void {
  app.socket(SERVICE, "/", { message: (ws, raw) => message(app, ws, raw) });
}
