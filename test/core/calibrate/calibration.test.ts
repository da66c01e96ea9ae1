import { describe, expect, test } from "bun:test";
import { calibrate, type ScoredWindow } from "../../../core/calibrate/calibration.ts";
import { modelProbability, spotAt, volatilityAt } from "../../../core/calibrate/model-forecast.ts";
import { DEFAULT_AT_MINUTES, modelForecasters, parseCalibrateFlags } from "../../../core/calibrate/options.ts";
import { type Gaps, publicForecasts } from "../../../core/calibrate/public-forecasts.ts";
import { calibrationRecord } from "../../../core/calibrate/record.ts";
import { UsageError } from "../../../core/cli/errors.ts";
import { Decimal } from "../../../core/decimal.ts";
import { calibrationRecordSchema } from "../../../core/records/calibration.ts";
import { MS_PER_YEAR, probUp } from "../../../core/scan/fair-value.ts";
import type { Candle } from "../../../core/scan/reference-price.ts";
import { DEFAULT_VOL_SCALE, realisedVolatility, VOL_WINDOW_MINUTES } from "../../../core/scan/volatility.ts";
import { thrown } from "../../helpers/thrown.ts";

const MIN = 60_000;
const T0 = Date.UTC(2025, 11, 12, 20, 0);
const d = (value: number) => new Decimal(value);

/** 1-minute candles from `from`: up 0.1%, down 0.08%, …, each opening at the previous close. */
function candles(from: number, count: number): Candle[] {
  const out: Candle[] = [];
  let close = 100;
  for (let i = 0; i < count; i++) {
    const open = close;
    close = Number((open * (i % 2 === 0 ? 1.001 : 0.9992)).toFixed(6));
    out.push({ openTime: from + i * MIN, open: d(open), high: d(Math.max(open, close)), low: d(Math.min(open, close)), close: d(close), closeTime: from + i * MIN + MIN - 1 });
  }
  return out;
}

describe("calibrate: scores per (series, minutes left, forecaster)", () => {
  const windows: ScoredWindow[] = [
    {
      series: "btc-updown-15m",
      outcome: 1,
      forecasts: [
        { forecaster: "model", minutesLeft: 5, p: 0.8, s0Source: "binance-candle" },
        { forecaster: "market", minutesLeft: 5, p: 0.6 },
        { forecaster: "model", minutesLeft: 10, p: 0.7, s0Source: "binance-candle" },
      ],
    },
    { series: "btc-updown-15m", outcome: 0, forecasts: [{ forecaster: "model", minutesLeft: 5, p: 0.3, s0Source: "settlement" }] },
    { series: "btc-updown-5m", outcome: 0, forecasts: [{ forecaster: "market", minutesLeft: 5, p: 0.4 }] },
  ];

  test("grouped and ordered: series, then minutes left (most first), then forecasters as they appeared", () => {
    const results = calibrate(windows);
    expect(results.map((r) => [r.series, r.minutesLeft, r.forecaster, r.n])).toEqual([
      ["btc-updown-15m", 10, "model", 1],
      ["btc-updown-15m", 5, "model", 2],
      ["btc-updown-15m", 5, "market", 1],
      ["btc-updown-5m", 5, "market", 1],
    ]);
    const model5 = results[1]!;
    expect(model5.brier).toBeCloseTo((0.04 + 0.09) / 2, 12);
    expect(model5.logLoss).toBeCloseTo(-(Math.log(0.8) + Math.log(0.7)) / 2, 12);
    expect(model5.s0Source).toBe("mixed");
    expect(results[0]!.s0Source).toBe("binance-candle");
    expect(results[2]!.s0Source).toBeUndefined();
  });

  test("--paired: a window counts at a minutes-left only where every forecaster has a forecast", () => {
    const results = calibrate(windows, { paired: true });
    expect(results.map((r) => [r.series, r.minutesLeft, r.forecaster, r.n])).toEqual([
      ["btc-updown-15m", 5, "model", 1],
      ["btc-updown-15m", 5, "market", 1],
    ]);
  });

  test("the record: decimals as text at fixed places, ten bins, the model's volatility method", () => {
    const [model] = modelForecasters({ floor: 0.2, spotDelayMs: 0 });
    const record = calibrationRecord(calibrate(windows)[1]!, { model, windows: 2, paired: false }, new Date(T0));
    expect(calibrationRecordSchema.parse(record)).toEqual(record);
    expect(record).toMatchObject({
      type: "calibration",
      series: "btc-updown-15m",
      minutes_left: 5,
      forecaster: "model",
      n: 2,
      windows: 2,
      brier: "0.065000",
      log_loss: "0.289909",
      slope: null,
      s0_source: "mixed",
      vol_lookback_minutes: VOL_WINDOW_MINUTES,
      vol_floor: "0.2",
    });
    expect(record.bins[3]).toEqual({ low: "0.3", high: "0.4", n: 1, mean_forecast: "0.300000", observed: "0.000000" });
    expect(record.bins[0]).toEqual({ low: "0.0", high: "0.1", n: 0, mean_forecast: null, observed: null });
  });
});

