/**
 * In-process cost of one streamed tick: the WebSocket message text → parse → oracle state → the
 * emitted `price` record as a JSON line (everything but the write itself). No network: messages are
 * handed to the stream manager's message handler directly. Target: median under 50 µs.
 *
 *   bun bench/tick.ts [--ticks 200000] [--mode priority|median]
 */
import { Decimal } from "../core/decimal.ts";
import { createOracle } from "../core/oracle/oracle.ts";
import { priceRecord } from "../core/oracle/record.ts";
import type { OracleMode } from "../core/oracle/select.ts";
import { StreamManager } from "../core/oracle/stream-manager.ts";
import { binanceStream } from "../core/providers/binance-stream.ts";
import { coinbaseStream } from "../core/providers/coinbase-stream.ts";
import { rtdsStream } from "../core/providers/rtds.ts";
import { median, numberFlag, quantile } from "./common.ts";

const TICKS = numberFlag("ticks", 200_000);
const MODE = (process.argv.includes("--mode") ? process.argv[process.argv.indexOf("--mode") + 1] : "priority") as OracleMode;
const SYMBOLS = ["BTC", "ETH", "SOL", "XRP"];
const BASE: Record<string, number> = { BTC: 97000, ETH: 3500, SOL: 150, XRP: 2.1 };

let now = Date.UTC(2026, 10, 25, 12);
const oracle = createOracle({
  providers: ["binance", "coinbase", "rtds"],
  mode: MODE,
  now: () => now,
  maxAgeMs: { rtds: 3_600_000 },
  basis: { windowMs: 3_600_000, maxSamples: 600 },
});
let lines = 0;
let bytes = 0;
const onQuote = (quote: Parameters<typeof oracle.ingest>[0]) => {
  oracle.ingest(quote);
  const line = JSON.stringify(priceRecord(oracle, quote.symbol, now));
  lines++;
  bytes += line.length;
};
const binance = new StreamManager({ feed: binanceStream("ws://unused", SYMBOLS, "trade"), onQuote, now: () => now });
const coinbase = new StreamManager({ feed: coinbaseStream("ws://unused", SYMBOLS), onQuote, now: () => now });
const rtds = new StreamManager({ feed: rtdsStream("ws://unused", SYMBOLS), onQuote, now: () => now });

// Settlement and the other provider are present, so records carry settlement and basis fields.
for (const symbol of SYMBOLS) {
  oracle.ingest({ provider: "rtds", symbol, price: new Decimal(BASE[symbol]! * 0.9981), sourceTs: now, receivedAt: now });
  oracle.ingest({ provider: "coinbase", symbol, price: new Decimal(BASE[symbol]! * 1.0001), sourceTs: now, receivedAt: now });
}

/** Pre-built messages: realistic text, prices varying tick to tick; a settlement update every 20th (full basis window). */
function message(i: number): { target: StreamManager; text: string } {
  const symbol = SYMBOLS[i % SYMBOLS.length]!;
  const price = (BASE[symbol]! * (1 + Math.sin(i / 50) * 0.001)).toFixed(symbol === "XRP" ? 4 : 2);
  if (i % 20 === 19) {
    const settled = SYMBOLS[Math.floor(i / 20) % SYMBOLS.length]!;
    const value = Number((BASE[settled]! * (1 + Math.sin(i / 50) * 0.001) * 0.9981).toFixed(8));
    return {
      target: rtds,
      text: JSON.stringify({ topic: "crypto_prices_chainlink", type: "update", timestamp: now, payload: { symbol: `${settled.toLowerCase()}/usd`, timestamp: now, value } }),
    };
  }
  if (i % 5 === 4)
    return {
      target: coinbase,
      text: JSON.stringify({
        type: "ticker",
        sequence: i,
        product_id: `${symbol}-USD`,
        price,
        open_24h: "1",
        volume_24h: "2",
        best_bid: price,
        best_ask: price,
        side: "buy",
        time: new Date(now).toISOString(),
        trade_id: i,
        last_size: "0.01",
      }),
    };
  const data = { e: "trade", E: now + 3, s: `${symbol}USDT`, t: i, p: price, q: "0.01000000", T: now, m: i % 2 === 0, M: true };
  return { target: binance, text: JSON.stringify({ stream: `${symbol.toLowerCase()}usdt@trade`, data }) };
}
const messages = Array.from({ length: 4000 }, (_, i) => message(i));

function run(count: number, samples?: Float64Array): void {
  for (let i = 0; i < count; i++) {
    const { target, text } = messages[i % messages.length]!;
    now += 1;
    if (samples) {
      const start = performance.now();
      target.message(text);
      samples[i] = performance.now() - start;
    } else target.message(text);
  }
}

run(20_000); // warm-up (JIT)
const samples = new Float64Array(TICKS);
const wall = performance.now();
run(TICKS, samples);
const elapsed = performance.now() - wall;
const times = [...samples];
// Settlement updates (every 20th message) also re-take the rolling basis median: reported apart.
const settlementTicks = times.filter((_, i) => i % 20 === 19);
const us = (ms: number) => (ms * 1000).toFixed(1);
const at = (q: number) => quantile(times, q);
console.log(
  JSON.stringify({
    bench: "tick",
    mode: MODE,
    ticks: TICKS,
    median_us: Number(us(at(0.5))),
    p90_us: Number(us(at(0.9))),
    p99_us: Number(us(at(0.99))),
    mean_us: Number(us(elapsed / TICKS)),
    ticks_per_s: Math.round(TICKS / (elapsed / 1000)),
    settlement_tick_median_us: Number(us(median(settlementTicks))),
    target_median_us: 50,
    pass: at(0.5) * 1000 < 50,
    records: lines,
    avg_record_bytes: Math.round(bytes / lines),
    bun: Bun.version,
  }),
);
await oracle.close();
