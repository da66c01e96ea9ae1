import { expect, test } from "bun:test";
import { Decimal } from "../../../core/decimal.ts";
import { BasisWindow } from "../../../core/oracle/basis.ts";
import { median } from "../../../core/oracle/median.ts";

const d = (value: string | number) => new Decimal(value);

test("median of exchange − settlement ignores lag spikes", () => {
  const window = new BasisWindow({ windowMs: 60_000, maxSamples: 100 });
  const samples: [number, string, string][] = [
    [0, "100019", "99999.99"],
    [1000, "100020", "100000"],
    [2000, "100500", "100000"], // settlement lagging a sharp move
    [3000, "100021", "100001"],
    [4000, "100018", "99999"],
  ];
  for (const [at, exchange, settlement] of samples) window.add({ at, exchange: d(exchange), settlement: d(settlement) });
  const value = window.value(4000)!;
  expect(value.basis.toString()).toBe("20");
  expect(value.bps.toDecimalPlaces(2).toString()).toBe("2");
  expect(value.samples).toBe(5);
  expect(value.spanMs).toBe(4000);
});

test("a structural offset in bps comes out as that offset", () => {
  const window = new BasisWindow({ windowMs: 60_000, maxSamples: 100 });
  for (let i = 0; i < 10; i++) {
    const settlement = d(97_000 + i * 3);
    window.add({ at: i * 1000, exchange: settlement.times("1.0019"), settlement });
  }
  expect(window.value(9000)!.bps.toDecimalPlaces(6).toString()).toBe("19");
});

test("old samples leave the window; none left → undefined", () => {
  const window = new BasisWindow({ windowMs: 10_000, maxSamples: 100 });
  window.add({ at: 0, exchange: d(101), settlement: d(100) });
  window.add({ at: 8_000, exchange: d(103), settlement: d(100) });
  expect(window.value(9_000)!.basis.toString()).toBe("2");
  expect(window.value(15_000)!.basis.toString()).toBe("3");
  expect(window.value(19_000)).toBeUndefined();
});

test("capped at maxSamples, newest kept", () => {
  const window = new BasisWindow({ windowMs: 1e9, maxSamples: 3 });
  for (let i = 1; i <= 5; i++) window.add({ at: i, exchange: d(100 + i), settlement: d(100) });
  const value = window.value(5)!;
  expect(value.samples).toBe(3);
  expect(value.basis.toString()).toBe("4");
});

test("over a long run of samples, expiries and the cap, the value is the median of the samples in the window", () => {
  const config = { windowMs: 30_000, maxSamples: 50 };
  const window = new BasisWindow(config);
  const all: { at: number; diff: Decimal; bps: Decimal }[] = [];
  let seed = 3;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  let at = 0;
  // Samples that left the window stay gone, even for a later call with an earlier `now`.
  let horizon = -Infinity;
  for (let i = 0; i < 1500; i++) {
    at += 100 + (next() % 1500);
    const settlement = d(100_000 + (next() % 7));
    const exchange = settlement.plus((next() % 13) - 6);
    window.add({ at, exchange, settlement });
    all.push({ at, diff: exchange.minus(settlement), bps: exchange.minus(settlement).div(settlement).times(10_000) });
    const now = at + (next() % 5_000);
    horizon = Math.max(horizon, now - config.windowMs);
    const live = all.slice(-config.maxSamples).filter((sample) => sample.at >= horizon);
    const value = window.value(now);
    if (live.length === 0) {
      expect(value).toBeUndefined();
      continue;
    }
    expect(value!.samples).toBe(live.length);
    expect(value!.basis.toString()).toBe(median(live.map((sample) => sample.diff)).toString());
    expect(value!.bps.toString()).toBe(median(live.map((sample) => sample.bps)).toString());
  }
});

test("a non-positive settlement is ignored", () => {
  const window = new BasisWindow();
  window.add({ at: 0, exchange: d(1), settlement: d(0) });
  expect(window.value(0)).toBeUndefined();
});
