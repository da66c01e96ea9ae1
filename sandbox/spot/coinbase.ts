/**
 * Coinbase Exchange REST under `/coinbase`: currencies and products (what clients load first),
 * `GET /products/{id}` and its `ticker` (`{ask, bid, volume, trade_id, price, size, time}`),
 * `stats`, `book` (levels 1 and 2) and `candles`, `GET /products/spark-lines`, and `GET /time`.
 * Errors carry a `message` field, as Coinbase's do.
 */
import { ASSETS, type Asset } from "../prices/assets.ts";
import { json, type SandboxInstance } from "../server.ts";
import { candleTimes, spotCandle } from "./candles.ts";
import { capitalized, dayStats, dayVolume, fixed, isoMicros, prices, quoteTime, skewFactor, tradeSize } from "./common.ts";
import { spotDepth } from "./depth.ts";

/** Keeps simulated trade ids in Coinbase's range yet increasing with time. */
const TRADE_ID_BASE = 17_000_000_000;
/** Candle widths (seconds) served; Coinbase's 6 h and 1 d widths are not simulated. */
const GRANULARITIES = [60, 300, 900, 3600];
const MAX_CANDLES = 300;
/** Level-2 books show the top 50 levels a side (aggregated), level 1 the best only. */
const LEVEL2_DEPTH = 50;

const coinbaseError = (message: string, status: number) => json({ message }, status);

export function coinbaseAsset(productId: string): Asset | undefined {
  return ASSETS.find((asset) => asset.coinbase === productId);
}

/** Coinbase's last trade, best bid/ask (one increment wide) and their times at simulated `t`. */
export function coinbaseTicker(app: SandboxInstance, asset: Asset, t: number) {
  const quote = prices(app).quote("coinbase", asset.symbol, t);
  const price = quote.price * skewFactor(app, ["coinbase", "coinbase-ws"], asset.symbol);
  const ts = quote.ts;
  const tick = 10 ** -asset.coinbaseDecimals;
  const bid = Math.floor(price / tick) * tick;
  const step = Math.floor(ts / 100);
  return {
    price: fixed(price, asset.coinbaseDecimals),
    bid: fixed(bid, asset.coinbaseDecimals),
    ask: fixed(bid + tick, asset.coinbaseDecimals),
    size: tradeSize(app.options.seed, asset, step, "coinbase-size"),
    tradeId: step - TRADE_ID_BASE,
    sequence: step * 4 + 1,
    time: isoMicros(app.options.seed, ts),
    volume: dayVolume(app.options.seed, asset, ts) / 3,
    priceValue: price,
    ts,
  };
}

function currency(id: string, name: string, type: "crypto" | "fiat", precision: string) {
  return {
    id,
    name,
    min_size: precision,
    status: "online",
    message: "",
    max_precision: precision,
    convertible_to: [],
    details: { type, symbol: type === "fiat" ? "$" : "", sort_order: 0, push_payment_methods: [], display_name: null, group_types: [] },
    default_network: type === "crypto" ? name.toLowerCase() : "",
    supported_networks: [],
  };
}

function product(asset: Asset) {
  return {
    id: asset.coinbase,
    base_currency: asset.symbol,
    quote_currency: "USD",
    quote_increment: fixed(10 ** -asset.coinbaseDecimals, asset.coinbaseDecimals),
    base_increment: "0.00000001",
    display_name: `${asset.symbol}-USD`,
    min_market_funds: "1",
    margin_enabled: false,
    post_only: false,
    limit_only: false,
    cancel_only: false,
    status: "online",
    status_message: "",
    trading_disabled: false,
    fx_stablecoin: false,
    max_slippage_percentage: "0.02000000",
    auction_mode: false,
    high_bid_limit_percentage: "",
  };
}

function stats(app: SandboxInstance, asset: Asset) {
  const ticker = coinbaseTicker(app, asset, quoteTime(app, ["coinbase"], asset.symbol));
  const day = dayStats(app, "coinbase", asset.symbol, ticker.ts);
  const d = asset.coinbaseDecimals;
  return {
    open: fixed(day.open, d),
    high: fixed(Math.max(day.high, ticker.priceValue), d),
    low: fixed(Math.min(day.low, ticker.priceValue), d),
    last: ticker.price,
    volume: ticker.volume.toFixed(8),
    volume_30day: (ticker.volume * 30).toFixed(8),
  };
}