describe("the model's forecast from candles", () => {
  const series = candles(T0 - 180 * MIN, 200);

  test("spot: the last candle closed at or before the moment, none when the data stops two minutes earlier", () => {
    expect(spotAt(series, T0)!.openTime).toBe(T0 - MIN);
    expect(spotAt(series, T0 + 30_000)!.openTime).toBe(T0 - MIN);
    expect(spotAt(series, T0 - 180 * MIN)).toBeUndefined();
    const end = T0 + 20 * MIN; // the last candle closes at end − 1 ms
    expect(spotAt(series, end + MIN)!.closeTime).toBe(end - 1);
    expect(spotAt(series, end + 2 * MIN)).toBeUndefined();
  });

  test("volatility: the estimator of core/scan on the lookback's closed candles, scaled and floored", () => {
    const closed = series.filter((c) => c.closeTime <= T0);
    const closes = closed.slice(-VOL_WINDOW_MINUTES).map((c) => c.close);
    const method = { lookbackMinutes: VOL_WINDOW_MINUTES, scale: 1, floor: 0.2 };
    expect(closes).toHaveLength(VOL_WINDOW_MINUTES);
    expect(volatilityAt(series, T0, method)).toEqual(realisedVolatility(closes, 0.2, 1));
    expect(volatilityAt(series, T0, { ...method, scale: 0.5 }).sigma).toBeCloseTo(realisedVolatility(closes, 0.2, 1).sigma * 0.5, 12);
    expect(volatilityAt(series, T0, { ...method, lookbackMinutes: 30 }).returns).toBe(29);
    expect(volatilityAt(series, T0, { ...method, floor: 50 }).sigma).toBe(50);
  });

  test("P(Up) is the scan's probUp at six places", () => {
    const p = probUp(100.2, 100, 0.5, (5 * MIN) / MS_PER_YEAR);
    expect(modelProbability(100.2, 100, 0.5, 5 * MIN)).toBe(Number(p.toFixed(6)));
  });
});

