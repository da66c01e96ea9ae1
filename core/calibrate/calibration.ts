/**
 * The scoring core of `pm-arb calibrate`, fed by any reader (public venue data today, a `pm-arb
 * record` recording later): plain windows — a series, the outcome, and forecasts of "Up" made at
 * some minutes before the end by named forecasters — in; one score set per (series, minutes left,
 * forecaster) out.
 */
import { logisticSlope } from "./logistic-slope.ts";
import type { S0Source } from "./model-forecast.ts";
import { brierScore, logLoss, type ReliabilityBin, reliabilityBins, type ScoredForecast } from "./scores.ts";

export type WindowForecast = {
  forecaster: string;
  minutesLeft: number;
  /** P(Up) in [0, 1]. */
  p: number;
  /** Model forecasts: where the window's opening price came from. */
  s0Source?: S0Source;
};

export type ScoredWindow = { series: string; outcome: 0 | 1; forecasts: readonly WindowForecast[] };

export type Calibration = {
  series: string;
  minutesLeft: number;
  forecaster: string;
  /** At least 1. */
  n: number;
  brier: number;
  logLoss: number;
  slope?: number;
  bins: ReliabilityBin[];
  /** Model forecasts only: the opening prices' source, "mixed" when windows differ. */
  s0Source?: S0Source | "mixed";
};

type Group = { series: string; minutesLeft: number; forecaster: string; scored: ScoredForecast[]; s0: Set<S0Source> };

/**
 * Scores every (series, minutes left, forecaster) that has at least one forecast. With `paired`, a
 * window counts at a minutes-left only when every forecaster of the run has a forecast for it
 * there, so the forecasters are compared on the same windows.
 */
export function calibrate(windows: readonly ScoredWindow[], options: { paired?: boolean } = {}): Calibration[] {
  const forecasters = [...new Set(windows.flatMap((window) => window.forecasts.map((forecast) => forecast.forecaster)))];
  const groups = new Map<string, Group>();
  for (const window of windows) {
    const byMinutes = Map.groupBy(window.forecasts, (forecast) => forecast.minutesLeft);
    for (const [minutesLeft, forecasts] of byMinutes) {
      if (options.paired && forecasters.some((name) => !forecasts.some((forecast) => forecast.forecaster === name))) continue;
      for (const forecast of forecasts) {
        const key = JSON.stringify([window.series, minutesLeft, forecast.forecaster]);
        const group = groups.getOrInsertComputed(key, () => ({ series: window.series, minutesLeft, forecaster: forecast.forecaster, scored: [], s0: new Set() }));
        group.scored.push({ p: forecast.p, outcome: window.outcome });
        if (forecast.s0Source) group.s0.add(forecast.s0Source);
      }
    }
  }
  const order = (group: Group) => forecasters.indexOf(group.forecaster);
  return [...groups.values()]
    .sort((a, b) => a.series.localeCompare(b.series) || b.minutesLeft - a.minutesLeft || order(a) - order(b))
    .map((group) => ({
      series: group.series,
      minutesLeft: group.minutesLeft,
      forecaster: group.forecaster,
      n: group.scored.length,
      brier: brierScore(group.scored),
      logLoss: logLoss(group.scored),
      slope: logisticSlope(group.scored),
      bins: reliabilityBins(group.scored),
      ...(group.s0.size > 0 ? { s0Source: group.s0.size === 1 ? [...group.s0][0] : "mixed" } : {}),
    }));
}
