/**
 * Throughput of `pm-arb scan` over a file of 2,000 markets with 10-level books (envelope: ≥ 5,000
 * markets a second through the CLI). Writes a synthetic recording — `market` records (Up/Down
 * 5m/15m windows on the Chainlink stream and daily "above" strikes, two outcomes, 10 ask and 10 bid
 * levels each, about a fifth of them mispriced) and `price` records (exchange price, settlement
 * value at each window start, basis) — then measures:
 *   1. in-process core: `scanMarkets` over already-parsed markets (what `run` calls every tick);
 *   2. in-process parse + scan: market records → Market → scanMarkets;
 *   3. in-process read path: the file's lines → records (readRecords: JSON.parse and the zod
 *      schemas, compiled as the CLI reads them) → Market → scanMarkets;
 *   4. end to end: the CLI reading the file on stdin (a recording: evaluated as of its own time,
 *      nothing fetched; --vol given), wall time including start-up, and net of a 1-market run —
 *      from the sources and from the shipped executable (dist/pm-arb; built when missing).
 * Runs are interleaved (full, 1-market, source, binary); the load average is printed with them.
 *
 *   bun bench/scan.ts [--markets 2000] [--runs 15] [--core-only] [--no-binary] [--write-input FILE]
 *
 * `--write-input FILE` only writes the recording (for profiling or comparing outputs) and exits.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { stamp } from "../core/cli/output.ts";
import { readRecords } from "../core/cli/stdin.ts";
import { Decimal } from "../core/decimal.ts";
import { marketFromRecord } from "../core/markets/market-record.ts";
import type { Market } from "../core/model/market.ts";
import { type MarketRecord, marketRecordSchema } from "../core/records/market.ts";
import { type PriceRecord, priceRecordSchema } from "../core/records/price.ts";
import { KNOWN_RECORD_TYPES } from "../core/records/types.ts";
import { probAbove, probUp, yearsBetween } from "../core/scan/fair-value.ts";
import { referenceKey } from "../core/scan/reference-price.ts";
import { type ScanOptions, type ScanPrices, scanMarkets } from "../core/scan/scan.ts";
import { createRng } from "../sandbox/rng.ts";
import { BINARY, ensureBuilt, loadAverage, median, numberFlag, ROOT } from "./common.ts";

const MARKETS = numberFlag("markets", 2000);
const RUNS = numberFlag("runs", 15);
const LEVELS = 10;
const SIGMA = 0.6;
/** A fixed past time: the file is a recording (evaluated as of its own time) and the numbers repeat. */
const NOW = Date.UTC(2026, 0, 15, 12, 7, 30);
const SPOT: Record<string, number> = { BTC: 97_000, ETH: 3_400, SOL: 190, XRP: 2.2 };
const SYMBOLS = Object.keys(SPOT);
const rng = createRng(7, "bench-scan");

const tokenId = () => {
  let digits = String(1 + rng.int(9));
  while (digits.length < 77) digits += String(rng.int(10));
  return digits;
};
const hex = (n: number) => Array.from({ length: n }, () => "0123456789abcdef"[rng.int(16)]).join("");
const round = (value: number, tick: number) => Math.min(1 - tick, Math.max(tick, Math.round(value / tick) * tick));

function ladder(first: number, step: number, tick: number) {
  return Array.from({ length: LEVELS }, (_, i) => ({ price: round(first + i * step, tick).toFixed(tick < 0.01 ? 3 : 2), size: (50 + rng.int(250)).toFixed(2) }));
}

const settled = (symbol: string) => Number((SPOT[symbol]! * 0.9981).toFixed(6));
/** The settlement stream's value at a window start: within ±0.2% of the current one, fixed per (symbol, start). */
const referenceAt = (symbol: string, start: number) => (settled(symbol) * (1 + ((((start / 60_000) * 7919) % 41) - 20) / 10_000)).toFixed(6);

