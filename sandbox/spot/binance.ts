/**
 * Binance spot REST under `/binance`: ticker price (single, batch `symbols=[…]` and all),
 * bookTicker, 24 h ticker, depth, 1m-based klines, exchange info, server time and ping, with
 * Binance's error bodies (`{"code":-1121,"msg":"Invalid symbol."}`) and 8-decimal price strings.
 * The futures hosts' exchange info (which ccxt's `loadMarkets` reads too) lists no symbols: the
 * sandbox simulates spot only.
 */
import { ASSETS, type Asset } from "../prices/assets.ts";
import { json, type SandboxInstance } from "../server.ts";
import type { RouteContext } from "../types.ts";
import { candleTimes, MINUTE, spotCandle } from "./candles.ts";
import { dayStats, dayVolume, fixed, prices, quoteTime, unit } from "./common.ts";
import { spotDepth } from "./depth.ts";

const SERVICES = ["binance"];
/** `depth` limits Binance accepts (others are rounded up to the next one, at most 5000). */
const DEPTH_LIMITS = [5, 10, 20, 50, 100, 500, 1000, 5000];
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

/** Binance's order book around its last price (8-decimal strings), best first. */
function binanceDepth(app: SandboxInstance, asset: Asset, t: number, levels: number) {
  const { price } = prices(app).quote("binance", asset.symbol, t);
  const depth = spotDepth(app.options.seed, asset, price, asset.binanceDecimals, t, levels, "binance");
  const wide = (level: { price: string; size: string }): [string, string] => [fixed(Number(level.price), asset.binanceDecimals, 8), level.size];
  return { bids: depth.bids.map(wide), asks: depth.asks.map(wide) };
}

