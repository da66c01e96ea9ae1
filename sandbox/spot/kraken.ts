/**
 * Kraken public REST under `/kraken`: `GET /0/public/Ticker?pair=XBTUSD,ETHUSD` (batch; results
 * keyed by Kraken's renamed pairs: XXBTZUSD, XETHZUSD, SOLUSD, XXRPZUSD), `Assets`, `AssetPairs`,
 * `Depth`, `OHLC` and `Time`. Errors ride in the `error` array with HTTP 200, as Kraken does.
 */
import { ASSETS, type Asset } from "../prices/assets.ts";
import type { SandboxInstance } from "../server.ts";
import { candleTimes, MINUTE, spotCandle } from "./candles.ts";
import { dayStats, dayVolume, fixed, prices, quoteTime, tradeSize } from "./common.ts";
import { spotDepth } from "./depth.ts";

const UNKNOWN_PAIR = { error: ["EQuery:Unknown asset pair"] };
/** OHLC widths (minutes) served; Kraken's 4 h and longer widths are not simulated. */
const OHLC_INTERVALS = [1, 5, 15, 30, 60];
const OHLC_ROWS = 720;

/** Kraken's own asset code (`XXBT`) and its altname (`XBT`) for an asset. */
function krakenCodes(asset: Asset): { code: string; altname: string } {
  return { code: asset.krakenKey.replace(/Z?USD$/, ""), altname: asset.kraken.replace(/USD$/, "") };
}

function krakenAsset(pair: string): Asset | undefined {
  const upper = pair.trim().toUpperCase().replace("/", "");
  return ASSETS.find((asset) => asset.krakenAliases.includes(upper));
}

function ticker(app: SandboxInstance, asset: Asset) {
  const t = quoteTime(app, ["kraken"], asset.symbol);
  const { price, ts } = prices(app).quote("kraken", asset.symbol, t);
  const d = asset.krakenDecimals;
  const tick = 10 ** -d;
  const bid = Math.floor(price / tick) * tick;
  const seed = app.options.seed;
  const step = Math.floor(ts / 100);
  const stats = dayStats(app, "kraken", asset.symbol, ts);
  const midnight = Math.floor(ts / 86_400_000) * 86_400_000;
  const todayOpen = prices(app).quote("kraken", asset.symbol, midnight).price;
  const volume24 = dayVolume(seed, asset, ts) / 8;
  const volumeToday = volume24 * ((ts - midnight) / 86_400_000);
  const high = Math.max(stats.high, price);
  const low = Math.min(stats.low, price);
  const vwap = (high + low + price) / 3;
  return {
    a: [fixed(bid + tick, d), "1", "1.000"],
    b: [fixed(bid, d), "2", "2.000"],
    c: [fixed(price, d), tradeSize(seed, asset, step, "kraken-lot")],
    v: [volumeToday.toFixed(8), volume24.toFixed(8)],
    p: [fixed(vwap, d), fixed(vwap, d)],
    t: [Math.round(volumeToday / asset.lot), Math.round(volume24 / asset.lot)],
    l: [fixed(Math.min(low, todayOpen), d), fixed(low, d)],
    h: [fixed(Math.max(high, todayOpen), d), fixed(high, d)],
    o: fixed(todayOpen, d),
  };
}

/** The assets a `pair=` list names (every one without it), or undefined when one is unknown. */
function pairs(url: URL): Asset[] | undefined {
  const pairParam = url.searchParams.get("pair");
  const names = pairParam === null ? ASSETS.map((asset) => asset.kraken) : pairParam.split(",").filter(Boolean);
  const assets = names.map(krakenAsset);
  return names.length === 0 || assets.some((asset) => !asset) ? undefined : (assets as Asset[]);
}

function assetPair(asset: Asset) {
  const { code, altname } = krakenCodes(asset);
  const d = asset.krakenDecimals;
  return {
    altname: asset.kraken,
    wsname: `${altname}/USD`,
    aclass_base: "currency",
    base: code,
    aclass_quote: "currency",
    quote: "ZUSD",
    lot: "unit",
    cost_decimals: 5,
    pair_decimals: d,
    lot_decimals: 8,
    lot_multiplier: 1,
    leverage_buy: [2, 3],
    leverage_sell: [2, 3],
    fees: [
      [0, 0.4],
      [10000, 0.35],
      [50000, 0.24],
    ],
    fees_maker: [
      [0, 0.25],
      [10000, 0.2],
      [50000, 0.14],
    ],
    fee_volume_currency: "ZUSD",
    margin_call: 80,
    margin_stop: 40,
    ordermin: String(asset.lot / 200),
    costmin: "0.5",
    tick_size: fixed(10 ** -d, d),
    status: "online",
  };
}

