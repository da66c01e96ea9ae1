/**
 * Kraken public REST under `/kraken`: `GET /0/public/Ticker?pair=XBTUSD,ETHUSD` (batch; results
 * keyed by Kraken's renamed pairs: XXBTZUSD, XETHZUSD, SOLUSD, XXRPZUSD) and `GET /0/public/Time`.
 * Errors ride in the `error` array with HTTP 200, as Kraken does.
 */
import { ASSETS, type Asset } from "../prices/assets.ts";
import type { SandboxInstance } from "../server.ts";
import { dayStats, dayVolume, fixed, prices, quoteTime, tradeSize } from "./common.ts";

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

export function registerKraken(app: SandboxInstance): void {
  app.route("kraken", "GET", "/0/public/Ticker", ({ url }) => {
    const pairParam = url.searchParams.get("pair");
    const names = pairParam === null ? ASSETS.map((asset) => asset.kraken) : pairParam.split(",").filter(Boolean);
    const assets = names.map(krakenAsset);
    if (names.length === 0 || assets.some((asset) => !asset)) return { error: ["EQuery:Unknown asset pair"] };
    const result: Record<string, unknown> = {};
    for (const asset of assets as Asset[]) result[asset.krakenKey] = ticker(app, asset);
    return { error: [], result };
  });
  app.route("kraken", "GET", "/0/public/Time", () => {
    const now = app.clock.now();
    return { error: [], result: { unixtime: Math.floor(now / 1000), rfc1123: new Date(now).toUTCString().replace("GMT", "+0000") } };
  });
}