function book(app: SandboxInstance, asset: Asset, level: string | null) {
  const t = quoteTime(app, ["coinbase"], asset.symbol);
  const ticker = coinbaseTicker(app, asset, t);
  const depth = spotDepth(app.options.seed, asset, ticker.priceValue, asset.coinbaseDecimals, t, level === "2" ? LEVEL2_DEPTH : 1, "coinbase");
  // Each level: price, size, number of orders at it.
  const row = ({ price, size }: { price: string; size: string }, i: number) => [price, size, 1 + ((ticker.sequence + i) % 7)];
  return { bids: depth.bids.map(row), asks: depth.asks.map(row), sequence: ticker.sequence, auction_mode: false, auction: null, time: isoMicros(app.options.seed, t) };
}

/** `candles?granularity=&start=&end=`: newest first, `[time (s), low, high, open, close, volume]` as numbers. */
function candles(app: SandboxInstance, asset: Asset, url: URL): Response | unknown {
  const granularity = Number(url.searchParams.get("granularity") ?? 60);
  if (!GRANULARITIES.includes(granularity)) return coinbaseError("Unsupported granularity", 400);
  const span = granularity * 1000;
  const date = (key: string) => {
    const text = url.searchParams.get(key);
    return text === null || text === "" ? undefined : /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text);
  };
  const start = date("start");
  const end = date("end");
  if ((start !== undefined && Number.isNaN(start)) || (end !== undefined && Number.isNaN(end))) return coinbaseError("Invalid start or end time", 400);
  if (start !== undefined && end !== undefined && (end - start) / span > MAX_CANDLES)
    return coinbaseError(`granularity too small for the requested time range. Count of aggregations requested exceeds ${MAX_CANDLES}`, 400);
  const now = quoteTime(app, ["coinbase"], asset.symbol);
  const d = asset.coinbaseDecimals;
  const round = (value: number) => Number(fixed(value, d));
  return candleTimes(span, now, MAX_CANDLES, start, end)
    .map((open) => spotCandle(app, asset, open, granularity / 60, now))
    .map((c) => [c.openTime / 1000, round(c.low), round(c.high), round(c.open), round(c.close), Number((c.volume / 3).toFixed(8))])
    .reverse();
}

/**
 * `spark-lines` (undocumented; ccxt's `fetchTickers` reads it): per product, hourly
 * `[time (s), low, high, open, close]` over the last day, newest first. Shape assumed from clients.
 */
function sparkLines(app: SandboxInstance): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const asset of ASSETS) {
    const now = quoteTime(app, ["coinbase"], asset.symbol);
    const d = asset.coinbaseDecimals;
    out[asset.coinbase] = candleTimes(3_600_000, now, 24)
      .map((open) => spotCandle(app, asset, open, 60, now))
      .map((c) => [c.openTime / 1000, Number(fixed(c.low, d)), Number(fixed(c.high, d)), Number(fixed(c.open, d)), Number(fixed(c.close, d))])
      .reverse();
  }
  return out;
}

export function registerCoinbaseRest(app: SandboxInstance): void {
  /** A `/products/:product…` route: unknown products are 404 `NotFound`, as Coinbase answers. */
  const productRoute = (suffix: string, handler: (asset: Asset, url: URL) => unknown) =>
    app.route("coinbase", "GET", `/products/:product${suffix}`, ({ params, url }) => {
      const asset = coinbaseAsset(params.product ?? "");
      return asset ? handler(asset, url) : coinbaseError("NotFound", 404);
    });
  app.route("coinbase", "GET", "/currencies", () => [
    currency("USD", "United States Dollar", "fiat", "0.01"),
    ...ASSETS.map((asset) => currency(asset.symbol, capitalized(asset.coingecko), "crypto", "0.00000001")),
  ]);
  app.route("coinbase", "GET", "/products", () => ASSETS.map(product));
  app.route("coinbase", "GET", "/products/spark-lines", () => sparkLines(app));
  productRoute("", (asset) => product(asset));
  productRoute("/ticker", (asset) => {
    const ticker = coinbaseTicker(app, asset, quoteTime(app, ["coinbase"], asset.symbol));
    return { ask: ticker.ask, bid: ticker.bid, volume: ticker.volume.toFixed(8), trade_id: ticker.tradeId, price: ticker.price, size: ticker.size, time: ticker.time };
  });
  productRoute("/stats", (asset) => stats(app, asset));
  productRoute("/book", (asset, url) => {
    const level = url.searchParams.get("level") ?? "1";
    if (level === "3") return coinbaseError("level 3 books are not simulated by the sandbox", 400);
    return level === "1" || level === "2" ? book(app, asset, level) : coinbaseError("Invalid level", 400);
  });
  productRoute("/candles", (asset, url) => candles(app, asset, url));
  app.route("coinbase", "GET", "/time", () => {
    const now = app.clock.now();
    return { iso: new Date(now).toISOString(), epoch: now / 1000 };
  });
}
