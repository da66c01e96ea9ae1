import { describe, expect, test } from "bun:test";
import type { ProviderName, Quote } from "../../../core/adapters/spot/types.ts";
import { Decimal } from "../../../core/decimal.ts";
import { quoteAge, type SelectInput, selectPrice } from "../../../core/oracle/select.ts";

const NOW = 1_000_000;
const q = (provider: ProviderName, price: string, ageMs: number, withTs = true): Quote => ({
  provider,
  symbol: "BTC",
  price: new Decimal(price),
  sourceTs: withTs ? NOW - ageMs : undefined,
  receivedAt: withTs ? NOW - Math.min(ageMs, 50) : NOW - ageMs,
});

/** A provider's name alone: no quote from it. */
function select(mode: SelectInput["mode"], quotes: readonly (Quote | ProviderName)[], unhealthy: ProviderName[] = []) {
  return selectPrice({
    symbol: "BTC",
    mode,
    now: NOW,
    bandBps: new Decimal(100),
    quotes: quotes.map((entry) => {
      const [provider, quote] = typeof entry === "string" ? [entry, undefined] : [entry.provider, entry];
      return { provider, quote, healthy: !unhealthy.includes(provider), maxAgeMs: provider === "coingecko" ? 120_000 : 5_000 };
    }),
  });
}

describe("quote age", () => {
  test.each([
    { name: "provider timestamp older than receipt", sourceTs: NOW - 4_000, receivedAt: NOW - 10, age: 4_000 },
    { name: "no provider timestamp: since receipt", sourceTs: undefined, receivedAt: NOW - 700, age: 700 },
    { name: "provider clock slightly ahead: since receipt", sourceTs: NOW + 1_500, receivedAt: NOW - 20, age: 20 },
    { name: "provider clock far ahead (untrusted): since receipt", sourceTs: NOW + 3_600_000, receivedAt: NOW - 30, age: 30 },
  ])("$name", ({ sourceTs, receivedAt, age }) => {
    expect(quoteAge({ provider: "binance", symbol: "BTC", price: new Decimal(1), sourceTs, receivedAt }, NOW)).toBe(age);
  });
});

describe("priority selection", () => {
  test.each([
    { name: "highest-priority fresh quote", quotes: [q("binance", "100", 100), q("coinbase", "101", 100)], expected: ["binance", "100", false, 100] },
    { name: "primary stale → next provider", quotes: [q("binance", "100", 6_000), q("coinbase", "101", 100)], expected: ["coinbase", "101", false, 100] },
    { name: "per-provider max age: a 60 s old CoinGecko price is fresh", quotes: ["binance", q("coingecko", "99", 60_000)], expected: ["coingecko", "99", false, 60_000] },
    {
      name: "nothing fresh: the newest known price, marked stale",
      quotes: [q("binance", "100", 9_000, false), q("coinbase", "101", 7_000, false)],
      expected: ["coinbase", "101", true, 7_000],
    },
  ])("$name", ({ quotes, expected }) => {
    const price = select("priority", quotes)!;
    expect([price.source, price.price.toString(), price.stale, price.ageMs]).toEqual([...expected]);
  });

  test("a fresh quote from a provider that just failed yields to a healthy one, but is used when nobody healthy has a fresh price", () => {
    expect(select("priority", [q("binance", "100", 1_000), q("coinbase", "101", 100)], ["binance"])!.source).toBe("coinbase");
    const price = select("priority", [q("binance", "100", 1_000), "coinbase"], ["binance"])!;
    expect([price.source, price.stale]).toEqual(["binance", false]);
  });

  test("nothing at all: undefined", () => {
    expect(select("priority", ["binance"])).toBeUndefined();
  });
});

describe("median selection", () => {
  test("median of fresh sources, liar rejected, stale ones left out", () => {
    const quotes = [q("binance", "100000", 100), q("coinbase", "105000", 100), q("kraken", "100010", 200), q("coingecko", "99990", 30_000), q("pyth", "90000", 60_000)];
    const price = select("median", quotes)!;
    expect(price.source).toBe("median");
    expect(price.sources).toEqual(["binance", "kraken", "coingecko"]);
    expect(price.rejected.map((r) => r.source)).toEqual(["coinbase"]);
    expect(price.price.toString()).toBe("100000");
    expect(price.spread!.toString()).toBe("20");
    expect(price.ageMs).toBe(30_000);
    expect(price.sourceTs).toBe(NOW - 30_000);
  });
});