function assets() {
  const result: Record<string, unknown> = { ZUSD: { aclass: "currency", altname: "ZUSD", decimals: 4, display_decimals: 2, status: "enabled" } };
  for (const asset of ASSETS) {
    const { code, altname } = krakenCodes(asset);
    result[code] = { aclass: "currency", altname, decimals: 10, display_decimals: 5, status: "enabled" };
  }
  return result;
}

function depth(app: SandboxInstance, asset: Asset, url: URL) {
  const count = Math.min(500, Math.max(1, Number(url.searchParams.get("count") ?? 100) || 100));
  const t = quoteTime(app, ["kraken"], asset.symbol);
  const { price } = prices(app).quote("kraken", asset.symbol, t);
  // Simulated books are only so deep: at most 100 levels a side.
  const book = spotDepth(app.options.seed, asset, price, asset.krakenDecimals, t, Math.min(count, 100), "kraken");
  const row = ({ price, size }: { price: string; size: string }) => [price, size, Math.floor(t / 1000)];
  return { asks: book.asks.map(row), bids: book.bids.map(row) };
}

/** `OHLC?pair=&interval=&since=`: up to 720 rows `[time (s), open, high, low, close, vwap, volume, count]`, oldest first. */
function ohlc(app: SandboxInstance, asset: Asset, url: URL) {
  const interval = Number(url.searchParams.get("interval") ?? 1);
  if (!OHLC_INTERVALS.includes(interval)) return { error: ["EGeneral:Invalid arguments:interval"] };
  const sinceText = url.searchParams.get("since");
  const since = sinceText && /^\d+$/.test(sinceText) ? Number(sinceText) * 1000 : undefined;
  const span = interval * MINUTE;
  const now = quoteTime(app, ["kraken"], asset.symbol);
  const d = asset.krakenDecimals;
  const rows = candleTimes(span, now, OHLC_ROWS, since === undefined ? undefined : since + 1).map((open) => {
    const c = spotCandle(app, asset, open, interval, now);
    const volume = c.volume / 8;
    return [
      open / 1000,
      fixed(c.open, d),
      fixed(c.high, d),
      fixed(c.low, d),
      fixed(c.close, d),
      fixed((c.open + c.high + c.low + c.close) / 4, d),
      volume.toFixed(8),
      Math.round(c.trades / 8),
    ];
  });
  // `last`: the newest committed (closed) candle, to pass as `since` when polling.
  return { error: [], result: { [asset.krakenKey]: rows, last: Math.floor(now / span) * (span / 1000) - span / 1000 } };
}

export function registerKraken(app: SandboxInstance): void {
  /** A route answering per requested pair, keyed by Kraken's pair names. */
  const perPair = (path: string, build: (asset: Asset, url: URL) => unknown, single = false) =>
    app.route("kraken", "GET", path, ({ url }) => {
      const selected = pairs(url);
      if (!selected || (single && (url.searchParams.get("pair") === null || selected.length !== 1))) return UNKNOWN_PAIR;
      const result: Record<string, unknown> = {};
      for (const asset of selected) result[asset.krakenKey] = build(asset, url);
      return { error: [], result };
    });
  perPair("/0/public/Ticker", (asset) => ticker(app, asset));
  perPair("/0/public/AssetPairs", (asset) => assetPair(asset));
  perPair("/0/public/Depth", (asset, url) => depth(app, asset, url), true);
  app.route("kraken", "GET", "/0/public/OHLC", ({ url }) => {
    const selected = pairs(url);
    return selected && url.searchParams.get("pair") !== null && selected.length === 1 ? ohlc(app, selected[0]!, url) : UNKNOWN_PAIR;
  });
  app.route("kraken", "GET", "/0/public/Assets", () => ({ error: [], result: assets() }));
  app.route("kraken", "GET", "/0/public/Time", () => {
    const now = app.clock.now();
    return { error: [], result: { unixtime: Math.floor(now / 1000), rfc1123: new Date(now).toUTCString().replace("GMT", "+0000") } };
  });
}
