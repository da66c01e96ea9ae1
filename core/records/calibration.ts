/**
 * The `calibration` record: how well one forecaster's P(Up) matched the outcomes of one series'
 * resolved windows at one moment (minutes before the end) — Brier score, log loss, calibration
 * slope and the reliability table. Written by `pm-arb calibrate`; documented in
 * docs/records.md#calibration.
 */
import { z } from "zod";
import { decimalString, envelope } from "./fields.ts";

const binSchema = z.object({
  /** The bin covers [low, high); the last one includes 1. */
  low: decimalString,
  high: decimalString,
  n: z.number().int().nonnegative(),
  /** Null when the bin is empty. */
  mean_forecast: decimalString.nullable(),
  observed: decimalString.nullable(),
});

export const calibrationRecordSchema = z.object({
  ...envelope("calibration"),
  /** `<symbol>-updown-<length>`, e.g. "btc-updown-15m". */
  series: z.string().min(1),
  /** The forecasts were made this many minutes before each window's end. */
  minutes_left: z.number().int().positive(),
  /** "model" (pm-arb's fair value as scan prices it), "model_vol_…" (the same with another volatility), "market". */
  forecaster: z.string().min(1),
  /** Model forecasters: the volatility method (realised over the lookback, × scale, floored); null for the market. */
  vol_lookback_minutes: z.number().int().positive().nullable(),
  vol_scale: decimalString.nullable(),
  vol_floor: decimalString.nullable(),
  /** Model forecasters: how much older than the moment the spot they saw was (`--spot-delay`, normally 0); null for the market. */
  spot_delay_ms: z.number().int().nonnegative().nullable(),
  /** Model forecasters: where the windows' opening prices came from; null for the market. */
  s0_source: z.enum(["settlement", "binance-candle", "mixed"]).nullable(),
  /** The market: where its P(Up) came from — the last CLOB `/prices-history` point at or before the moment, or a recording's Up-token book (best bid/ask mid); null for models. Absent (read as null) in records written before it existed. */
  market_source: z.enum(["prices-history", "book-mid"]).nullable().default(null),
  /** True when only windows every forecaster had a forecast for were scored (`--paired`). */
  paired: z.boolean(),
  /** Resolved windows of the series, and how many of them this forecaster was scored on. */
  windows: z.number().int().nonnegative(),
  n: z.number().int().positive(),
  brier: decimalString,
  log_loss: decimalString,
  /** Null when the fit has no finite answer (one outcome only, one forecast only, or perfect separation). */
  slope: decimalString.nullable(),
  bins: z.array(binSchema).length(10),
});

export type CalibrationRecord = z.infer<typeof calibrationRecordSchema>;
