/**
 * `pm-arb calibrate`: make every forecaster's forecasts at each minutes-left from the data (public
 * venue files here; a recording through core/replay/recorded-calibration.ts), score them per
 * (series, minutes left, forecaster) and hand one `calibration` record per score set to the
 * emitter. What could not be scored, and why, goes to stderr.
 */
import { RuntimeFailure } from "../cli/errors.ts";
import { log } from "../cli/log.ts";
import type { RecordEnvelope } from "../cli/output.ts";
import type { CalibrationRecord } from "../records/calibration.ts";
import { calibrate } from "./calibration.ts";
import type { CalibrateOptions, PublicFiles } from "./options.ts";
import { type Gaps, type PublicData, publicForecasts } from "./public-forecasts.ts";
import { readPublicData } from "./read-public-data.ts";
import { calibrationRecord } from "./record.ts";

export type CalibrateContext = { now: () => Date; warn: (message: string) => void };
export type CalibrationEmit = (record: RecordEnvelope & CalibrationRecord) => void;

export const defaultCalibrateContext = (): CalibrateContext => ({ now: () => new Date(), warn: (message) => log().warn(message) });

/** Calibrate on public files (the options' input when it is not a recording). */
export function runCalibrate(options: CalibrateOptions, files: PublicFiles, emit: CalibrationEmit, ctx: CalibrateContext = defaultCalibrateContext()): void {
  const data = readPublicData({ ...files, symbol: options.symbol }, ctx.warn);
  if (data.windows.length === 0) throw new RuntimeFailure(`--markets ${files.markets} holds no resolved ${options.symbol} Up/Down window to score`);
  scoreWindows(data, options, emit, ctx);
}

/** Forecasts, scores and emits the windows of `data` (at least one), whatever read them. */
export function scoreWindows(data: PublicData, options: CalibrateOptions, emit: CalibrationEmit, ctx: CalibrateContext): void {
  const gaps: Gaps = {};
  const windows = publicForecasts(data, options.atMinutes, options.models, gaps);
  for (const [reason, count] of Object.entries(gaps)) ctx.warn(`${count} ${reason}`);
  const results = calibrate(windows, { paired: options.paired });
  if (results.length === 0) throw new RuntimeFailure("no forecast could be made for any window (see the warnings above)");
  const windowsPerSeries = Map.groupBy(data.windows, (window) => window.series);
  const models = new Map(options.models.map((model) => [model.name, model]));
  for (const result of results) {
    const context = {
      model: models.get(result.forecaster),
      marketSource: data.marketSource,
      windows: windowsPerSeries.get(result.series)?.length ?? 0,
      paired: options.paired,
    };
    emit(calibrationRecord(result, context, ctx.now()));
  }
}
