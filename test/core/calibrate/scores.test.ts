import { describe, expect, test } from "bun:test";
import { logisticSlope, logit } from "../../../core/calibrate/logistic-slope.ts";
import { binIndex, brierScore, logLoss, reliabilityBins, type ScoredForecast } from "../../../core/calibrate/scores.ts";

const f = (p: number, outcome: 0 | 1): ScoredForecast => ({ p, outcome });
/** `n` forecasts of `p`, `wins` of them with the outcome 1. */
const group = (p: number, n: number, wins: number) => Array.from({ length: n }, (_, i) => f(p, i < wins ? 1 : 0));

describe("Brier score and log loss", () => {
  const sample = [f(0.8, 1), f(0.3, 0), f(0.5, 1)];

  test("Brier: the mean squared error, by hand", () => {
    // (0.2² + 0.3² + 0.5²) / 3 = 0.38 / 3
    expect(brierScore(sample)).toBeCloseTo(0.38 / 3, 12);
  });

  test("log loss: the mean of −ln(probability given to what happened), by hand", () => {
    // −(ln 0.8 + ln 0.7 + ln 0.5) / 3 = (0.223144 + 0.356675 + 0.693147) / 3
    expect(logLoss(sample)).toBeCloseTo(0.42432189, 8);
  });

  test("log loss clips forecasts to [0.001, 0.999]: a certain, wrong forecast costs −ln 0.001, not infinity", () => {
    expect(logLoss([f(1, 0)])).toBeCloseTo(-Math.log(0.001), 12);
    expect(logLoss([f(0, 0)])).toBeCloseTo(-Math.log(0.999), 12);
    expect(logLoss([f(0, 1), f(1, 1)])).toBeCloseTo((-Math.log(0.001) - Math.log(0.999)) / 2, 12);
  });

  test("always 0.5 scores 0.25 and ln 2", () => {
    const coin = [f(0.5, 1), f(0.5, 0), f(0.5, 0)];
    expect(brierScore(coin)).toBe(0.25);
    expect(logLoss(coin)).toBeCloseTo(Math.LN2, 12);
  });
});

describe("reliability bins", () => {
  test("ten equal bins [k/10, (k+1)/10); 1 falls in the last; tenths land in their own bin", () => {
    expect([0, 0.05, 0.1, 0.3, 0.7, 0.9, 0.99, 1].map(binIndex)).toEqual([0, 0, 1, 3, 7, 9, 9, 9]);
  });

  test("n, mean forecast and observed frequency per bin, empty bins kept", () => {
    const bins = reliabilityBins([f(0.12, 1), f(0.18, 0), f(0.15, 0), f(0.15, 0), f(0.95, 1), f(1, 1)]);
    expect(bins).toHaveLength(10);
    expect(bins[1]).toEqual({ low: 0.1, high: 0.2, n: 4, meanForecast: expect.closeTo(0.15, 12), observed: 0.25 });
    expect(bins[9]).toEqual({ low: 0.9, high: 1, n: 2, meanForecast: expect.closeTo(0.975, 12), observed: 1 });
    expect(bins[0]).toEqual({ low: 0, high: 0.1, n: 0 });
    expect(bins.reduce((sum, bin) => sum + bin.n, 0)).toBe(6);
  });
});

describe("calibration slope (logistic fit of the outcome on logit(forecast))", () => {
  test("forecasts that come true as often as they say: slope 1", () => {
    // 0.2 right 1 time in 5, 0.8 right 4 times in 5: the fit is exact at a = 0, b = 1.
    expect(logisticSlope([...group(0.2, 5, 1), ...group(0.8, 5, 4)])).toBeCloseTo(1, 9);
  });

  test("overconfident forecasts: slope ln 3 / ln 4, by hand", () => {
    // Two forecast values: the fit passes through both groups' observed log-odds exactly, so
    // b = (logit 0.75 − logit 0.25) / (logit 0.8 − logit 0.2) = 2 ln 3 / 2 ln 4.
    expect(logisticSlope([...group(0.2, 4, 1), ...group(0.8, 4, 3)])).toBeCloseTo(Math.log(3) / Math.log(4), 9);
    expect(logit(0.8)).toBeCloseTo(Math.log(4), 12);
  });

  test("underconfident forecasts: slope above 1", () => {
    // 0.4 right 1 time in 10, 0.6 right 9 times in 10: b = ln 9 / ln 1.5.
    expect(logisticSlope([...group(0.4, 10, 1), ...group(0.6, 10, 9)])).toBeCloseTo(Math.log(81) / (2 * Math.log(1.5)), 9);
  });

  test("no finite fit: one outcome only, one forecast only, or forecasts that separate the outcomes", () => {
    expect(logisticSlope(group(0.3, 6, 6))).toBeUndefined();
    expect(logisticSlope(group(0.3, 6, 2))).toBeUndefined();
    expect(logisticSlope([f(0.2, 0), f(0.3, 0), f(0.6, 1), f(0.9, 1)])).toBeUndefined();
    expect(logisticSlope([])).toBeUndefined();
  });
});
