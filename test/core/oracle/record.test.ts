import { expect, test } from "bun:test";
import type { ProviderName } from "../../../core/adapters/spot/types.ts";
import { Decimal } from "../../../core/decimal.ts";
import { createOracle } from "../../../core/oracle/oracle.ts";
import { priceRecord } from "../../../core/oracle/record.ts";
import { priceRecordSchema } from "../../../core/records/price.ts";

const NOW = Date.UTC(2026, 11, 31, 17, 0, 0);

function fed(providers: ProviderName[], mode: "priority" | "median" = "priority") {
  let now = NOW;
  const oracle = createOracle({ providers, mode, now: () => now });
  const quote = (provider: ProviderName, price: string, ageMs: number, withTs = true) =>
    oracle.ingest({ provider, symbol: "BTC", price: new Decimal(price), sourceTs: withTs ? now - ageMs : undefined, receivedAt: now - Math.min(ageMs, 20) });
  return { oracle, quote, advance: (ms: number) => (now += ms), now: () => now };
}

test("priority: the provider, its timestamp, receipt and age", () => {
  const { oracle, quote, now } = fed(["binance", "coinbase"]);
  quote("coinbase", "97001.5", 300);
  quote("binance", "97000.01", 20, false);
  const record = priceRecordSchema.parse(priceRecord(oracle, "BTC", now()));
  expect(record).toEqual({
    type: "price",
    v: 1,
    ts: "2026-12-31T17:00:00.000Z",
    symbol: "BTC",
    price: "97000.01",
    source: "binance",
    sources: ["binance"],
    source_ts: null,
    received_at: "2026-12-31T16:59:59.980Z",
    age_ms: 20,
    stale: false,
  });
});

test("median: contributors, spread, and the liar with its deviation", () => {
  const { oracle, quote, now } = fed(["binance", "coinbase", "kraken", "pyth"], "median");
  quote("binance", "100000", 100);
  quote("coinbase", "105000", 100);
  quote("kraken", "100010", 400);
  quote("pyth", "99990", 1000);
  const record = priceRecordSchema.parse(priceRecord(oracle, "BTC", now()));
  expect(record).toMatchObject({
    price: "100000",
    source: "median",
    sources: ["binance", "kraken", "pyth"],
    spread: "20",
    spread_bps: "2",
    age_ms: 1000,
    stale: false,
    source_ts: "2026-12-31T16:59:59.000Z",
  });
  expect(record.rejected).toEqual([{ source: "coinbase", price: "105000", deviation_bps: "499.48" }]);
});

test("stale: the newest known price, flagged, with why each provider has nothing fresh", () => {
  const { oracle, quote, advance, now } = fed(["binance"]);
  quote("binance", "97000", 0, false);
  advance(6_000);
  const record = priceRecordSchema.parse(priceRecord(oracle, "BTC", now()));
  expect(record).toMatchObject({ price: "97000", source: "binance", stale: true, age_ms: 6_000, failures: [] });
});

test("never priced: price and source null, stale", () => {
  const { oracle, now } = fed(["binance"]);
  expect(priceRecordSchema.parse(priceRecord(oracle, "BTC", now()))).toMatchObject({ price: null, source: null, sources: [], age_ms: null, stale: true });
});

test("with rtds: settlement kept apart; basis from one sample per settlement update", () => {
  const { oracle, quote, now, advance } = fed(["binance", "rtds"]);
  quote("binance", "100190", 10, false);
  quote("rtds", "100000", 500);
  advance(1000);
  quote("binance", "100200", 10, false);
  quote("rtds", "100010", 400);
  const record = priceRecordSchema.parse(priceRecord(oracle, "BTC", now()));
  expect(record).toMatchObject({
    price: "100200",
    source: "binance",
    settlement: "100010",
    settlement_ts: "2026-12-31T17:00:00.600Z",
    settlement_age_ms: 400,
    basis: "190",
    basis_bps: "19",
    basis_samples: 2,
  });
});

test("only rtds asked for: the settlement price is the record's price, attributed to rtds", () => {
  const { oracle, quote, now } = fed(["rtds"]);
  quote("rtds", "100010", 400);
  expect(priceRecordSchema.parse(priceRecord(oracle, "BTC", now()))).toMatchObject({ price: "100010", source: "rtds", settlement: "100010", basis: null });
});