/** Binance's best bid/ask: the top of its book, one tick wide. */
export function binanceBook(app: SandboxInstance, asset: Asset, t: number) {
  const { bids, asks } = binanceDepth(app, asset, t, 1);
  return { bid: bids[0]![0], bidQty: bids[0]![1], ask: asks[0]![0], askQty: asks[0]![1] };
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

/** The one asset of a mandatory `symbol=`, or Binance's error. */
function requiredAsset(url: URL): Asset | Response {
  const symbol = url.searchParams.get("symbol");
  if (!symbol) return missing("symbol");
  return binanceAsset(symbol) ?? binanceError(-1121, "Invalid symbol.");
}

function klines(app: SandboxInstance, url: URL): Response | unknown {
  const asset = requiredAsset(url);
  if (asset instanceof Response) return asset;
  const interval = url.searchParams.get("interval");
  if (!interval) return missing("interval");
  const minutes = INTERVALS[interval];
  if (!minutes) return binanceError(-1120, "Invalid interval.");
  const limitParam = integerParam(url, "limit");
  const startParam = integerParam(url, "startTime");
  const endParam = integerParam(url, "endTime");
  for (const value of [limitParam, startParam, endParam]) if (value instanceof Response) return value;
  const limit = Math.min(1000, Math.max(1, (limitParam as number | undefined) ?? 500));
  const now = quoteTime(app, SERVICES, asset.symbol);
  const span = minutes * MINUTE;
  return candleTimes(span, now, limit, startParam as number | undefined, endParam as number | undefined).map((open) => {
    const candle = spotCandle(app, asset, open, minutes, now);
    const takerBuy = candle.volume * (0.4 + 0.2 * unit(app.options.seed, `kline-taker:${asset.symbol}`, open / MINUTE));
    const d = asset.binanceDecimals;
    return [
      open,
      fixed(candle.open, d, 8),
      fixed(candle.high, d, 8),
      fixed(candle.low, d, 8),
      fixed(candle.close, d, 8),
      candle.volume.toFixed(8),
      open + span - 1,
      (candle.volume * candle.close).toFixed(8),
      candle.trades,
      takerBuy.toFixed(8),
      (takerBuy * candle.close).toFixed(8),
      "0",
    ];
  });
}

/** `GET /api/v3/ticker/24hr`: rolling 24 h statistics, as full rows. */
function dayTicker(app: SandboxInstance, asset: Asset, t: number) {
  const { price, ts } = prices(app).quote("binance", asset.symbol, t);
  const stats = dayStats(app, "binance", asset.symbol, ts);
  const book = binanceBook(app, asset, t);
  const volume = dayVolume(app.options.seed, asset, ts);
  const d = asset.binanceDecimals;
  const high = Math.max(stats.high, price);
  const low = Math.min(stats.low, price);
  const lastId = Math.floor(ts / 100) - 13_000_000_000;
  const count = Math.round(volume / asset.lot);
  return {
    symbol: asset.binance,
    priceChange: fixed(price - stats.open, d, 8),
    priceChangePercent: (((price - stats.open) / stats.open) * 100).toFixed(3),
    weightedAvgPrice: fixed((high + low + price) / 3, d, 8),
    prevClosePrice: fixed(stats.open, d, 8),
    lastPrice: fixed(price, d, 8),
    lastQty: book.bidQty,
    bidPrice: book.bid,
    bidQty: book.bidQty,
    askPrice: book.ask,
    askQty: book.askQty,
    openPrice: fixed(stats.open, d, 8),
    highPrice: fixed(high, d, 8),
    lowPrice: fixed(low, d, 8),
    volume: volume.toFixed(8),
    quoteVolume: (volume * price).toFixed(8),
    openTime: ts - 86_400_000,
    closeTime: ts,
    firstId: lastId - count + 1,
    lastId,
    count,
  };
}

function depth(app: SandboxInstance, url: URL): Response | unknown {
  const asset = requiredAsset(url);
  if (asset instanceof Response) return asset;
  const limitParam = integerParam(url, "limit");
  if (limitParam instanceof Response) return limitParam;
  const wanted = Math.min(5000, Math.max(1, limitParam ?? 100));
  const levels = DEPTH_LIMITS.find((limit) => limit >= wanted) ?? 5000;
  const t = quoteTime(app, SERVICES, asset.symbol);
  // Simulated books are only so deep: at most 100 levels a side, whatever the limit.
  const book = binanceDepth(app, asset, t, Math.min(levels, 100));
  return { lastUpdateId: Math.floor(t / 100) * 10 + 7, ...book };
}

/** One spot symbol as `exchangeInfo` describes it (filters from the asset's tick and lot). */
function symbolInfo(asset: Asset) {
  const tick = fixed(10 ** -asset.binanceDecimals, asset.binanceDecimals, 8);
  const step = asset.lot >= 1 ? "0.10000000" : asset.lot >= 0.1 ? "0.00010000" : "0.00001000";
  return {
    symbol: asset.binance,
    status: "TRADING",
    baseAsset: asset.symbol,
    baseAssetPrecision: 8,
    quoteAsset: "USDT",
    quotePrecision: 8,
    quoteAssetPrecision: 8,
    baseCommissionPrecision: 8,
    quoteCommissionPrecision: 8,
    orderTypes: ["LIMIT", "LIMIT_MAKER", "MARKET", "STOP_LOSS", "STOP_LOSS_LIMIT", "TAKE_PROFIT", "TAKE_PROFIT_LIMIT"],
    icebergAllowed: true,
    ocoAllowed: true,
    otoAllowed: true,
    quoteOrderQtyMarketAllowed: true,
    allowTrailingStop: true,
    cancelReplaceAllowed: true,
    amendAllowed: true,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: true,
    filters: [
      { filterType: "PRICE_FILTER", minPrice: tick, maxPrice: "1000000.00000000", tickSize: tick },
      { filterType: "LOT_SIZE", minQty: step, maxQty: "9000.00000000", stepSize: step },
      { filterType: "ICEBERG_PARTS", limit: 10 },
      { filterType: "MARKET_LOT_SIZE", minQty: "0.00000000", maxQty: "100.00000000", stepSize: "0.00000000" },
      { filterType: "TRAILING_DELTA", minTrailingAboveDelta: 10, maxTrailingAboveDelta: 2000, minTrailingBelowDelta: 10, maxTrailingBelowDelta: 2000 },
      { filterType: "PERCENT_PRICE_BY_SIDE", bidMultiplierUp: "5", bidMultiplierDown: "0.2", askMultiplierUp: "5", askMultiplierDown: "0.2", avgPriceMins: 5 },
      { filterType: "NOTIONAL", minNotional: "5.00000000", applyMinToMarket: true, maxNotional: "9000000.00000000", applyMaxToMarket: false, avgPriceMins: 5 },
      { filterType: "MAX_NUM_ORDERS", maxNumOrders: 200 },
      { filterType: "MAX_NUM_ALGO_ORDERS", maxNumAlgoOrders: 5 },
    ],
    permissions: [],
    permissionSets: [["SPOT", "MARGIN"]],
    defaultSelfTradePreventionMode: "EXPIRE_MAKER",
    allowedSelfTradePreventionModes: ["EXPIRE_TAKER", "EXPIRE_MAKER", "EXPIRE_BOTH", "DECREMENT"],
  };
}

const RATE_LIMITS = [
  { rateLimitType: "REQUEST_WEIGHT", interval: "MINUTE", intervalNum: 1, limit: 6000 },
  { rateLimitType: "ORDERS", interval: "SECOND", intervalNum: 10, limit: 100 },
  { rateLimitType: "ORDERS", interval: "DAY", intervalNum: 1, limit: 200000 },
  { rateLimitType: "RAW_REQUESTS", interval: "MINUTE", intervalNum: 5, limit: 61000 },
];

function exchangeInfo(app: SandboxInstance, url: URL): Response | unknown {
  const selected = selectAssets(url);
  if (selected instanceof Response) return selected;
  return { timezone: "UTC", serverTime: app.clock.now(), rateLimits: RATE_LIMITS, exchangeFilters: [], symbols: selected.assets.map(symbolInfo) };
}

export function registerBinanceRest(app: SandboxInstance): void {
  const get = (pattern: string, handler: (context: RouteContext) => unknown) => app.route("binance", "GET", pattern, handler);
  get("/api/v3/ping", () => ({}));
  get("/api/v3/time", () => ({ serverTime: app.clock.now() }));
  get("/api/v3/ticker/price", ({ url }) => perAsset(app, url, (asset, t) => tickerPrice(app, asset, t)));
  get("/api/v3/ticker/bookTicker", ({ url }) => perAsset(app, url, (asset, t) => bookTicker(app, asset, t)));
  get("/api/v3/klines", ({ url }) => klines(app, url));
  get("/api/v3/ticker/24hr", ({ url }) => perAsset(app, url, (asset, t) => dayTicker(app, asset, t)));
  get("/api/v3/depth", ({ url }) => depth(app, url));
  get("/api/v3/exchangeInfo", ({ url }) => exchangeInfo(app, url));
  // The futures hosts, reached when a client points every Binance URL at the sandbox.
  const noSymbols = () => ({ timezone: "UTC", serverTime: app.clock.now(), rateLimits: RATE_LIMITS, exchangeFilters: [], symbols: [] });
  get("/fapi/v1/exchangeInfo", () => ({ ...noSymbols(), futuresType: "U_MARGINED", assets: [] }));
  get("/dapi/v1/exchangeInfo", noSymbols);
}
