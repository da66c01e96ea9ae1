/**
 * Binance spot REST under `/binance`: ticker price (single, batch `symbols=[…]` and all),
 * bookTicker, 1m-based klines, server time and ping, with Binance's error bodies
 * (`{"code":-1121,"msg":"Invalid symbol."}`) and 8-decimal price strings.
 */
import { ASSETS, type Asset } from "../prices/assets.ts";
import { SandboxPriceModel } from "../prices/model.ts";
import { json, type SandboxInstance } from "../server.ts";
import type { RouteContext } from "../types.ts";
import { fixed, prices, quoteTime, tradeSize, unit } from "./common.ts";

const SERVICES = ["binance"];
const MINUTE = 60_000;
const INTERVALS: Record<string, number> = { "1m": 1, "3m": 3, "5m": 5, "15m": 15, "30m": 30, "1h": 60 };

function binanceError(code: number, msg: string, status = 400): Response {
  return json({ code, msg }, status);
}

const missing = (name: string) => binanceError(-1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`);

export function binanceAsset(symbol: string): Asset | undefined {
  return ASSETS.find((asset) => asset.binance === symbol);
}

/** Resolves `symbol=` or `symbols=[…]` (or neither: every symbol) into assets, or a Binance error. */
function selectAssets(url: URL): { assets: Asset[]; single: boolean } | Response {
  const symbol = url.searchParams.get("symbol");
  const symbols = url.searchParams.get("symbols");
  if (symbol !== null && symbols !== null) return binanceError(-1128, "Combination of optional parameters invalid.");
  if (symbol !== null) {
    const asset = binanceAsset(symbol);
    return asset ? { assets: [asset], single: true } : binanceError(-1121, "Invalid symbol.");
  }
  if (symbols !== null) {
    let names: unknown;
    try {
      names = JSON.parse(symbols);
    } catch {
      names = undefined;
    }
    if (!Array.isArray(names) || names.length === 0 || !names.every((name) => typeof name === "string")) {
      return binanceError(-1100, "Illegal characters found in parameter 'symbols'; legal range is '^\\[(\"[A-Z0-9-_.]{1,20}\"(,\"[A-Z0-9-_.]{1,20}\"){0,}){0,1}\\]$'.");
    }
    const assets = (names as string[]).map(binanceAsset);
    if (assets.some((asset) => !asset)) return binanceError(-1121, "Invalid symbol.");
    return { assets: assets as Asset[], single: false };
  }
  return { assets: [...ASSETS], single: false };
}

/** Binance's best bid/ask around its last price: one tick wide, simulated sizes. */
export function binanceBook(app: SandboxInstance, asset: Asset, t: number) {
  const { price } = prices(app).quote("binance", asset.symbol, t);
  const tick = 10 ** -asset.binanceDecimals;
  const bid = Math.floor(price / tick) * tick;
  const step = Math.floor(t / 100);
  return {
    bid: fixed(bid, asset.binanceDecimals, 8),
    bidQty: tradeSize(app.options.seed, asset, step, "bidQty"),
    ask: fixed(bid + tick, asset.binanceDecimals, 8),
    askQty: tradeSize(app.options.seed, asset, step, "askQty"),
  };
}

/** A row per selected asset at its quote time: the row alone for `symbol=`, else an array. */
function perAsset(app: SandboxInstance, url: URL, row: (asset: Asset, t: number) => unknown): unknown {
  const selected = selectAssets(url);
  if (selected instanceof Response) return selected;
  const rows = selected.assets.map((asset) => row(asset, quoteTime(app, SERVICES, asset.symbol)));
  return selected.single ? rows[0] : rows;
}

function tickerPrice(app: SandboxInstance, asset: Asset, t: number) {
  return { symbol: asset.binance, price: fixed(prices(app).quote("binance", asset.symbol, t).price, asset.binanceDecimals, 8) };
}

function bookTicker(app: SandboxInstance, asset: Asset, t: number) {
  const book = binanceBook(app, asset, t);
  return { symbol: asset.binance, bidPrice: book.bid, bidQty: book.bidQty, askPrice: book.ask, askQty: book.askQty };
}

function integerParam(url: URL, name: string): number | undefined | Response {
  const text = url.searchParams.get(name);
  if (text === null || text === "") return undefined;
  if (!/^\d+$/.test(text)) return binanceError(-1100, `Illegal characters found in parameter '${name}'; legal range is '^[0-9]{1,20}$'.`);
  return Number(text);
}

function klines(app: SandboxInstance, url: URL): Response | unknown {
  const symbol = url.searchParams.get("symbol");
  if (!symbol) return missing("symbol");
  const asset = binanceAsset(symbol);
  if (!asset) return binanceError(-1121, "Invalid symbol.");
  const interval = url.searchParams.get("interval");
  if (!interval) return missing("interval");
  const minutes = INTERVALS[interval];
  if (!minutes) return binanceError(-1120, "Invalid interval.");
  const limitParam = integerParam(url, "limit");
  const startParam = integerParam(url, "startTime");
  const endParam = integerParam(url, "endTime");
  for (const value of [limitParam, startParam, endParam]) if (value instanceof Response) return value;
  const limit = Math.min(1000, Math.max(1, (limitParam as number | undefined) ?? 500));
  const span = minutes * MINUTE;
  const now = quoteTime(app, SERVICES, asset.symbol);
  const lastOpen = Math.floor(Math.min(now, (endParam as number | undefined) ?? now) / span) * span;
  const firstOpen = startParam === undefined ? lastOpen - (limit - 1) * span : Math.ceil((startParam as number) / span) * span;
  const rows: unknown[] = [];
  for (let open = firstOpen; open <= lastOpen && rows.length < limit; open += span) rows.push(klineRow(app, asset, open, minutes, now));
  return rows;
}

function klineRow(app: SandboxInstance, asset: Asset, openTime: number, minutes: number, now: number): unknown[] {
  const model = prices(app);
  let open = NaN;
  let high = -Infinity;
  let low = Infinity;
  let close = NaN;
  let volume = 0;
  let trades = 0;
  for (let m = 0; m < minutes; m++) {
    const minuteOpen = openTime + m * MINUTE;
    if (minuteOpen > now) break;
    const candle = model instanceof SandboxPriceModel ? model.candleUpTo(asset.symbol, minuteOpen, now) : model.candle(asset.symbol, minuteOpen);
    if (m === 0) open = candle.open;
    high = Math.max(high, candle.high);
    low = Math.min(low, candle.low);
    close = candle.close;
    const fraction = Math.min(1, (now - minuteOpen + 1) / MINUTE);
    const index = minuteOpen / MINUTE;
    volume += asset.lot * 150 * (0.5 + unit(app.options.seed, `kline-volume:${asset.symbol}`, index)) * fraction;
    trades += Math.round((200 + 800 * unit(app.options.seed, `kline-trades:${asset.symbol}`, index)) * fraction);
  }
  const takerBuy = volume * (0.4 + 0.2 * unit(app.options.seed, `kline-taker:${asset.symbol}`, openTime / MINUTE));
  const d = asset.binanceDecimals;
  return [
    openTime,
    fixed(open, d, 8),
    fixed(high, d, 8),
    fixed(low, d, 8),
    fixed(close, d, 8),
    volume.toFixed(8),
    openTime + minutes * MINUTE - 1,
    (volume * close).toFixed(8),
    trades,
    takerBuy.toFixed(8),
    (takerBuy * close).toFixed(8),
    "0",
  ];
}

export function registerBinanceRest(app: SandboxInstance): void {
  const get = (pattern: string, handler: (context: RouteContext) => unknown) => app.route("binance", "GET", pattern, handler);
  get("/api/v3/ping", () => ({}));
  get("/api/v3/time", () => ({ serverTime: app.clock.now() }));
  get("/api/v3/ticker/price", ({ url }) => perAsset(app, url, (asset, t) => tickerPrice(app, asset, t)));
  get("/api/v3/ticker/bookTicker", ({ url }) => perAsset(app, url, (asset, t) => bookTicker(app, asset, t)));
  get("/api/v3/klines", ({ url }) => klines(app, url));
}
