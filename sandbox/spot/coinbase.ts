/**
 * Coinbase Exchange REST under `/coinbase`: `GET /products/{id}/ticker` (one product per call,
 * `{ask, bid, volume, trade_id, price, size, time}`) and `GET /time`.
 */
import { ASSETS, type Asset } from "../prices/assets.ts";
import { json, type SandboxInstance } from "../server.ts";
import { dayVolume, fixed, isoMicros, prices, quoteTime, skewFactor, tradeSize } from "./common.ts";

/** Keeps simulated trade ids in Coinbase's range yet increasing with time. */
const TRADE_ID_BASE = 17_000_000_000;

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

export function registerCoinbaseRest(app: SandboxInstance): void {
  app.route("coinbase", "GET", "/products/:product/ticker", ({ params }) => {
    const asset = coinbaseAsset(params.product ?? "");
    if (!asset) return json({ message: "NotFound" }, 404);
    const ticker = coinbaseTicker(app, asset, quoteTime(app, ["coinbase"], asset.symbol));
    return { ask: ticker.ask, bid: ticker.bid, volume: ticker.volume.toFixed(8), trade_id: ticker.tradeId, price: ticker.price, size: ticker.size, time: ticker.time };
  });
  app.route("coinbase", "GET", "/time", () => {
    const now = app.clock.now();
    return { iso: new Date(now).toISOString(), epoch: now / 1000 };
  });
}