function generate(): { markets: MarketRecord[]; lines: string[] } {
  const markets: MarketRecord[] = [];
  const settlementPoints: Record<string, Set<number>> = Object.fromEntries(SYMBOLS.map((symbol) => [symbol, new Set<number>()]));
  for (let i = 0; i < MARKETS; i++) {
    const symbol = SYMBOLS[i % 4]!;
    const spot = SPOT[symbol]!;
    const kind = i % 5 === 4 ? "above" : "updown";
    const window = i % 2 === 0 ? "5m" : "15m";
    const length = window === "5m" ? 300_000 : 900_000;
    // The window in progress (some already half-way through), or the next one for a few.
    const start = Math.floor(NOW / length) * length + (rng.next() < 0.1 ? length : 0);
    const end = kind === "updown" ? start + length : NOW + 6 * 3_600_000;
    const windowStart = kind === "updown" ? end - length : undefined;
    const strike = Math.round(spot * (1 + (rng.next() - 0.5) * 0.04));
    // Up/Down windows are priced on the settlement stream (spot × (1 − 19 bps)) against its value at the start.
    const p =
      kind === "updown"
        ? probUp(settled(symbol), Number(referenceAt(symbol, end - length)), SIGMA, yearsBetween(NOW, end))
        : probAbove(spot, strike, SIGMA, yearsBetween(NOW, end));
    const tick = i % 7 === 0 ? 0.001 : 0.01;
    // About a fifth of the books lag the fair value by 5–8 points on one side.
    const skew = rng.next() < 0.2 ? -(0.05 + rng.next() * 0.03) : 0.01 + rng.next() * 0.02;
    const yes = tokenId();
    const no = tokenId();
    const ts = new Date(NOW - 500).toISOString();
    if (windowStart !== undefined && windowStart <= NOW) settlementPoints[symbol]!.add(windowStart);
    const record = stamp(
      "market",
      {
        id: String(900_000 + i),
        condition_id: `0x${hex(64)}`,
        slug: kind === "updown" ? `${symbol.toLowerCase()}-updown-${window}-${windowStart! / 1000}-${i}` : `${symbol.toLowerCase()}-above-${strike}-${i}`,
        question: kind === "updown" ? `${symbol} Up or Down` : `Will the price of ${symbol} be above $${strike}?`,
        symbol,
        kind,
        ...(kind === "updown" ? { window, window_start: new Date(windowStart!).toISOString() } : { strike: String(strike) }),
        end: new Date(end).toISOString(),
        resolution: kind === "updown" ? { source: "chainlink" as const, detail: `${symbol}/USD data stream` } : { source: "binance" as const, detail: `${symbol}USDT 1m candle` },
        outcomes: kind === "updown" ? { Up: yes, Down: no } : { Yes: yes, No: no },
        fee_status: "enabled" as const,
        fee: { rate: "0.072", exponent: "1", taker_only: true, source: "bench" },
        tick_size: String(tick),
        min_size: "5",
        neg_risk: false,
        accepting_orders: true,
        books: {
          [kind === "updown" ? "Up" : "Yes"]: { token_id: yes, timestamp: ts, bids: ladder(p + skew - 0.02, -tick, tick), asks: ladder(p + skew, tick, tick) },
          // The other outcome's book mirrors this one (its asks are 1 − these bids), as on the venue.
          [kind === "updown" ? "Down" : "No"]: { token_id: no, timestamp: ts, bids: ladder(1 - (p + skew), -tick, tick), asks: ladder(1 - (p + skew - 0.02), tick, tick) },
        },
      } as never,
      new Date(NOW),
    ) as MarketRecord;
    markets.push(marketRecordSchema.parse(record));
  }
  const prices: string[] = [];
  for (const symbol of SYMBOLS) {
    for (const start of settlementPoints[symbol]!) {
      prices.push(JSON.stringify(stamp("price", priceRecord(symbol, start), new Date(NOW))));
    }
    prices.push(JSON.stringify(stamp("price", priceRecord(symbol, NOW - 400), new Date(NOW))));
  }
  return { markets, lines: [...markets.map((market) => JSON.stringify(market)), ...prices] };
}

function priceRecord(symbol: string, settledAt: number) {
  const spot = SPOT[symbol]!;
  const iso = new Date(NOW - 300).toISOString();
  return {
    symbol,
    price: String(spot),
    source: "binance",
    sources: ["binance"],
    source_ts: iso,
    received_at: iso,
    age_ms: 300,
    stale: false,
    settlement: settledAt >= NOW - 1000 ? settled(symbol).toFixed(6) : referenceAt(symbol, settledAt),
    settlement_ts: new Date(settledAt).toISOString(),
    settlement_age_ms: Math.max(0, NOW - settledAt),
    basis: (spot * 0.0019).toFixed(6),
    basis_bps: "19",
    basis_samples: 30,
  };
}

function pricesFor(markets: Market[]): ScanPrices {
  const spot = new Map(
    SYMBOLS.map((symbol) => [
      symbol,
      {
        exchange: { price: new Decimal(SPOT[symbol]!), ts: NOW - 300, source: "binance" },
        settlement: { price: new Decimal(settled(symbol).toFixed(6)), ts: NOW - 400, source: "rtds" },
        basis: new Decimal((SPOT[symbol]! * 0.0019).toFixed(6)),
      },
    ]),
  );
  const vol = new Map(SYMBOLS.map((symbol) => [symbol, { sigma: SIGMA, source: "flag" as const, returns: 0 }]));
  const refs = new Map();
  for (const market of markets) {
    if (market.window_start === undefined) continue;
    refs.set(referenceKey(market.symbol, market.window_start, market.resolution.source), {
      price: new Decimal(referenceAt(market.symbol, market.window_start)),
      ts: market.window_start,
      source: "settlement",
      proxy: false,
    });
  }
  return { spot, vol, refs };
}

const SOURCE = [process.execPath, join(ROOT, "commands", "index.ts")];

