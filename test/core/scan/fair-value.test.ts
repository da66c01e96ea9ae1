import { describe, expect, test } from "bun:test";
import { Decimal } from "../../../core/decimal.ts";
import { MS_PER_YEAR, normalCdf, probAbove, probabilityText, probRange, probTouch, probUp, yearsBetween } from "../../../core/scan/fair-value.ts";
import { createRng } from "../../../sandbox/rng.ts";

const years = (seconds: number) => (seconds * 1000) / MS_PER_YEAR;

describe("normalCdf against reference values (erfc, double precision)", () => {
  test.each([
    [0, 0.5],
    [1, 0.8413447460685429],
    [-1, 0.15865525393145707],
    [1.96, 0.9750021048517795],
    [-3, 0.0013498980316300957],
    [0.5, 0.6914624612740131],
    [-0.25, 0.4012936743170763],
    [5, 0.9999997133484281],
    [-8, 6.220960574271819e-16],
  ])("Φ(%d)", (x, expected) => expect(Math.abs(normalCdf(x) - expected)).toBeLessThan(1e-14 + expected * 1e-12));
  test("symmetry Φ(x) + Φ(−x) = 1", () => {
    for (let x = -6; x <= 6; x += 0.37) expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 14);
  });
});

describe("fair probabilities against known values", () => {
  // Reference values computed independently with erfc-based Φ and d = (ln(S/K) − σ²T/2)/(σ√T).
  test.each([
    ["updown: 10 minutes left, spot 97,100 vs open 97,000, σ 0.6", probUp(97_100, 97_000, 0.6, years(600)), 0.6526706498426881],
    ["updown: 5 minutes left, spot 3,395 vs open 3,400, σ 0.8", probUp(3_395, 3_400, 0.8, years(300)), 0.27496241235723373],
    ["above: a day left, 97,000 vs strike 96,000, σ 0.5", probAbove(97_000, 96_000, 0.5, years(86_400)), 0.6491460487648532],
    ["range: 3,300–3,400 with spot 3,350, σ 0.7, a day", probRange(3_350, 3_300, 3_400, 0.7, years(86_400)), 0.316342849965422],
    ["range from 0 (less than 180) with spot 185 = 1 − P(above 180)", probRange(185, 0, 180, 0.9, years(86_400)), 0.288329448724318],
  ])("%s", (_, probability, expected) => {
    expect(probability).toBeCloseTo(expected, 12);
  });
  test("at the money with no time left: Up wins ties, above does not", () => {
    expect(probUp(100, 100, 0.6, 0)).toBe(1);
    expect(probUp(99.99, 100, 0.6, 0)).toBe(0);
    expect(probAbove(100, 100, 0.6, 0)).toBe(0);
    expect(probAbove(100.01, 100, 0.6, 0)).toBe(1);
  });
  test("updown at the open with time left is just under one half (−σ²T/2 drift of the median)", () => {
    const p = probUp(100, 100, 0.6, years(900));
    expect(p).toBeLessThan(0.5);
    expect(p).toBeGreaterThan(0.499);
  });
});

describe("touch: first-passage probabilities", () => {
  test("a level already reached is certain", () => {
    expect(probTouch(120_001, 120_000, "up", 0.6, years(3600))).toBe(1);
    expect(probTouch(2_999, 3_000, "down", 0.6, years(3600))).toBe(1);
  });
  test("reflection principle: touching ≈ twice ending beyond the level when σ²T is small", () => {
    const t = years(3600);
    const touch = probTouch(97_000, 97_500, "up", 0.6, t);
    const end = probAbove(97_000, 97_500, 0.6, t);
    expect(touch / end).toBeGreaterThan(1.98);
    expect(touch / end).toBeLessThan(2.02);
    const down = probTouch(3_400, 3_380, "down", 0.7, t);
    const endBelow = 1 - probAbove(3_400, 3_380, 0.7, t);
    expect(down / endBelow).toBeGreaterThan(1.98);
    expect(down / endBelow).toBeLessThan(2.02);
  });
  test("matches a seeded Monte Carlo with Brownian-bridge crossing (continuous monitoring)", () => {
    const rng = createRng(7, "touch-mc");
    const sigma = 0.8;
    const t = 0.05;
    const steps = 50;
    const paths = 20_000;
    const dt = t / steps;
    const spot = 100;
    const up = Math.log(115 / spot);
    const down = Math.log(88 / spot);
    let hitsUp = 0;
    let hitsDown = 0;
    for (let p = 0; p < paths; p++) {
      let x = 0;
      let upHit = false;
      let downHit = false;
      for (let i = 0; i < steps; i++) {
        const next = x - (sigma * sigma * dt) / 2 + sigma * Math.sqrt(dt) * rng.normal();
        const variance = sigma * sigma * dt;
        if (!upHit && (next >= up || rng.next() < Math.exp((-2 * (up - x) * (up - next)) / variance))) upHit = true;
        if (!downHit && (next <= down || rng.next() < Math.exp((-2 * (x - down) * (next - down)) / variance))) downHit = true;
        x = next;
      }
      if (upHit) hitsUp++;
      if (downHit) hitsDown++;
    }
    const check = (hits: number, model: number) => {
      const estimate = hits / paths;
      const stderr = Math.sqrt((model * (1 - model)) / paths);
      expect(Math.abs(estimate - model)).toBeLessThan(4 * stderr);
    };
    check(hitsUp, probTouch(spot, 115, "up", sigma, t));
    check(hitsDown, probTouch(spot, 88, "down", sigma, t));
  });
});

describe("probabilityText and time", () => {
  test("six places, half-even, clamped", () => {
    expect(new Decimal(probabilityText(0.6526706498426881)).toString()).toBe("0.652671");
    expect(new Decimal(probabilityText(0.0000004)).toString()).toBe("0");
    expect(new Decimal(probabilityText(1.2)).toString()).toBe("1");
    expect(new Decimal(probabilityText(-0.1)).toString()).toBe("0");
    expect(new Decimal(probabilityText(Number.NaN)).toString()).toBe("0");
  });
  test("years between, never negative", () => {
    expect(yearsBetween(0, MS_PER_YEAR)).toBe(1);
    expect(yearsBetween(10, 5)).toBe(0);
  });
});
