/**
 * Volatility for the fair-value model: the realised volatility of recent 1-minute log returns,
 * annualised (× √(minutes a year)), never below a floor — a quiet hour must not make the model
 * certain — and overridable (`--vol`). Like the fair-value formulas this is model math in doubles;
 * the candle closes cross from Decimal once here.
 */
import type { Decimal } from "../decimal.ts";
import { MS_PER_YEAR } from "./fair-value.ts";

export const MINUTES_PER_YEAR = MS_PER_YEAR / 60_000;
/** Default floor on the annualised volatility. */
export const DEFAULT_VOL_FLOOR = 0.2;
/**
 * Factor on the realised figure before the floor, chosen on real data by `pm-arb calibrate`: on 304
 * real BTC 15-minute windows (Dec 2025) the unscaled estimate was underconfident (calibration slope
 * 1.3–2.0 at 10 to 1 minutes left), and ×0.8 scored best of ×0.64, ×0.8 and ×1 in mean log loss and
 * Brier (README "pm-arb calibrate").
 */
export const DEFAULT_VOL_SCALE = 0.8;
/** 1-minute candles the estimate uses: the last two hours (at 60 the sampling noise of the estimate alone
 * made fair values on the sandbox disagree with honest makers by more than the edge threshold). */
export const VOL_WINDOW_MINUTES = 120;
/** Fewer returns than this and the estimate is not trusted: the floor applies alone. */
const MIN_RETURNS = 10;

export type VolEstimate = {
  /** Annualised σ used by the model. */
  sigma: number;
  /** "realised" (from candles, above the floor), "floor" (realised below the floor or too few candles), "flag" (--vol). */
  source: "realised" | "floor" | "flag";
  /** The realised figure before the scale and the floor, when there was one. */
  realised?: number;
  /** Number of 1-minute returns it came from. */
  returns: number;
};

/** Sample standard deviation of consecutive log returns of `closes` (oldest first), per step. */
export function stdevOfLogReturns(closes: readonly number[]): { stdev: number; returns: number } {
  const returns: number[] = [];
  for (let i = 1; i < closes.length; i++) {
    const a = closes[i - 1]!;
    const b = closes[i]!;
    if (a > 0 && b > 0) returns.push(Math.log(b / a));
  }
  if (returns.length < 2) return { stdev: 0, returns: returns.length };
  const mean = returns.reduce((sum, r) => sum + r, 0) / returns.length;
  const variance = returns.reduce((sum, r) => sum + (r - mean) ** 2, 0) / (returns.length - 1);
  return { stdev: Math.sqrt(variance), returns: returns.length };
}

/** Annualised realised volatility of 1-minute closes (oldest first), times the scale, with the floor applied. */
export function realisedVolatility(closes: readonly Decimal[], floor = DEFAULT_VOL_FLOOR, scale = DEFAULT_VOL_SCALE): VolEstimate {
  const { stdev, returns } = stdevOfLogReturns(closes.map((close) => close.toNumber()));
  if (returns < MIN_RETURNS) return { sigma: floor, source: "floor", returns };
  const realised = stdev * Math.sqrt(MINUTES_PER_YEAR);
  const sigma = realised * scale;
  return sigma >= floor ? { sigma, source: "realised", realised, returns } : { sigma: floor, source: "floor", realised, returns };
}

/** The `--vol` override. */
export function flagVolatility(sigma: Decimal): VolEstimate {
  return { sigma: sigma.toNumber(), source: "flag", returns: 0 };
}
