/**
 * The spot prices a replay has read so far, for what live reads from elsewhere: Binance's 1-minute
 * candles (the model's volatility and Binance-settled windows' openings, as `/api/v3/klines` would
 * answer — the candle in progress included) and the settlement stream's points (a window settled
 * from spot when no resolved Gamma row was recorded). Only the past: nothing later than the replay's
 * time has been added. Replay and calibrate on a recording both build it.
 */

import { rtdsStream } from "../adapters/polymarket/channels/rtds.ts";
import { binanceStream } from "../adapters/spot/binance-stream.ts";
import { coinbaseStream } from "../adapters/spot/coinbase-stream.ts";
import type { Quote, StreamFeed } from "../adapters/spot/types.ts";
import { lastAtOrBefore } from "../calibrate/last-at-or-before.ts";
import type { Decimal } from "../decimal.ts";
import type { Candle } from "../scan/reference-price.ts";
import { KNOWN_SYMBOLS } from "../symbols.ts";

const MINUTE = 60_000;

type Point = { ts: number; price: Decimal };

/** The recorded sources with spot prices in them. */
export type SpotSource = "binance" | "coinbase" | "rtds";

export class SpotHistory {
  // The same parsers the streams use, so the history holds what live would have read.
  private readonly parsers: Record<SpotSource, StreamFeed> = {
    binance: binanceStream("", KNOWN_SYMBOLS),
    coinbase: coinbaseStream("", KNOWN_SYMBOLS),
    rtds: rtdsStream("", KNOWN_SYMBOLS),
  };
  private readonly candles = new Map<string, Candle[]>();
  private readonly points = new Map<string, Point[]>();
  /** Each symbol's first minute, under way when the recording began: its open is not the minute's open. */
  private readonly partialMinute = new Map<string, number>();

  /** One recorded message of a spot source (its text), received at `t`. */
  addMessage(src: SpotSource, text: string, t: number): void {
    for (const quote of this.parsers[src].parse(text, t).quotes) this.add(quote);
  }

  add(quote: Quote): void {
    const ts = quote.sourceTs ?? quote.receivedAt;
    if (quote.provider === "rtds") {
      const points = this.points.getOrInsertComputed(quote.symbol, () => []);
      const last = points.at(-1);
      if (!last || ts >= last.ts) points.push({ ts, price: quote.price });
    } else if (quote.provider === "binance") this.candle(quote.symbol, ts, quote.price);
  }

  /**
   * Binance's answer to a klines request now: 1-minute candles in the range, the newest `limit` —
   * without the minute under way when the recording began, whose open live would know and we do not.
   */
  klines(symbol: string, query: { startTime?: number; endTime?: number; limit: number }): Candle[] {
    const all = (this.candles.get(symbol) ?? []).filter((candle) => candle.openTime !== this.partialMinute.get(symbol));
    const inRange = all.filter(
      (candle) => (query.startTime === undefined || candle.openTime >= query.startTime) && (query.endTime === undefined || candle.openTime <= query.endTime),
    );
    return inRange.slice(-query.limit);
  }

  /** The settlement stream's (RTDS Chainlink) points of a symbol, oldest first. */
  settlementPoints(symbol: string): readonly Point[] {
    return this.points.get(symbol) ?? [];
  }

  /** The settlement source's price at a window's `start` or `end`: the stream's last point at or before it, or Binance's candle open at / close before it. */
  priceAt(source: "rtds" | "binance", symbol: string, at: number, edge: "start" | "end"): Decimal | undefined {
    if (source === "rtds") return lastAtOrBefore(this.points.get(symbol) ?? [], at, (point) => point.ts)?.price;
    const candles = this.candles.get(symbol) ?? [];
    if (edge === "start") return this.klines(symbol, { startTime: at, endTime: at, limit: 1 })[0]?.open;
    return lastAtOrBefore(candles, at - MINUTE, (candle) => candle.openTime)?.close;
  }

  private candle(symbol: string, ts: number, price: Decimal): void {
    const candles = this.candles.getOrInsertComputed(symbol, () => []);
    const openTime = Math.floor(ts / MINUTE) * MINUTE;
    const last = candles.at(-1);
    if (last && last.openTime === openTime) {
      if (price.gt(last.high)) last.high = price;
      if (price.lt(last.low)) last.low = price;
      last.close = price;
    } else if (!last || openTime > last.openTime) {
      if (!last && ts > openTime) this.partialMinute.set(symbol, openTime);
      candles.push({ openTime, open: price, high: price, low: price, close: price, closeTime: openTime + MINUTE - 1 });
    }
  }
}
