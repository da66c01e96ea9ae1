/**
 * Candles for the spot venues' OHLC routes (Binance klines, Coinbase candles, Kraken OHLC): built
 * from the model's 1-minute candles, cut at `now` (the current candle is still forming), with
 * simulated volume and trade counts. Every venue shows the same underlying moves.
 */
import type { Asset } from "../prices/assets.ts";
import { SandboxPriceModel } from "../prices/model.ts";
import type { SandboxInstance } from "../server.ts";
import { prices, unit } from "./common.ts";

export const MINUTE = 60_000;

export type SpotCandle = { openTime: number; open: number; high: number; low: number; close: number; volume: number; trades: number };

/** The candle of `minutes` minutes opening at `openTime`, using only what happened up to `now`. */
export function spotCandle(app: SandboxInstance, asset: Asset, openTime: number, minutes: number, now: number): SpotCandle {
  const model = prices(app);
  const seed = app.options.seed;
  const candle: SpotCandle = { openTime, open: NaN, high: -Infinity, low: Infinity, close: NaN, volume: 0, trades: 0 };
  for (let m = 0; m < minutes; m++) {
    const minuteOpen = openTime + m * MINUTE;
    if (minuteOpen > now) break;
    const one = model instanceof SandboxPriceModel ? model.candleUpTo(asset.symbol, minuteOpen, now) : model.candle(asset.symbol, minuteOpen);
    if (m === 0) candle.open = one.open;
    candle.high = Math.max(candle.high, one.high);
    candle.low = Math.min(candle.low, one.low);
    candle.close = one.close;
    const fraction = Math.min(1, (now - minuteOpen + 1) / MINUTE);
    const index = minuteOpen / MINUTE;
    candle.volume += asset.lot * 150 * (0.5 + unit(seed, `kline-volume:${asset.symbol}`, index)) * fraction;
    candle.trades += Math.round((200 + 800 * unit(seed, `kline-trades:${asset.symbol}`, index)) * fraction);
  }
  return candle;
}

/**
 * Open times of the candles a request covers: `limit` candles ending at the one containing `end`
 * (default now), or from the first candle at or after `start`; never past now.
 */
export function candleTimes(span: number, now: number, limit: number, start?: number, end?: number): number[] {
  const lastOpen = Math.floor(Math.min(now, end ?? now) / span) * span;
  const firstOpen = start === undefined ? lastOpen - (limit - 1) * span : Math.ceil(start / span) * span;
  const times: number[] = [];
  for (let open = firstOpen; open <= lastOpen && times.length < limit; open += span) times.push(open);
  return times;
}
