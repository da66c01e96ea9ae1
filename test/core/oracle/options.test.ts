import { expect, test } from "bun:test";
import { UsageError } from "../../../core/cli/errors.ts";
import { type PricesConfig, parseMaxAge, parsePricesFlags, parseProviders, parseSymbols } from "../../../core/oracle/options.ts";
import { DEFAULT_MAX_AGE_MS } from "../../../core/oracle/oracle.ts";

const config: PricesConfig = {
  providers: ["binance", "coinbase", "kraken", "coingecko", "pyth"],
  price_max_age_ms: 5000,
  request_timeout_ms: 2500,
  urls: { binance_url: "http://127.0.0.1:1/binance" },
};

test("defaults come from the configuration", () => {
  const options = parsePricesFlags({ _: ["BTC", "ETH"] }, config);
  expect(options).toMatchObject({
    symbols: ["BTC", "ETH"],
    providers: config.providers,
    mode: "priority",
    requestMs: 2500,
    watch: false,
    stream: false,
    intervalMs: 1000,
    binanceFeed: "trade",
    headers: {},
  });
  expect(options.maxAgeMs).toMatchObject({ binance: 5000, coinbase: 5000, kraken: 5000, pyth: 10_000, coingecko: 120_000, rtds: 10_000 });
  expect(options.bandBps.toString()).toBe("100");
  expect(options.urls).toBe(config.urls);
});

test("symbols: comma or space separated, de-duplicated, order kept", () => {
  expect(parseSymbols(["BTC,ETH", "SOL", "BTC"])).toEqual(["BTC", "ETH", "SOL"]);
});

test.each([
  ["BTCUSDT", "use the bare symbol BTC"],
  ["ETH-USD", "use the bare symbol ETH"],
  ["XXBT", "use the bare symbol BTC"],
  ["sol", "use SOL"],
  ["DOGE", "unknown symbol DOGE"],
])("symbol %p → usage error (%s)", (input, message) => {
  expect(() => parseSymbols([input])).toThrow(message);
  expect(() => parseSymbols([input])).toThrow(UsageError);
});

test("providers: picked and ordered, rtds accepted, unknown names listed", () => {
  expect(parseProviders("Kraken, binance rtds")).toEqual(["kraken", "binance", "rtds"]);
  expect(() => parseProviders("binance,bitstamp")).toThrow('unknown provider "bitstamp"; known providers: binance, coinbase, kraken, coingecko, pyth, rtds');
});

test("max-age: one value for all, or per provider", () => {
  expect(parseMaxAge("2s", DEFAULT_MAX_AGE_MS)).toEqual({ binance: 2000, coinbase: 2000, kraken: 2000, coingecko: 2000, pyth: 2000, rtds: 2000 });
  expect(parseMaxAge("binance=500ms,coingecko=90s", DEFAULT_MAX_AGE_MS)).toMatchObject({ binance: 500, coingecko: 90_000, coinbase: DEFAULT_MAX_AGE_MS.coinbase });
  expect(() => parseMaxAge("ftx=1s", DEFAULT_MAX_AGE_MS)).toThrow("unknown provider");
  expect(() => parseMaxAge("0s", DEFAULT_MAX_AGE_MS)).toThrow("above zero");
});

test.each([
  [{ mode: "avg" }, "--mode must be priority or median"],
  [{ band: "-1" }, "--band must be a band in basis points above 0"],
  [{ band: "1e400x" }, "--band"],
  [{ "binance-feed": "depth" }, "--binance-feed must be trade or bookTicker"],
  [{ interval: "1s" }, "--interval only applies with --watch or --stream"],
  [{ watch: true, interval: "10ms" }, "--interval must be at least 100ms"],
  [{ watch: true, count: "0" }, "--count must be a whole number"],
  [{ count: "3" }, "--count only applies"],
  [{ band: "1e999999999999999999" }, "--band must be a band in basis points above 0 and at most 10000"],
  [{ timeout: "0s" }, "--timeout must be above zero"],
] as const)("%p → %s", (flags, message) => {
  expect(() => parsePricesFlags({ _: ["BTC"], ...flags }, config)).toThrow(message);
});

test("coingecko_api_key becomes CoinGecko's header", () => {
  expect(parsePricesFlags({ _: ["BTC"] }, { ...config, coingecko_api_key: "k" }).headers).toEqual({ coingecko: { "x-cg-demo-api-key": "k" } });
});
