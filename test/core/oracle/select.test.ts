import { describe, expect, test } from "bun:test";
import { Decimal } from "../../../core/decimal.ts";
import { quoteAge, type SelectInput, selectPrice } from "../../../core/oracle/select.ts";
import type { ProviderName, Quote } from "../../../core/providers/types.ts";

const NOW = 1_000_000;
const q = (provider: ProviderName, price: string, ageMs: number, withTs = true): Quote => ({
  provider,
  symbol: "BTC",
  price: new Decimal(price),
  sourceTs: withTs ? NOW - ageMs : undefined,
  receivedAt: withTs ? NOW - Math.min(ageMs, 50) : NOW - ageMs,
});

function input(mode: SelectInput["mode"], entries: [ProviderName, Quote | undefined, boolean?][]): SelectInput {
  return {
    symbol: "BTC",
    mode,
    now: NOW,
    bandBps: new Decimal(100),
    quotes: entries.map(([provider, quote, healthy = true]) => ({ provider, quote, healthy, maxAgeMs: provider === "coingecko" ? 120_000 : 5_000 })),
  };
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
  test("highest-priority fresh quote", () => {
    const price = selectPrice(
      input("priority", [
        ["binance", q("binance", "100", 100)],
        ["coinbase", q("coinbase", "101", 100)],
      ]),
    )!;
    expect([price.source, price.price.toString(), price.stale]).toEqual(["binance", "100", false]);
  });

  test("primary stale → next provider", () => {
    const price = selectPrice(
      input("priority", [
        ["binance", q("binance", "100", 6_000)],
        ["coinbase", q("coinbase", "101", 100)],
      ]),
    )!;
    expect(price.source).toBe("coinbase");
  });

  test("a fresh quote from a provider that just failed yields to a healthy one", () => {
    const price = selectPrice(
      input("priority", [
        ["binance", q("binance", "100", 1_000), false],
        ["coinbase", q("coinbase", "101", 100), true],
      ]),
    )!;
    expect(price.source).toBe("coinbase");
  });

  test("…but is still used when nobody healthy has a fresh price", () => {
    const price = selectPrice(
      input("priority", [
        ["binance", q("binance", "100", 1_000), false],
        ["coinbase", undefined, true],
      ]),
    )!;
    expect([price.source, price.stale]).toEqual(["binance", false]);
  });

  test("per-provider max age: a 60 s old CoinGecko price is fresh", () => {
    const price = selectPrice(
      input("priority", [
        ["binance", undefined],
        ["coingecko", q("coingecko", "99", 60_000)],
      ]),
    )!;
    expect([price.source, price.stale, price.ageMs]).toEqual(["coingecko", false, 60_000]);
  });

  test("nothing fresh: the newest known price, marked stale", () => {
    const price = selectPrice(
      input("priority", [
        ["binance", q("binance", "100", 9_000, false)],
        ["coinbase", q("coinbase", "101", 7_000, false)],
      ]),
    )!;
    expect([price.source, price.price.toString(), price.stale, price.ageMs]).toEqual(["coinbase", "101", true, 7_000]);
  });

  test("nothing at all: undefined", () => {
    expect(selectPrice(input("priority", [["binance", undefined]]))).toBeUndefined();
  });
});

describe("median selection", () => {
  test("median of fresh sources, liar rejected, stale ones left out", () => {
    const price = selectPrice(
      input("median", [
        ["binance", q("binance", "100000", 100)],
        ["coinbase", q("coinbase", "105000", 100)],
        ["kraken", q("kraken", "100010", 200)],
        ["coingecko", q("coingecko", "99990", 30_000)],
        ["pyth", q("pyth", "90000", 60_000)],
      ]),
    )!;
    expect(price.source).toBe("median");
    expect(price.sources).toEqual(["binance", "kraken", "coingecko"]);
    expect(price.rejected.map((r) => r.source)).toEqual(["coinbase"]);
    expect(price.price.toString()).toBe("100000");
    expect(price.spread!.toString()).toBe("20");
    expect(price.ageMs).toBe(30_000);
    expect(price.sourceTs).toBe(NOW - 30_000);
  });
});
