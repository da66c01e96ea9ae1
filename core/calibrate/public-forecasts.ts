/**
 * Forecasts from public venue data: for every resolved window and every minutes-left, each model
 * forecaster's P(Up) from the spot candles (one per volatility method), and the market's own
 * probability from its price history (the last point at or before the moment). Pure: the files are
 * read by read-public-data.ts, a recording by core/replay/recorded-calibration.ts.
 */
import { type Candle, type PricePoint, referenceFromCandles, referenceFromSettlement } from "../scan/reference-price.ts";
import type { ScoredWindow, WindowForecast } from "./calibration.ts";
import type { ResolvedWindow } from "./gamma-windows.ts";
import { lastAtOrBefore } from "./last-at-or-before.ts";
import { modelProbability, s0SourceOf, spotAt, type VolMethod, volatilityAt } from "./model-forecast.ts";
import type { HistoryPoint } from "./prices-history.ts";

/** A model forecaster: a volatility method, and how much older than the moment its spot is (normally 0). */
export type ModelForecaster = { name: string; vol: VolMethod; spotDelayMs: number };

export const MARKET_FORECASTER = "market";

export type MarketSource = "prices-history" | "book-mid";

export type PublicData = {
  windows: readonly ResolvedWindow[];
  /** 1-minute candles of the windows' symbol, oldest first; absent: no model forecasts. */
  candles?: readonly Candle[];
  /** The market's P(Up) series of a window, oldest first; absent or undefined: no market forecast. */
  upHistory?: (window: ResolvedWindow) => readonly HistoryPoint[] | undefined;
  /** Where the market's P(Up) came from: `/prices-history` points, or a recorded book's best bid/ask mid. */
  marketSource?: MarketSource;
  /** The settlement stream's points of a window's symbol, oldest first, where the data has them: its opening price, else the candle's. */
  settlementPoints?: (window: ResolvedWindow) => readonly PricePoint[];
};

/** What could not be forecast, counted by reason (each reason starts with what is counted), for the run's report. */
export type Gaps = Record<string, number>;

const MINUTE_MS = 60_000;

export function publicForecasts(data: PublicData, minutesLeft: readonly number[], models: readonly ModelForecaster[], gaps: Gaps = {}): ScoredWindow[] {
  const missed = (reason: string) => {
    gaps[reason] = (gaps[reason] ?? 0) + 1;
  };
  return data.windows.map((window) => {
    const forecasts: WindowForecast[] = [];
    const settlement = window.settledBy === "chainlink" ? data.settlementPoints?.(window) : undefined;
    const reference = data.candles
      ? ((settlement && referenceFromSettlement(settlement, window.start)) ?? referenceFromCandles(data.candles, window.start, window.settledBy))
      : undefined;
    if (data.candles && !reference) missed("windows without a candle opening at their start: no model forecasts for them");
    const history = data.upHistory?.(window);
    if (data.upHistory && !history) missed("windows without a price history of their tokens: no market forecasts for them");
    for (const minutes of minutesLeft) {
      const at = window.end - minutes * MINUTE_MS;
      if (at < window.start) continue;
      for (const model of reference ? models : []) {
        // What the model knew: candles closed by the moment (less the delay, when one is asked for).
        const seen = at - model.spotDelayMs;
        const spot = spotAt(data.candles!, seen);
        if (!spot) {
          missed(`moments without a candle closed in the two minutes before: no ${model.name} forecast there`);
          continue;
        }
        const sigma = volatilityAt(data.candles!, seen, model.vol).sigma;
        const p = modelProbability(spot.close.toNumber(), reference!.price.toNumber(), sigma, window.end - at);
        forecasts.push({ forecaster: model.name, minutesLeft: minutes, p, s0Source: s0SourceOf(reference!) });
      }
      if (history) {
        const point = lastAtOrBefore(history, at, (item) => item.ts);
        if (point) forecasts.push({ forecaster: MARKET_FORECASTER, minutesLeft: minutes, p: point.p });
        else missed("moments before the first point of the price history: no market forecast there");
      }
    }
    return { series: window.series, outcome: window.outcome, forecasts };
  });
}
