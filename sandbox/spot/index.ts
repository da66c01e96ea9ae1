/**
 * S1: spot price providers (Binance, Coinbase, Kraken, CoinGecko, Pyth REST), their streams
 * (Binance and Coinbase WebSockets) and Polymarket's RTDS, all quoting `app.prices`.
 */
import type { SandboxInstance } from "../server.ts";
import { registerBinanceRest } from "./binance.ts";
import { binanceStreamTick, registerBinanceStreams } from "./binance-ws.ts";
import { registerCoinbaseRest } from "./coinbase.ts";
import { coinbaseStreamTick, registerCoinbaseStream } from "./coinbase-ws.ts";
import { registerCoinGecko } from "./coingecko.ts";
import { registerKraken } from "./kraken.ts";
import { registerPyth } from "./pyth.ts";
import { registerRtds, rtdsTick } from "./rtds.ts";

/** Real milliseconds between stream ticks; each tick quotes the current simulated time. */
const STREAM_TICK_MS = 150;

/** One round of stream messages on every open spot socket (the timer calls this; so can tests). */
export function spotStreamTick(app: SandboxInstance): void {
  binanceStreamTick(app);
  coinbaseStreamTick(app);
  rtdsTick(app);
}

export function registerSpotProviders(app: SandboxInstance): void {
  registerBinanceRest(app);
  registerBinanceStreams(app);
  registerCoinbaseRest(app);
  registerCoinbaseStream(app);
  registerKraken(app);
  registerCoinGecko(app);
  registerPyth(app);
  registerRtds(app);
  app.every(STREAM_TICK_MS, () => spotStreamTick(app));
}
