/** `pm-arb prices`: spot prices from several providers that never go blind. Wiring only; logic in core/oracle. */

import { defineCommand } from "citty";
import { commonArgs } from "../core/cli/flags.ts";
import { log } from "../core/cli/log.ts";
import { emitRecords } from "../core/cli/output.ts";
import { loadConfig } from "../core/config/load.ts";
import { type PricesFlags, parsePricesFlags } from "../core/oracle/options.ts";
import { runPrices } from "../core/oracle/run.ts";
import { oracleUrlsOf } from "../core/oracle/types.ts";

export default defineCommand({
  meta: {
    name: "prices",
    description:
      "Spot prices for bare symbols (BTC ETH SOL XRP) from Binance, Coinbase, Kraken, CoinGecko, Pyth and the Chainlink settlement stream (one `price` record per symbol)",
  },
  args: {
    ...commonArgs,
    symbols: { type: "positional", required: false, description: "Bare symbols: BTC ETH SOL XRP (not BTCUSDT)", valueHint: "SYMBOL" },
    providers: {
      type: "string",
      description: "Providers in priority order: binance,coinbase,kraken,coingecko,pyth,rtds (rtds adds the Chainlink settlement price and basis; default from config)",
      valueHint: "list",
    },
    mode: {
      type: "string",
      description: "priority (default: highest-priority healthy provider, fall back on failure) or median (median of fresh providers, outliers rejected)",
      valueHint: "mode",
      values: ["priority", "median"],
    },
    "max-age": {
      type: "string",
      description: "Oldest price reported as current: 5s for all, or per provider binance=2s,coingecko=90s (default: config price_max_age_ms for exchanges)",
      valueHint: "age",
    },
    band: { type: "string", description: "Median mode: reject sources further than this from the median, in bps (default 100)", valueHint: "bps" },
    timeout: { type: "string", description: "Per-request timeout (default: config request_timeout_ms)", valueHint: "duration" },
    watch: { type: "boolean", description: "Keep emitting, one REST cycle every --interval" },
    stream: { type: "boolean", description: "WebSocket feeds (Binance, Coinbase, RTDS), REST while a stream is down; a record on every change" },
    interval: { type: "string", description: "Cycle (--watch) or REST gap-fill check (--stream) period (default 1s)", valueHint: "duration" },
    "binance-feed": { type: "string", description: "Binance stream with --stream: trade (default) or bookTicker (mid price)", valueHint: "feed" },
    count: { type: "string", description: "With --watch/--stream: stop after N cycles/records (default: until interrupted)", valueHint: "N" },
  },
  async run({ args }) {
    const config = loadConfig({ configPath: args.config });
    const options = parsePricesFlags(args as PricesFlags, {
      providers: config.providers,
      price_max_age_ms: config.price_max_age_ms,
      request_timeout_ms: config.request_timeout_ms,
      coingecko_api_key: config.coingecko_api_key,
      urls: oracleUrlsOf(config),
    });
    // Watch and stream run until interrupted: SIGINT/SIGTERM end them cleanly (streams closed, output flushed).
    const stop = new AbortController();
    const abort = () => stop.abort();
    const continuous = options.watch || options.stream;
    if (continuous) {
      process.once("SIGINT", abort);
      process.once("SIGTERM", abort);
    }
    const logger = { warn: (m: string) => log().warn(m), info: (m: string) => log().info(m), debug: (m: string) => log().debug(m), error: (m: string) => log().error(m) };
    try {
      await emitRecords(args, continuous, (emit) => runPrices(options, emit, { log: logger, signal: stop.signal }));
    } finally {
      process.off("SIGINT", abort);
      process.off("SIGTERM", abort);
    }
  },
});
