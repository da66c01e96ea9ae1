/**
 * The market makers' fair probability of a market's first outcome (Up / Yes), from the spot they
 * see at `view` (already lagged by the caller): a driftless lognormal over the time left, so
 * P(S_end ≥ ref) = Φ((ln(S/ref) − σ²τ/2) / (σ√τ)). Up/Down windows that have not started are 0.5.
 */
import type { PriceModel, SandboxMarket } from "../types.ts";

const YEAR_MS = 365.25 * 24 * 3_600_000;

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 on erf; error below 1e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** P(S_T ≥ ref) for a driftless lognormal spot with annual volatility sigma and `years` left. */
function probabilityAbove(spot: number, ref: number, sigma: number, years: number): number {
  if (!(spot > 0) || !(ref > 0)) return 0.5;
  if (years <= 0 || sigma <= 0) return spot >= ref ? 1 : 0;
  const vol = sigma * Math.sqrt(years);
  return normalCdf((Math.log(spot / ref) - (vol * vol) / 2) / vol);
}

/** The spot a market's makers watch: the settlement stream for Chainlink windows, Binance otherwise. */
function watchedSpot(market: SandboxMarket, prices: PriceModel, t: number): number {
  return market.settlement === "chainlink" ? prices.settlement(market.symbol, t).price : prices.quote("binance", market.symbol, t).price;
}

/** The price the market compares the final spot with, once known at `view`; undefined before. */
function referencePrice(market: SandboxMarket, prices: PriceModel, view: number): number | undefined {
  if (market.kind === "above") return market.strike;
  if (view < market.windowStart) return undefined;
  return market.settlement === "chainlink" ? prices.settlement(market.symbol, market.windowStart).price : prices.candle(market.symbol, market.windowStart).open;
}

/** Fair probability of outcome 0 (Up / Yes) as seen at `view`, clamped to [0, 1]. */
export function fairFirst(market: SandboxMarket, prices: PriceModel, view: number, volatility: number): number {
  const reference = referencePrice(market, prices, view);
  if (reference === undefined) return 0.5;
  const at = Math.min(view, market.end);
  const spot = watchedSpot(market, prices, at);
  return probabilityAbove(spot, reference, volatility, (market.end - at) / YEAR_MS);
}
