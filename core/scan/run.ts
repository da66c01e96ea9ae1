/**
 * `pm-arb scan`: gather markets (piped `market` records — only those when anything is piped in —
 * or discovery), books, prices, volatility and window openings, run `scanMarkets`, and emit one
 * `opportunity` per actionable outcome (with --explain, a `rejected` per market that yielded none).
 * Piped input whose newest record is more than a minute old is a recording: it is evaluated as of
 * its own newest timestamp and nothing is fetched live.
 */

import { z } from "zod";
import { log } from "../cli/log.ts";
import { type RecordEnvelope, stamp } from "../cli/output.ts";
import { readRecords } from "../cli/stdin.ts";
import { loadConfig } from "../config/load.ts";
import type { Config } from "../config/schema.ts";
import { marketFromRecord } from "../markets/market-record.ts";
import { matchesFilters } from "../markets/options.ts";
import type { Market } from "../model/market.ts";
import { oracleUrlsOf } from "../oracle/types.ts";
import { type MarketRecord, marketRecordSchema } from "../records/market.ts";
import { type PriceRecord, priceRecordSchema } from "../records/price.ts";
import { KNOWN_RECORD_TYPES } from "../records/types.ts";
import type { ScanCommandOptions } from "./options.ts";
import { pricesFromRecords } from "./price-records.ts";
import { type RejectedFields, type ScanResult, type SymbolPrices, scanMarkets } from "./scan.ts";
import { type KlinesFn, loadModelInputs, pricesFromOracle } from "./sources.ts";

/** Where records go (core/cli/output.ts `Output`). */
export type RecordSink = { emit(record: RecordEnvelope & Record<string, unknown>): void };
type Emit = RecordSink["emit"];

export type ScanRunDeps = {
  config?: Config;
  /** Read piped records (then scan only their markets): `true` for the process's stdin, or the lines themselves (tests). */
  stdin?: AsyncIterable<string> | true;
  /** Real time (tests against a sandbox inject its clock). */
  now?: () => number;
};

/** A recording is evaluated as of its own time once it is older than this. */
const LIVE_WINDOW_MS = 60_000;

type Gathered = { markets: Market[]; priceRecords: PriceRecord[]; newest?: number; unclassified: RejectedFields[] };

/**
 * Piped `market` and `price` records, validated by their schemas; other known records pass through.
 * Market records (thousands, each with books of levels) go through zod's compiled fast path; a bad
 * one falls back to zod's runtime parser, so it is reported with the same message.
 */
async function readPiped(lines: AsyncIterable<string> | undefined, emit: Emit): Promise<Gathered> {
  const gathered: Gathered = { markets: [], priceRecords: [], unclassified: [] };
  const records = readRecords<MarketRecord | PriceRecord>({
    consumes: { market: z.compile(marketRecordSchema), price: priceRecordSchema },
    knownTypes: KNOWN_RECORD_TYPES,
    passThrough: (record) => emit(record as RecordEnvelope & Record<string, unknown>),
    lines,
  });
  for await (const { record } of records) {
    const ts = Date.parse(record.ts);
    if (!gathered.newest || ts > gathered.newest) gathered.newest = ts;
    if (record.type === "market") gathered.markets.push(marketFromRecord(record));
    else gathered.priceRecords.push(record);
  }
  return gathered;
}

async function oraclePrices(config: Config, symbols: string[], now: () => number): Promise<Map<string, SymbolPrices>> {
  const { createOracle } = await import("../oracle/oracle.ts");
  const providers = [...new Set([...config.providers, "rtds" as const])];
  const oracle = createOracle({
    providers,
    urls: oracleUrlsOf(config),
    timeouts: { requestMs: config.request_timeout_ms },
    now,
    log: { warn: (message) => log().warn(message), info: (message) => log().debug(message), debug: (message) => log().debug(message) },
  });
  try {
    await oracle.refresh(symbols);
    return pricesFromOracle(oracle, symbols, now());
  } finally {
    await oracle.close();
  }
}

function klinesFrom(config: Config): KlinesFn {
  return async (symbol, query) => {
    const { fetchKlines } = await import("../adapters/spot/binance.ts");
    return fetchKlines(config.binance_url, symbol, { interval: "1m", ...query, timeoutMs: Math.max(config.request_timeout_ms, 5000) });
  };
}

