/**
 * Binance market streams under `/binance-ws`: raw `/ws/<stream>` (payload only), combined
 * `/stream?streams=a/b` (`{"stream","data"}`), bare `/ws` for method-driven subscriptions, and the
 * SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS / SET_PROPERTY / GET_PROPERTY requests. Streams:
 * `<symbol>@trade`, `<symbol>@aggTrade`, `<symbol>@bookTicker`. Stream data goes through
 * `app.publish` (so `silent` mutes it); request replies are sent directly.
 */
import type { Asset } from "../prices/assets.ts";
import type { SandboxInstance } from "../server.ts";
import type { SandboxSocket } from "../types.ts";
import { binanceAsset, binanceBook } from "./binance.ts";
import { fixed, prices, quoteTime, tradeSize, unit } from "./common.ts";

const SERVICE = "binance-ws";
const STALE_SERVICES = ["binance", SERVICE];
const KINDS = new Set(["trade", "aggTrade", "bookTicker"]);
/** Keeps simulated trade ids in Binance's range (billions) yet increasing with time. */
const TRADE_ID_BASE = 13_000_000_000;

type StreamState = { combined: boolean; streams: Set<string> };

function parseStream(name: string): { asset: Asset; kind: string } | undefined {
  const [symbol = "", kind = ""] = name.split("@");
  const asset = binanceAsset(symbol.toUpperCase());
  return asset && KINDS.has(kind) && symbol === symbol.toLowerCase() ? { asset, kind } : undefined;
}

function state(ws: SandboxSocket): StreamState {
  return ws.data.state as StreamState;
}

function open(ws: SandboxSocket): void {
  const combined = ws.data.path === "/stream";
  const names = combined ? (ws.data.url.searchParams.get("streams") ?? "").split("/") : ws.data.path.replace(/^\/ws\/?/, "").split("/");
  ws.data.state = { combined, streams: new Set(names.filter(Boolean)) } satisfies StreamState;
}

function message(ws: SandboxSocket, raw: string | Buffer): void {
  ws.send(JSON.stringify(reply(ws, raw)));
}

/** The venue's answer to one request frame: a result or an error, echoing the request's id. */
function reply(ws: SandboxSocket, raw: string | Buffer): unknown {
  let request: { method?: unknown; params?: unknown; id?: unknown };
  try {
    request = JSON.parse(String(raw));
  } catch {
    return { code: 3, msg: "Invalid JSON: expected value at line 1 column 1" };
  }
  const id = request.id ?? null;
  if (id !== null && (typeof id !== "number" || !Number.isInteger(id) || id < 0) && typeof id !== "string") {
    return { code: 2, msg: "Invalid request: request ID must be an unsigned integer", id: null };
  }
  const params = Array.isArray(request.params) ? request.params : [];
  const streams = state(ws).streams;
  switch (request.method) {
    case "SUBSCRIBE":
    case "UNSUBSCRIBE": {
      const bad = params.find((param) => typeof param !== "string" || !parseStream(param));
      if (bad !== undefined) return { code: 2, msg: `Invalid request: invalid stream name ${JSON.stringify(bad)}`, id };
      for (const name of params as string[]) request.method === "SUBSCRIBE" ? streams.add(name) : streams.delete(name);
      return { result: null, id };
    }
    case "LIST_SUBSCRIPTIONS":
      return { result: [...streams], id };
    case "GET_PROPERTY":
      return params[0] === "combined" ? { result: state(ws).combined, id } : { code: 0, msg: "Unknown property", id };
    case "SET_PROPERTY":
      if (params[0] !== "combined") return { code: 0, msg: "Unknown property", id };
      if (typeof params[1] !== "boolean") return { code: 1, msg: "Invalid value type: expected Boolean", id };
      state(ws).combined = params[1];
      return { result: null, id };
    default:
      return {
        code: 2,
        msg: `Invalid request: unknown variant ${JSON.stringify(request.method)}, expected one of SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS, SET_PROPERTY, GET_PROPERTY`,
        id,
      };
  }
}

/** The payload of one stream at simulated time `now` (quotes frozen under `stale`). */
function binanceStreamEvent(app: SandboxInstance, name: string, now: number): Record<string, unknown> | undefined {
  const parsed = parseStream(name);
  if (!parsed) return undefined;
  const { asset, kind } = parsed;
  const t = quoteTime(app, STALE_SERVICES, asset.symbol, now);
  const seed = app.options.seed;
  const { price, ts } = prices(app).quote("binance", asset.symbol, t);
  const step = Math.floor(ts / 100);
  if (kind === "bookTicker") {
    const book = binanceBook(app, asset, t);
    return { u: step * 10 + 7, s: asset.binance, b: book.bid, B: book.bidQty, a: book.ask, A: book.askQty };
  }
  const tradeId = step - TRADE_ID_BASE;
  const common = {
    E: ts + 3,
    s: asset.binance,
    p: fixed(price, asset.binanceDecimals, 8),
    q: tradeSize(seed, asset, step),
    T: ts,
    m: unit(seed, `maker:${asset.symbol}`, step) < 0.5,
    M: true,
  };
  if (kind === "aggTrade")
    return { e: "aggTrade", E: common.E, s: common.s, a: Math.floor(tradeId / 3), p: common.p, q: common.q, f: tradeId, l: tradeId, T: ts, m: common.m, M: true };
  return { e: "trade", E: common.E, s: common.s, t: tradeId, p: common.p, q: common.q, T: ts, m: common.m, M: true };
}

/** Sends every subscribed stream's current event to every Binance socket. */
export function binanceStreamTick(app: SandboxInstance): void {
  const now = app.clock.now();
  for (const ws of app.socketsOf(SERVICE)) {
    const { combined, streams } = state(ws);
    if (!(streams instanceof Set)) continue;
    for (const name of streams) {
      const data = binanceStreamEvent(app, name, now);
      if (data) app.publish(ws, JSON.stringify(combined ? { stream: name, data } : data));
    }
  }
}

export function registerBinanceStreams(app: SandboxInstance): void {
  const handler = { open, message };
  app.socket(SERVICE, "/ws", handler);
  app.socket(SERVICE, "/ws/:stream", handler);
  app.socket(SERVICE, "/stream", handler);
}
