/**
 * The price feeds `run` listens to, as recorded: Binance's trade stream and Coinbase's ticker for
 * the symbols (the same URLs and subscriptions as the oracle's streams), and RTDS with both
 * topics — `crypto_prices_chainlink` (the settlement stream `run` reads) and `crypto_prices` (its
 * Binance-sourced twin, filters `btcusdt,…`), for comparing the two.
 */

import { rtdsStream } from "../adapters/polymarket/channels/rtds.ts";
import { binanceSymbol } from "../adapters/spot/binance.ts";
import { binanceStream } from "../adapters/spot/binance-stream.ts";
import { coinbaseStream } from "../adapters/spot/coinbase-stream.ts";
import { RawFeed, type RawFeedOptions } from "./raw-feed.ts";

/** A spot socket silent this long (real ms) is replaced; RTDS answers pings, so it is judged sooner. */
const SPOT_SILENCE_MS = 30_000;
const RTDS_SILENCE_MS = 15_000;
export const BINANCE_FEED = "trade";

export type SpotUrls = { binance_ws_url: string; coinbase_ws_url: string; rtds_url: string };

type Common = Pick<RawFeedOptions, "sink" | "now" | "log" | "reconnectBaseMs" | "reconnectMaxMs">;

function rtdsBinanceTopic(symbols: readonly string[]): string {
  const filters = symbols.map((symbol) => binanceSymbol(symbol).toLowerCase()).join(",");
  return JSON.stringify({ action: "subscribe", subscriptions: [{ topic: "crypto_prices", type: "update", filters }] });
}

export function spotFeeds(urls: SpotUrls, symbols: readonly string[], common: Common): RawFeed[] {
  const binance = binanceStream(urls.binance_ws_url, symbols, BINANCE_FEED);
  const coinbase = coinbaseStream(urls.coinbase_ws_url, symbols);
  const rtds = rtdsStream(urls.rtds_url, symbols);
  return [
    new RawFeed({ ...common, source: "binance", url: binance.url, subscribe: () => binance.subscribe, silenceMs: SPOT_SILENCE_MS }),
    new RawFeed({ ...common, source: "coinbase", url: coinbase.url, subscribe: () => coinbase.subscribe, silenceMs: SPOT_SILENCE_MS }),
    new RawFeed({
      ...common,
      source: "rtds",
      url: rtds.url,
      subscribe: () => [...rtds.subscribe, rtdsBinanceTopic(symbols)],
      keepalive: rtds.keepalive,
      silenceMs: RTDS_SILENCE_MS,
    }),
  ];
}
