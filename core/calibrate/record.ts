/** Builds the `calibration` record (core/records/calibration.ts) from a score set: doubles become decimal text at fixed places. */
import { type RecordEnvelope, stamp } from "../cli/output.ts";
import { Decimal } from "../decimal.ts";
import type { CalibrationRecord } from "../records/calibration.ts";
import type { Calibration } from "./calibration.ts";
import { MARKET_FORECASTER, type MarketSource, type ModelForecaster } from "./public-forecasts.ts";

/** Places of scores and bin figures: far below the differences a few hundred windows can show. */
const PLACES = 6;
const fixed = (value: number | undefined) => (value === undefined ? null : value.toFixed(PLACES));

export function calibrationRecord(
  result: Calibration,
  context: { model?: ModelForecaster; marketSource?: MarketSource; windows: number; paired: boolean },
  now: Date,
): RecordEnvelope & CalibrationRecord {
  const { model } = context;
  const fields: Omit<CalibrationRecord, "type" | "v" | "ts"> = {
    series: result.series,
    minutes_left: result.minutesLeft,
    forecaster: result.forecaster,
    vol_lookback_minutes: model?.vol.lookbackMinutes ?? null,
    vol_scale: model ? new Decimal(model.vol.scale).toString() : null,
    vol_floor: model ? new Decimal(model.vol.floor).toString() : null,
    spot_delay_ms: model?.spotDelayMs ?? null,
    s0_source: result.s0Source ?? null,
    market_source: result.forecaster === MARKET_FORECASTER ? (context.marketSource ?? null) : null,
    paired: context.paired,
    windows: context.windows,
    n: result.n,
    brier: result.brier.toFixed(PLACES),
    log_loss: result.logLoss.toFixed(PLACES),
    slope: fixed(result.slope),
    bins: result.bins.map((bin) => ({
      low: bin.low.toFixed(1),
      high: bin.high.toFixed(1),
      n: bin.n,
      mean_forecast: fixed(bin.meanForecast),
      observed: fixed(bin.observed),
    })),
  };
  return stamp("calibration", fields, now) as RecordEnvelope & CalibrationRecord;
}
