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

/** The reference and final prices the rule compares, and which outcome index wins. */
function settle(market: SandboxMarket, prices: PriceModel): { reference: number; final: number; winner: 0 | 1 } {
  if (market.kind === "above") {
    const final = prices.candle(market.symbol, market.end).close;
    const reference = market.strike ?? 0;
    return { reference, final, winner: final > reference ? 0 : 1 };
  }
  if (market.settlement === "chainlink") {
    const reference = prices.settlement(market.symbol, market.windowStart).price;
    const final = prices.settlement(market.symbol, market.end).price;
    return { reference, final, winner: final >= reference ? 0 : 1 };
  }
  const reference = prices.candle(market.symbol, market.windowStart).open;
  const final = prices.candle(market.symbol, market.end - MINUTE).close;
  return { reference, final, winner: final >= reference ? 0 : 1 };
}

/** Sets `winner` once the settlement time has passed; returns whether the market is resolved. */
export function resolveIfDue(market: SandboxMarket, prices: PriceModel | undefined, t: number): boolean {
  if (market.winner !== undefined) return true;
  if (!prices || t < settleTime(market)) return false;
  market.winner = settle(market, prices).winner;
  return true;
}
