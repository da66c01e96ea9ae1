/**
 * pm-arb's fair value of "Up" at a moment of a window, from 1-minute spot candles, exactly as `scan`
 * and `run` price an Up/Down market (core/scan): the driftless lognormal `probUp` of the spot
 * against the window's opening price, with the realised volatility of recent 1-minute closes
 * (core/scan/volatility.ts), carried at the scan's decimal places. Every input comes from data
 * seen at or before the moment: the spot is the last candle closed by then, the volatility the
 * candles closed in the lookback before it.
 */

import { MS_PER_YEAR, probabilityText, probUp } from "../scan/fair-value.ts";
import type { Candle, ReferencePrice } from "../scan/reference-price.ts";
import { realisedVolatility, type VolEstimate } from "../scan/volatility.ts";
import { countAtOrBefore, lastAtOrBefore } from "./last-at-or-before.ts";

const MINUTE_MS = 60_000;
/** A last closed candle older than this means the data has a gap at that moment: no forecast. */
const MAX_SPOT_AGE_MS = 2 * MINUTE_MS;

/** One way of estimating σ: realised over the last `lookbackMinutes` minutes, times `scale`, never below `floor`. */
export type VolMethod = { lookbackMinutes: number; scale: number; floor: number };

/** Where the opening price came from: the settlement source's own value, or a Binance candle standing in for it. */
export type S0Source = "settlement" | "binance-candle";

export function s0SourceOf(reference: ReferencePrice): S0Source {
  return reference.proxy ? "binance-candle" : "settlement";
}

/** The close of the last candle closed at or before `at`, when it is recent enough. */
export function spotAt(candles: readonly Candle[], at: number): Candle | undefined {
  const candle = lastAtOrBefore(candles, at, (c) => c.closeTime);
  return candle && at - candle.closeTime <= MAX_SPOT_AGE_MS ? candle : undefined;
}

/** σ at `at` from the candles closed in the `lookbackMinutes` before it. */
export function volatilityAt(candles: readonly Candle[], at: number, method: VolMethod): VolEstimate {
  const end = countAtOrBefore(candles, at, (c) => c.closeTime);
  const since = at - method.lookbackMinutes * MINUTE_MS;
  const recent = candles.slice(Math.max(0, end - method.lookbackMinutes), end).filter((c) => c.openTime >= since);
  return realisedVolatility(
    recent.map((c) => c.close),
    method.floor,
    method.scale,
  );
}

/** P(Up) given the spot now, the opening price, σ and the time left, as the scan would carry it. */
export function modelProbability(spot: number, open: number, sigma: number, msLeft: number): number {
  return Number(probabilityText(probUp(spot, open, sigma, msLeft / MS_PER_YEAR)));
}
