/**
 * Proper scores of probability forecasts of a binary outcome: the Brier score, the log loss and a
 * reliability table. Forecasts are model math in doubles (like core/scan/fair-value.ts); the record
 * turns the results into decimal text.
 */

/** One forecast of "the first outcome (Up) wins" and what happened (1 = it won). */
export type ScoredForecast = { p: number; outcome: 0 | 1 };

/** Log loss clips forecasts here: a forecast of exactly 0 or 1 that is wrong would cost infinity. */
const CLIP_LOW = 0.001;
const CLIP_HIGH = 0.999;
/** Equal-width reliability bins over [0, 1]. */
const BIN_COUNT = 10;

export function clip(p: number): number {
  return Math.min(CLIP_HIGH, Math.max(CLIP_LOW, p));
}

/** Mean squared error of the forecast against the outcome: 0 is perfect, 0.25 is always saying 0.5 (NaN for no forecasts). */
export function brierScore(forecasts: readonly ScoredForecast[]): number {
  return forecasts.reduce((sum, { p, outcome }) => sum + (p - outcome) ** 2, 0) / forecasts.length;
}

/** Mean negative log-likelihood (natural log) of the outcomes, forecasts clipped to [0.001, 0.999]; ln 2 ≈ 0.693 is always saying 0.5 (NaN for no forecasts). */
export function logLoss(forecasts: readonly ScoredForecast[]): number {
  return -forecasts.reduce((sum, { p, outcome }) => sum + Math.log(outcome === 1 ? clip(p) : 1 - clip(p)), 0) / forecasts.length;
}

export type ReliabilityBin = {
  /** The bin covers [low, high); the last one includes 1. */
  low: number;
  high: number;
  n: number;
  /** Mean forecast and observed frequency of the outcome in the bin; undefined when it is empty. */
  meanForecast?: number;
  observed?: number;
};

/** Index of the bin holding `p`: ⌊10p⌋, with 1 in the last bin. */
export function binIndex(p: number): number {
  return Math.min(BIN_COUNT - 1, Math.max(0, Math.floor(p * BIN_COUNT)));
}

/** The reliability table: all ten bins, empty ones included, so tables line up across forecasters. */
export function reliabilityBins(forecasts: readonly ScoredForecast[]): ReliabilityBin[] {
  const sums = Array.from({ length: BIN_COUNT }, () => ({ n: 0, forecast: 0, outcomes: 0 }));
  for (const { p, outcome } of forecasts) {
    const bin = sums[binIndex(p)]!;
    bin.n += 1;
    bin.forecast += p;
    bin.outcomes += outcome;
  }
  return sums.map((bin, i) => ({
    low: i / BIN_COUNT,
    high: (i + 1) / BIN_COUNT,
    n: bin.n,
    ...(bin.n > 0 ? { meanForecast: bin.forecast / bin.n, observed: bin.outcomes / bin.n } : {}),
  }));
}
