/**
 * A constructed recording (the recorder's line format) of one BTC 15-minute Up/Down window: Gamma's
 * row at discovery, Binance trades and Chainlink points every second (nudged so each is new), the
 * two books, and a spot jump one minute into the window that makes Up's 0.50 ask an edge — which
 * `vanishAfterMs` later is taken off the book. After the window ends, Gamma's resolved row (Up won)
 * unless `resolvedRow` is false.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { RecordedEvent } from "../../../core/replay/feed.ts";

const ROW = (JSON.parse(readFileSync(join(import.meta.dir, "../../fixtures/gamma/updown.json"), "utf8")) as Record<string, unknown>[])[0]!;
const START = Date.parse(ROW.eventStartTime as string);
const END = Date.parse(ROW.endDate as string);
const [UP, DOWN] = JSON.parse(ROW.clobTokenIds as string) as [string, string];
const CONDITION = ROW.conditionId as string;
/** When spot jumps (and Up's ask becomes an edge). */
const JUMP = START + 60_000;

export type RecordingOptions = { vanishAfterMs: number; resolvedRow?: boolean };

const binance = (t: number, price: number): RecordedEvent => ({
  t,
  src: "binance",
  msg: { stream: "btcusdt@trade", data: { e: "trade", E: t, s: "BTCUSDT", p: price.toFixed(2), q: "0.01", T: t } },
});
const rtds = (t: number, price: number): RecordedEvent => ({
  t,
  src: "rtds",
  msg: { topic: "crypto_prices_chainlink", type: "update", timestamp: t, payload: { symbol: "btc/usd", timestamp: t, value: price } },
});
const book = (t: number, asset: string, ask: string): RecordedEvent => ({
  t,
  src: "clob_market",
  msg: [
    { event_type: "book", asset_id: asset, market: CONDITION, timestamp: String(t), hash: `h${t}`, bids: [{ price: "0.40", size: "100" }], asks: [{ price: ask, size: "100" }] },
  ],
});

export function constructedRecording(options: RecordingOptions): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  const from = START - 5_000;
  events.push({ t: from, src: "gamma_markets", msg: [ROW] });
  events.push(book(from + 20, UP, "0.50"), book(from + 20, DOWN, "0.52"));
  for (let t = from + 100, i = 0; t < END + 90_000; t += 1_000, i++) {
    const price = (t >= JUMP ? 101_000 : 100_000) + (i % 2) * 0.01;
    // The books are re-sent every 5 s (fresh, as a live channel's are kept fresh by its changes).
    if (i % 5 === 0 && t < JUMP) events.push(book(t - 50, UP, "0.50"), book(t - 50, DOWN, "0.52"));
    events.push(rtds(t, price), binance(t + 1, price));
  }
  events.push(book(JUMP - 200, UP, "0.50"), book(JUMP - 200, DOWN, "0.52"));
  // The edge goes: Up's ask is taken off the book.
  events.push({
    t: JUMP + 1 + options.vanishAfterMs,
    src: "clob_market",
    msg: {
      event_type: "price_change",
      market: CONDITION,
      timestamp: String(JUMP + 1 + options.vanishAfterMs),
      price_changes: [{ asset_id: UP, price: "0.50", size: "0", side: "SELL", hash: "gone" }],
    },
  });
  if (options.resolvedRow !== false) events.push({ t: END + 60_000, src: "gamma_markets", msg: [{ ...ROW, closed: true, active: false, outcomePrices: '["1", "0"]' }] });
  return events.sort((a, b) => a.t - b.t);
}

export async function* playable(events: readonly RecordedEvent[]): AsyncIterable<RecordedEvent> {
  yield* events;
}
