import { describe, expect, test } from "bun:test";
import { DEFAULT_SANDBOX_OPTIONS, type SandboxOptions } from "../../sandbox/options.ts";
import { SandboxPriceModel } from "../../sandbox/prices/model.ts";

const START = Date.UTC(2026, 10, 25, 12, 0, 0);
const model = (overrides: Partial<SandboxOptions> = {}) => new SandboxPriceModel({ ...DEFAULT_SANDBOX_OPTIONS, startAt: START, ...overrides });
const series = (m: SandboxPriceModel, symbol: string, count: number, stepMs: number) => Array.from({ length: count }, (_, i) => m.truth(symbol, START + i * stepMs));

describe("price model determinism", () => {
  test("same seed gives identical paths, quotes, settlement and candles", () => {
    const a = model({ seed: 42 });
    const b = model({ seed: 42 });
    for (const symbol of a.symbols) {
      expect(series(a, symbol, 200, 1_700)).toEqual(series(b, symbol, 200, 1_700));
      expect(a.quote("kraken", symbol, START + 12_345)).toEqual(b.quote("kraken", symbol, START + 12_345));
      expect(a.settlement(symbol, START + 99_999)).toEqual(b.settlement(symbol, START + 99_999));
      expect(a.candle(symbol, START + 120_000)).toEqual(b.candle(symbol, START + 120_000));
    }
  });

  test("different seeds give different paths", () => {
    expect(series(model({ seed: 1 }), "BTC", 50, 60_000)).not.toEqual(series(model({ seed: 2 }), "BTC", 50, 60_000));
  });

  test("price(t) does not depend on the order or spacing of requests", () => {
    const times = Array.from({ length: 300 }, (_, i) => START - 3_600_000 + i * 97_531);
    const forward = model({ seed: 9 });
    const scattered = model({ seed: 9 });
    const shuffled = [...times].sort((x, y) => ((x * 7919) % 1013) - ((y * 7919) % 1013));
    const fromScattered = new Map(shuffled.map((t) => [t, scattered.truth("ETH", t)]));
    // A day away and back, to push the caches around.
    scattered.truth("ETH", START + 86_400_000 * 3);
    expect(times.map((t) => forward.truth("ETH", t))).toEqual(times.map((t) => fromScattered.get(t)!));
  });

  test("prices sit on a 100 ms grid", () => {
    const m = model();
    expect(m.truth("BTC", START + 1_000)).toBe(m.truth("BTC", START + 1_099));
    expect(m.truth("BTC", START + 1_000)).not.toBe(m.truth("BTC", START + 1_100));
  });
});

