import { describe, expect, test } from "bun:test";
import { Decimal } from "../../../core/decimal.ts";
import { type Candle, loadReferences, referenceFromCandles, referenceFromSettlement, referenceKey } from "../../../core/scan/reference-price.ts";
import { DEFAULT_VOL_FLOOR, DEFAULT_VOL_SCALE, flagVolatility, MINUTES_PER_YEAR, realisedVolatility, stdevOfLogReturns } from "../../../core/scan/volatility.ts";

const d = (value: string | number) => new Decimal(value);
const START = Date.UTC(2026, 10, 25, 12, 0, 0);

describe("volatility", () => {
  test("sample standard deviation of log returns", () => {
    // Returns ln(1.01), ln(0.99), ln(1.01), ln(0.99): mean ≈ 0, stdev from the sample formula.
    const closes = [100, 101, 99.99, 100.9899, 99.980001];
    const { stdev, returns } = stdevOfLogReturns(closes);
    expect(returns).toBe(4);
    const r = [Math.log(1.01), Math.log(0.99), Math.log(1.01), Math.log(0.99)];
    const mean = r.reduce((a, b) => a + b) / 4;
    const expected = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / 3);
    expect(stdev).toBeCloseTo(expected, 12);
  });

  test("annualised by √(minutes a year); a quiet hour falls back to the floor", () => {
    const closes: Decimal[] = [];
    let price = 100;
    for (let i = 0; i <= 60; i++) {
      closes.push(d(price.toFixed(6)));
      price *= i % 2 === 0 ? 1.001 : 1 / 1.001;
    }
    const vol = realisedVolatility(closes);
    expect(vol.source).toBe("realised");
    expect(vol.returns).toBe(60);
    // Alternating ±ln(1.001) (mean 0): sample stdev ln(1.001) × √(60/59) a minute.
    expect(vol.realised).toBeCloseTo(Math.log(1.001) * Math.sqrt(60 / 59) * Math.sqrt(MINUTES_PER_YEAR), 3);
    expect(vol.sigma).toBeCloseTo(vol.realised! * DEFAULT_VOL_SCALE, 12);
    const flat = realisedVolatility(Array.from({ length: 61 }, () => d("100")));
    expect(flat).toMatchObject({ sigma: DEFAULT_VOL_FLOOR, source: "floor", realised: 0 });
    expect(realisedVolatility([d("100"), d("101")]).source).toBe("floor");
    expect(realisedVolatility(closes, 5).sigma).toBe(5);
  });

  test("--vol overrides", () => {
    expect(flagVolatility(d("0.45"))).toEqual({ sigma: 0.45, source: "flag", returns: 0 });
  });
});

const candle = (openTime: number, open: string): Candle => ({ openTime, open: d(open), high: d(open), low: d(open), close: d(open), closeTime: openTime + 59_999 });

describe("reference price", () => {
  test("settlement stream: the value in force at the start, within the tolerance", () => {
    const points = [
      { ts: START - 3000, price: d("96990") },
      { ts: START - 1000, price: d("97000") },
      { ts: START + 1000, price: d("97010") },
    ];
    expect(referenceFromSettlement(points, START)).toEqual({ price: d("97000"), ts: START - 1000, source: "settlement", proxy: false });
    expect(referenceFromSettlement(points.slice(2), START)!.price.toString()).toBe("97010");
    expect(referenceFromSettlement([{ ts: START - 10_000, price: d("1") }], START)).toBeUndefined();
  });

  test("Binance candle: the settlement source for Binance windows, a proxy for Chainlink ones", () => {
    const candles = [candle(START - 60_000, "96950"), candle(START, "97000")];
    expect(referenceFromCandles(candles, START, "binance")).toEqual({ price: d("97000"), ts: START, source: "binance-candle", proxy: false });
    expect(referenceFromCandles(candles, START, "chainlink")!.proxy).toBe(true);
    expect(referenceFromCandles(candles, START + 120_000, "binance")).toBeUndefined();
  });

  test("loadReferences: stream first, then cached candles, then one klines request per symbol span", async () => {
    const calls: [string, number, number][] = [];
    const refs = await loadReferences(
      [
        { symbol: "BTC", windowStart: START, settledBy: "chainlink" },
        { symbol: "BTC", windowStart: START + 300_000, settledBy: "chainlink" },
        { symbol: "ETH", windowStart: START - 3_600_000, settledBy: "binance" },
        { symbol: "ETH", windowStart: START - 900_000, settledBy: "binance" },
        { symbol: "SOL", windowStart: START, settledBy: "chainlink" },
      ],
      {
        settlementHistory: (symbol) => (symbol === "BTC" ? [{ ts: START, price: d("97000") }] : []),
        cached: new Map([["SOL", [candle(START, "190")]]]),
        klines: async (symbol, startTime, limit) => {
          calls.push([symbol, startTime, limit]);
          return Array.from({ length: limit }, (_, i) => candle(startTime + i * 60_000, String(1000 + i)));
        },
      },
    );
    expect(refs.get(referenceKey("BTC", START, "chainlink"))!.source).toBe("settlement");
    expect(refs.get(referenceKey("SOL", START, "chainlink"))).toMatchObject({ source: "binance-candle", proxy: true });
    expect(refs.get(referenceKey("ETH", START - 900_000, "binance"))!.price.toString()).toBe("1045");
    expect(calls).toEqual([
      ["BTC", START + 300_000, 1],
      ["ETH", START - 3_600_000, 46],
    ]);
  });

  test("a Binance hourly and a Chainlink 15m window opening together get their own references", async () => {
    const refs = await loadReferences(
      [
        { symbol: "BTC", windowStart: START, settledBy: "chainlink" },
        { symbol: "BTC", windowStart: START, settledBy: "binance" },
      ],
      { cached: new Map([["BTC", [candle(START, "97000")]]]), klines: async () => [] },
    );
    expect(refs.get(referenceKey("BTC", START, "chainlink"))!.proxy).toBe(true);
    expect(refs.get(referenceKey("BTC", START, "binance"))!.proxy).toBe(false);
  });
});
