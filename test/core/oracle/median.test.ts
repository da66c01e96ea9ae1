import { describe, expect, test } from "bun:test";
import { Decimal } from "../../../core/decimal.ts";
import { aggregateMedian, deviationBps, median } from "../../../core/oracle/median.ts";

const d = (value: string) => new Decimal(value);
const contributions = (prices: Record<string, string>) => Object.entries(prices).map(([source, price]) => ({ source, price: d(price) }));

describe("median", () => {
  test.each([
    { values: ["3"], expected: "3" },
    { values: ["1", "3"], expected: "2" },
    { values: ["5", "1", "3"], expected: "3" },
    { values: ["4", "1", "3", "2"], expected: "2.5" },
    { values: ["97000.01", "97000.03"], expected: "97000.02" },
  ])("$values → $expected", ({ values, expected }) => {
    expect(median(values.map(d)).toString()).toBe(expected);
  });

  test("no values is a programming error", () => {
    expect(() => median([])).toThrow(RangeError);
  });

  test("deviation in basis points", () => {
    expect(deviationBps(d("101"), d("100")).toString()).toBe("100");
    expect(deviationBps(d("99.5"), d("100")).toString()).toBe("50");
  });
});

describe("aggregateMedian", () => {
  const band = d("100");

  type Case = { name: string; prices: Record<string, string>; price: string; used: string[]; rejected: string[]; spread: string };
  test.each<Case>([
    {
      name: "one provider lying by 5% is rejected",
      prices: { binance: "100000", coinbase: "105000", kraken: "100010", coingecko: "99990", pyth: "100005" },
      price: "100002.5",
      used: ["binance", "kraken", "coingecko", "pyth"],
      rejected: ["coinbase"],
      spread: "20",
    },
    {
      name: "all within the band: all used",
      prices: { binance: "100", coinbase: "100.5", kraken: "99.6" },
      price: "100",
      used: ["binance", "coinbase", "kraken"],
      rejected: [],
      spread: "0.9",
    },
    {
      name: "two sources cannot outvote each other: kept, spread reported",
      prices: { binance: "100", coinbase: "105" },
      price: "102.5",
      used: ["binance", "coinbase"],
      rejected: [],
      spread: "5",
    },
    { name: "a single source is its own median", prices: { kraken: "42" }, price: "42", used: ["kraken"], rejected: [], spread: "0" },
    {
      name: "two liars among five, on both sides",
      prices: { binance: "100", coinbase: "90", kraken: "100.1", coingecko: "111", pyth: "99.9" },
      price: "100",
      used: ["binance", "kraken", "pyth"],
      rejected: ["coinbase", "coingecko"],
      spread: "0.2",
    },
  ])("$name", ({ prices, price, used, rejected, spread }) => {
    const result = aggregateMedian(contributions(prices), band)!;
    expect(result.price.toString()).toBe(price);
    expect(result.used.map((c) => c.source)).toEqual(used);
    expect(result.rejected.map((c) => c.source)).toEqual(rejected);
    expect(result.spread.toString()).toBe(spread);
  });

  test("the rejected source carries its deviation; spread_bps is relative to the median", () => {
    const result = aggregateMedian(contributions({ a: "100", b: "105", c: "100", d: "100.2" }), band)!;
    expect(result.rejected[0]!.deviationBps.toDecimalPlaces(2).toString()).toBe("489.51");
    expect(result.spreadBps.toDecimalPlaces(4).toString()).toBe("20");
  });

  test("no inputs: undefined", () => {
    expect(aggregateMedian([], band)).toBeUndefined();
  });
});