async function cli(entry: string[], file: string): Promise<{ ms: number; lines: number }> {
  const started = performance.now();
  const proc = Bun.spawn([...entry, "scan", "--vol", String(SIGMA), "--quiet"], { stdin: Bun.file(file), stdout: "pipe", stderr: "pipe", env: { ...process.env, NO_COLOR: "1" } });
  const out = await new Response(proc.stdout).text();
  const code = await proc.exited;
  if (code !== 0) throw new Error(`scan exited ${code}: ${await new Response(proc.stderr).text()}`);
  return { ms: performance.now() - started, lines: out.split("\n").filter(Boolean).length };
}

const { markets: records, lines } = generate();
const dir = mkdtempSync(join(tmpdir(), "pm-arb-bench-scan-"));
const file = join(dir, "scan-input.jsonl");
writeFileSync(file, `${lines.join("\n")}\n`);
const writeTo = process.argv.indexOf("--write-input");
if (writeTo > 0) {
  writeFileSync(process.argv[writeTo + 1]!, `${lines.join("\n")}\n`);
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
const one = join(dir, "one.jsonl");
writeFileSync(one, `${[lines[0], ...lines.slice(records.length)].join("\n")}\n`);

const parsed = records.map((record) => marketFromRecord(record));
const prices = pricesFor(parsed);
const options: ScanOptions = { now: NOW, minEdge: new Decimal("0.02"), maxSize: new Decimal(1000), maxPriceAgeMs: 3000, maxBookAgeMs: 5000, minSecondsLeft: 30, complement: true };

// Sanity: the same records give the same answer as the file will.
const check = scanMarkets(parsed, prices, options);
for (let i = 0; i < 3; i++) scanMarkets(parsed, prices, options); // warm-up
const core: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const started = performance.now();
  scanMarkets(parsed, prices, options);
  core.push(performance.now() - started);
}
// `--core-only` stops here (for profiling the core alone).
if (process.argv.includes("--core-only")) process.exit(0);
const withParse: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const started = performance.now();
  scanMarkets(
    records.map((record) => marketFromRecord(record)),
    prices,
    options,
  );
  withParse.push(performance.now() - started);
}
// The CLI's read path in-process: lines → JSON → validated records (market records through the
// compiled schema, as core/scan/run.ts reads them) → Market → scan.
const compiledMarketSchema = z.compile(marketRecordSchema);
const readPath: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const started = performance.now();
  const markets: Market[] = [];
  const source = (async function* () {
    yield* lines;
  })();
  const read = readRecords<MarketRecord | PriceRecord>({
    consumes: { market: compiledMarketSchema, price: priceRecordSchema },
    knownTypes: KNOWN_RECORD_TYPES,
    passThrough: () => {},
    lines: source,
  });
  for await (const { record } of read) if (record.type === "market") markets.push(marketFromRecord(record));
  scanMarkets(markets, prices, options);
  readPath.push(performance.now() - started);
}

const loadBefore = loadAverage();
const useBinary = !process.argv.includes("--no-binary");
if (useBinary) ensureBuilt();
const entries: [string, string[]][] = [["source", SOURCE], ...(useBinary ? ([["binary", [BINARY]]] as [string, string[]][]) : [])];
const wall = new Map(entries.map(([name]) => [name, { full: [] as number[], one: [] as number[] }]));
let emitted = 0;
for (let i = 0; i < RUNS; i++) {
  for (const [name, entry] of entries) {
    const full = await cli(entry, file);
    emitted = full.lines;
    wall.get(name)!.full.push(full.ms);
    wall.get(name)!.one.push((await cli(entry, one)).ms);
  }
}
rmSync(dir, { recursive: true, force: true });

const rate = (ms: number) => Math.round((MARKETS / ms) * 1000);
console.log(
  `scan bench: ${MARKETS} markets × 2 outcomes × ${LEVELS} levels a side; ${check.opportunities.length} opportunities, ${check.rejected.length} rejections per pass; load average ${loadBefore} → ${loadAverage()}`,
);
console.log(`  in-process scanMarkets:        median ${median(core).toFixed(1)} ms → ${rate(median(core)).toLocaleString("en-US")} markets/s`);
console.log(`  in-process parse + scan:       median ${median(withParse).toFixed(1)} ms → ${rate(median(withParse)).toLocaleString("en-US")} markets/s`);
console.log(
  `  in-process lines → scan:       median ${median(readPath).toFixed(1)} ms → ${rate(median(readPath)).toLocaleString("en-US")} markets/s (JSON, schemas, Market, scan)`,
);
for (const [name] of entries) {
  const { full, one: single } = wall.get(name)!;
  console.log(
    `  CLI (${name}) end to end:     median ${median(full).toFixed(0)} ms wall → ${rate(median(full)).toLocaleString("en-US")} markets/s incl. start-up (envelope ≥ 5,000); ${emitted} records out`,
  );
  console.log(
    `  CLI (${name}) net of 1 market: ${(median(full) - median(single)).toFixed(0)} ms → ${rate(median(full) - median(single)).toLocaleString("en-US")} markets/s (1-market run ${median(single).toFixed(0)} ms)`,
  );
}