describe("forecasts from public data", () => {
  const window = {
    slug: "btc-updown-15m-1765569600",
    series: "btc-updown-15m",
    symbol: "BTC",
    start: T0,
    end: T0 + 15 * MIN,
    settledBy: "chainlink" as const,
    outcome: 1 as const,
    upToken: "1",
    downToken: "2",
  };
  const series = candles(T0 - 150 * MIN, 165);
  const models = modelForecasters({ floor: 0.2, spotDelayMs: 0, scales: [d(0.5)] });

  test("each model at each minutes-left from the candles; the market from the last price point at or before", () => {
    const history = [
      { ts: T0 + 4 * MIN + 30_000, p: 0.55 },
      { ts: T0 + 10 * MIN + 30_000, p: 0.7 },
    ];
    const [scored] = publicForecasts({ windows: [window], candles: series, upHistory: () => history }, [10, 5, 1], models);
    const at = (minutes: number) => T0 + 15 * MIN - minutes * MIN;
    // The opening price: the open of the candle opening at the window start.
    const open = series.find((c) => c.openTime === T0)!.open.toNumber();
    const expected = (minutes: number, scale: number) => {
      const sigma = volatilityAt(series, at(minutes), { lookbackMinutes: VOL_WINDOW_MINUTES, scale, floor: 0.2 }).sigma;
      return modelProbability(spotAt(series, at(minutes))!.close.toNumber(), open, sigma, minutes * MIN);
    };
    // The market's last point at 10 and 5 minutes left is 4:30 into the window; at 1 minute left, 10:30.
    const market: Record<number, number> = { 10: 0.55, 5: 0.55, 1: 0.7 };
    const forecasts = [10, 5, 1].flatMap((minutesLeft) => [
      { forecaster: "model", minutesLeft, p: expected(minutesLeft, DEFAULT_VOL_SCALE), s0Source: "binance-candle" as const },
      { forecaster: "model_vol_x0.5", minutesLeft, p: expected(minutesLeft, 0.5), s0Source: "binance-candle" as const },
      { forecaster: "market", minutesLeft, p: market[minutesLeft]! },
    ]);
    expect(scored!.forecasts).toEqual(forecasts);
  });

  test("what is missing is counted, never guessed", () => {
    const gaps: Gaps = {};
    const late = { ...window, start: T0 + 60 * MIN, end: T0 + 75 * MIN };
    const scored = publicForecasts(
      { windows: [window, late], candles: series, upHistory: (w) => (w === window ? [{ ts: T0 + 9 * MIN, p: 0.5 }] : undefined) },
      [10, 1],
      models.slice(0, 1),
      gaps,
    );
    expect(scored.map((s) => s.forecasts.map((f) => `${f.forecaster}@${f.minutesLeft}`))).toEqual([["model@10", "model@1", "market@1"], []]);
    expect(gaps).toEqual({
      "moments before the first point of the price history: no market forecast there": 1,
      "windows without a candle opening at their start: no model forecasts for them": 1,
      "windows without a price history of their tokens: no market forecasts for them": 1,
    });
  });
});

describe("flags", () => {
  test("defaults: minutes 10,5,2,1, BTC, the default volatility beside its neighbours ÷1.25 and ×1.25", () => {
    const options = parseCalibrateFlags({ markets: "m.json", candles: "c.csv" });
    expect(options.atMinutes).toEqual(DEFAULT_AT_MINUTES);
    expect(options.symbol).toBe("BTC");
    const scale = new Decimal(DEFAULT_VOL_SCALE);
    expect(options.models.map((m) => [m.name, m.vol.lookbackMinutes, m.vol.scale])).toEqual([
      ["model", VOL_WINDOW_MINUTES, DEFAULT_VOL_SCALE],
      [`model_vol_x${scale.div(1.25)}`, VOL_WINDOW_MINUTES, scale.div(1.25).toNumber()],
      [`model_vol_x${scale.times(1.25)}`, VOL_WINDOW_MINUTES, scale.times(1.25).toNumber()],
    ]);
    expect(parseCalibrateFlags({ markets: "m.json", "prices-history": "dir" }).models).toEqual([]);
  });

  test("alternatives by flag; the default is not repeated", () => {
    const options = parseCalibrateFlags({
      markets: "m",
      candles: "c",
      "vol-scales": `0.5,${DEFAULT_VOL_SCALE}`,
      "vol-lookbacks": `30,${VOL_WINDOW_MINUTES}`,
      "spot-delay": "30s",
      "at-minutes": "14,3",
    });
    expect(options.models.map((m) => m.name)).toEqual(["model", "model_vol_x0.5", "model_vol_30m"]);
    expect(options.models.every((m) => m.spotDelayMs === 30_000)).toBe(true);
    expect(options.atMinutes).toEqual([14, 3]);
  });

  test("bad flags are usage errors naming the flag", () => {
    const bad = (flags: Record<string, unknown>) => thrown(UsageError, () => parseCalibrateFlags({ markets: "m", candles: "c", ...flags }));
    expect(thrown(UsageError, () => parseCalibrateFlags({ candles: "c" })).message).toContain("--markets");
    expect(thrown(UsageError, () => parseCalibrateFlags({ markets: "m" })).message).toContain("--candles");
    expect(bad({ "at-minutes": "10,0" }).message).toContain("--at-minutes");
    expect(bad({ "at-minutes": "5.5" }).message).toContain("--at-minutes");
    expect(bad({ "vol-scales": "0" }).message).toContain("--vol-scales");
    expect(bad({ "vol-lookbacks": "5" }).message).toContain("--vol-lookbacks");
    expect(bad({ symbol: "BTCUSDT" }).message).toContain("--symbol");
    expect(bad({ "spot-delay": "2h" }).message).toContain("--spot-delay");
  });
});