describe("price model shape", () => {
  test("start prices are realistic and seed-perturbed", () => {
    const bounds: Record<string, [number, number]> = { BTC: [85_000, 110_000], ETH: [3_000, 3_900], SOL: [165, 215], XRP: [1.9, 2.5] };
    for (const seed of [1, 2, 3]) {
      const m = model({ seed });
      for (const [symbol, [low, high]] of Object.entries(bounds)) {
        const price = m.truth(symbol, START);
        expect(price).toBeGreaterThan(low);
        expect(price).toBeLessThan(high);
      }
    }
    expect(model({ seed: 1 }).truth("BTC", START)).not.toBe(model({ seed: 2 }).truth("BTC", START));
  });

  test("realised volatility follows the option", () => {
    const realised = (volatility: number) => {
      const m = model({ seed: 5, volatility });
      const prices = series(m, "SOL", 3_000, 60_000);
      const returns = prices.slice(1).map((p, i) => Math.log(p / prices[i]!));
      return Math.sqrt(returns.reduce((sum, r) => sum + r * r, 0) / returns.length) * Math.sqrt(525_600);
    };
    expect(realised(0.6)).toBeGreaterThan(0.45);
    expect(realised(0.6)).toBeLessThan(0.75);
    expect(realised(0.2)).toBeLessThan(0.3);
    expect(realised(0)).toBe(0);
  });

  test("jumps add large one-step moves", () => {
    const biggestStep = (jumpsPerHour: number) => {
      const m = model({ seed: 3, volatility: 0.3, jumpsPerHour, jumpSize: 0.02 });
      const prices = series(m, "BTC", 36_000, 100);
      return Math.max(...prices.slice(1).map((p, i) => Math.abs(Math.log(p / prices[i]!))));
    };
    expect(biggestStep(0)).toBeLessThan(0.001);
    expect(biggestStep(6)).toBeGreaterThan(0.009);
  });

  test("providers quote within a few bps of the truth, on their own cadence", () => {
    const m = model({ seed: 11 });
    const t = START + 123_456;
    for (const provider of ["binance", "coinbase", "kraken", "pyth"]) {
      const { price, ts } = m.quote(provider, "BTC", t);
      expect(Math.abs(price / m.truth("BTC", ts) - 1)).toBeLessThan(0.0005);
      expect(ts).toBeLessThanOrEqual(t);
    }
    expect(m.quote("binance", "BTC", t).ts).toBe(START + 123_400);
    expect(m.quote("pyth", "BTC", t).ts % 400).toBe(0);
    expect(m.quote("coingecko", "BTC", t).ts).toBe(START + 120_000);
    expect(m.quote("coinbase", "BTC", t).price).not.toBe(m.quote("kraken", "BTC", t).price);
    expect(() => m.quote("bitstamp", "BTC", t)).toThrow();
  });

  test("settlement: whole-second timestamps, offset from Binance by the configured bps", () => {
    const m = model({ seed: 4, chainlinkOffsetBps: 19 });
    const offsets: number[] = [];
    for (let i = 0; i < 600; i++) {
      const t = START + i * 1_003;
      const settlement = m.settlement("BTC", t);
      expect(settlement.ts % 1000).toBe(0);
      expect(settlement.ts).toBeLessThanOrEqual(t);
      expect(t - settlement.ts).toBeLessThan(1000);
      offsets.push(1 - settlement.price / m.quote("binance", "BTC", settlement.ts).price);
    }
    const mean = offsets.reduce((a, b) => a + b, 0) / offsets.length;
    expect(mean * 10_000).toBeGreaterThan(17);
    expect(mean * 10_000).toBeLessThan(21);
    expect(model({ seed: 4, chainlinkOffsetBps: 0 }).settlement("BTC", START).price).not.toBe(m.settlement("BTC", START).price);
  });

  test("settlement lags the truth on a sharp move", () => {
    const m = model({ seed: 8, volatility: 0.2, jumpsPerHour: 4, jumpSize: 0.03 });
    // Find a jump: a 100 ms step that moves more than 1%.
    let jumpAt = -1;
    for (let t = START; t < START + 6 * 3_600_000 && jumpAt < 0; t += 100) if (Math.abs(Math.log(m.truth("ETH", t + 100) / m.truth("ETH", t))) > 0.01) jumpAt = t + 100;
    expect(jumpAt).toBeGreaterThan(0);
    const second = Math.ceil(jumpAt / 1000) * 1000;
    const before = m.settlement("ETH", jumpAt - 1_000).price / (1 - 19 / 10_000);
    const after = m.truth("ETH", second);
    // At the first whole second after the jump the settlement still shows the old level…
    expect(Math.abs(m.settlement("ETH", second).price / (1 - 19 / 10_000) / before - 1)).toBeLessThan(0.003);
    // …and has caught up 2–3 s later.
    expect(Math.abs(m.settlement("ETH", second + 2_000).price / (1 - 19 / 10_000) / after - 1)).toBeLessThan(0.003);
  });

  test("1-minute candles come from Binance's quotes over the minute", () => {
    const m = model({ seed: 6 });
    const open = START + 5 * 60_000;
    const candle = m.candle("XRP", open + 17_000);
    expect(candle.openTime).toBe(open);
    expect(candle.closeTime).toBe(open + 59_999);
    expect(candle.open).toBe(m.quote("binance", "XRP", open).price);
    expect(candle.close).toBe(m.quote("binance", "XRP", open + 59_999).price);
    const inside = Array.from({ length: 600 }, (_, i) => m.quote("binance", "XRP", open + i * 100).price);
    expect(candle.high).toBe(Math.max(...inside));
    expect(candle.low).toBe(Math.min(...inside));
    const partial = m.candleUpTo("XRP", open, open + 10_000);
    expect(partial.close).toBe(m.quote("binance", "XRP", open + 10_000).price);
    expect(partial.high).toBeLessThanOrEqual(candle.high);
  });

  test("a sped-up hour at 100 ms resolution stays cheap in memory", () => {
    const m = model({ seed: 12 });
    Bun.gc(true);
    const before = process.memoryUsage().heapUsed;
    let last = 0;
    for (let t = START; t < START + 3_600_000; t += 100) for (const symbol of m.symbols) last = m.truth(symbol, t);
    expect(last).toBeGreaterThan(0);
    Bun.gc(true);
    // Far less than one number per step per symbol (144 000 floats would be ~1.2 MB even packed).
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(8_000_000);
  });
});