export async function runScan(options: ScanCommandOptions, out: RecordSink, deps: ScanRunDeps = {}): Promise<ScanResult> {
  const config = deps.config ?? loadConfig({ configPath: options.configPath });
  const realNow = deps.now ?? Date.now;
  const timeoutMs = Math.max(config.request_timeout_ms, 5000);

  let gathered: Gathered = { markets: [], priceRecords: [], unclassified: [] };
  let now = options.at ?? realNow();
  let recording = false;
  if (deps.stdin) {
    gathered = await readPiped(deps.stdin === true ? undefined : deps.stdin, (record) => out.emit(record));
    recording = options.at === undefined && gathered.newest !== undefined && realNow() - gathered.newest > LIVE_WINDOW_MS;
    if (recording) {
      now = gathered.newest!;
      log().info(`scan: input was recorded at ${new Date(now).toISOString()}; evaluating as of then, fetching nothing live`);
    }
  }
  // Piped input is the whole universe: a filter upstream (`markets --symbols BTC | scan`) that
  // matched nothing must not be widened to every market. Only with nothing piped does scan discover.
  if (deps.stdin && gathered.markets.length === 0) {
    log().warn(
      "scan: no market records on stdin, so nothing to scan and no opportunities (scan discovers markets itself only when nothing is piped in, e.g. pm-arb scan </dev/null)",
    );
  }
  if (!deps.stdin) {
    const [{ discoverMarkets }, { progressReporter, reportDiscovery }] = await Promise.all([import("../markets/discover.ts"), import("../markets/run.ts")]);
    const discovery = await discoverMarkets(
      { at: now, symbols: options.symbols, kinds: options.kinds, endsWithinMs: options.endsWithinMs, books: true, depth: options.depth },
      { gammaUrl: config.gamma_url, clobUrl: config.clob_url, timeoutMs, now: realNow(), onProgress: progressReporter() },
    );
    reportDiscovery(discovery);
    gathered.markets = discovery.markets;
    gathered.unclassified = [
      ...discovery.skipped.map((skipped) => ({ reason: "unclassified" as const, detail: skipped.reason, slug: skipped.slug })),
      ...discovery.malformed.map((problem) => ({ reason: "malformed" as const, detail: problem })),
    ];
  }
  const clock = options.at !== undefined || recording ? () => now : realNow;
  const markets = gathered.markets.filter((market) => matchesFilters(market, options, now));
  const symbols = [...new Set(markets.map((market) => market.symbol))];

  const bookless = markets.filter((market) => !market.books || market.outcomes.some((outcome) => !market.books![outcome.token_id]));
  if (bookless.length > 0 && !recording) {
    const { attachBooks } = await import("../adapters/polymarket/market-data/books.ts");
    await attachBooks(bookless, { clobUrl: config.clob_url, timeoutMs }, options.depth);
  }

  const recorded = pricesFromRecords(gathered.priceRecords);
  const fetchPrices = gathered.priceRecords.length === 0 && symbols.length > 0 && !recording;
  const spot = fetchPrices ? await oraclePrices(config, symbols, clock) : recorded.spot;
  const model = await loadModelInputs(markets, now, {
    klines: klinesFrom(config),
    vol: options.vol,
    volFloor: options.volFloor,
    history: recorded.history,
    warn: (message) => log().warn(message),
  });

  const result = scanMarkets(markets, { spot, ...model }, { ...options, now: clock() });
  const stampTime = new Date(realNow());
  for (const fields of result.opportunities) out.emit(stamp("opportunity", fields, stampTime));
  if (options.explain) for (const fields of [...result.rejected, ...gathered.unclassified]) out.emit(stamp("rejected", fields, stampTime));

  const reasons = new Map<string, number>();
  for (const { reason } of result.rejected) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  const summary = [...reasons].map(([reason, count]) => `${count} ${reason}`).join(", ");
  log().info(
    `scan: ${markets.length} markets, ${result.opportunities.length} opportunities${summary ? `; rejected: ${summary}` : ""}${options.explain ? "" : " (--explain shows why)"}`,
  );
  return result;
}
