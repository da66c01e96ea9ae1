/**
 * Settlement of a window from the stream the market names: Chainlink-settled Up/Down windows
 * compare the settlement stream at the window's end with its start (Up when end ≥ start); hourly
 * Up/Down windows compare the Binance 1h candle's close with its open; daily "above" markets take
 * the close of the Binance 1m candle that opens at 12:00 ET (Yes when strictly higher than the strike).
 */
import type { PriceModel, SandboxMarket } from "../types.ts";

const MINUTE = 60_000;

/** When the result is known: the end of the window, or the close of the 12:00 candle for "above". */
export function settleTime(market: SandboxMarket): number {
  return market.kind === "above" ? market.end + MINUTE : market.end;
}

/** The winning outcome index by the market's rule. */
function winner(market: SandboxMarket, prices: PriceModel): 0 | 1 {
  if (market.kind === "above") return prices.candle(market.symbol, market.end).close > (market.strike ?? 0) ? 0 : 1;
  if (market.settlement === "chainlink") return prices.settlement(market.symbol, market.end).price >= prices.settlement(market.symbol, market.windowStart).price ? 0 : 1;
  return prices.candle(market.symbol, market.end - MINUTE).close >= prices.candle(market.symbol, market.windowStart).open ? 0 : 1;
}

/** Sets `winner` once the settlement time has passed. */
export function resolveIfDue(market: SandboxMarket, prices: PriceModel | undefined, t: number): void {
  if (market.winner === undefined && prices && t >= settleTime(market)) market.winner = winner(market, prices);
}
