/**
 * `pm-arb calibrate` on public venue data: read the files, make every forecaster's forecasts at
 * each minutes-left, score them per (series, minutes left, forecaster) and hand one `calibration`
 * record per score set to the emitter. What could not be scored, and why, goes to stderr.
 */
import { RuntimeFailure } from "../cli/errors.ts";
import { log } from "../cli/log.ts";
import type { RecordEnvelope } from "../cli/output.ts";
import type { CalibrationRecord } from "../records/calibration.ts";
import { calibrate } from "./calibration.ts";
import type { CalibrateOptions } from "./options.ts";
import { type Gaps, publicForecasts } from "./public-forecasts.ts";
import { readPublicData } from "./read-public-data.ts";
import { calibrationRecord } from "./record.ts";

export type CalibrateContext = { now: () => Date; warn: (message: string) => void };

const defaultContext = (): CalibrateContext => ({ now: () => new Date(), warn: (message) => log().warn(message) });

export function runCalibrate(options: CalibrateOptions, emit: (record: RecordEnvelope & CalibrationRecord) => void, ctx: CalibrateContext = defaultContext()): void {
  const data = readPublicData(options, ctx.warn);
  if (data.windows.length === 0) throw new RuntimeFailure(`--markets ${options.markets} holds no resolved ${options.symbol} Up/Down window to score`);
  const gaps: Gaps = {};
  const windows = publicForecasts(data, options.atMinutes, options.models, gaps);
  for (const [reason, count] of Object.entries(gaps)) ctx.warn(`${count} ${reason}`);
  const results = calibrate(windows, { paired: options.paired });
  if (results.length === 0) throw new RuntimeFailure("no forecast could be made for any window (see the warnings above)");
  const windowsPerSeries = Map.groupBy(data.windows, (window) => window.series);
  const models = new Map(options.models.map((model) => [model.name, model]));
  for (const result of results) {
    const context = { model: models.get(result.forecaster), windows: windowsPerSeries.get(result.series)?.length ?? 0, paired: options.paired };
    emit(calibrationRecord(result, context, ctx.now()));
  }
}
