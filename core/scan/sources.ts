/**
 * Gathers what `scanMarkets` needs from the venues: spot prices from the oracle (with the Chainlink
 * stream, so settlement and basis are known), 1-minute Binance candles for the volatility (one
 * request per symbol, reused for window openings in the last two hours), and the opening references
 * of started Up/Down windows.
 */
import type { Decimal } from "../decimal.ts";
import type { Market } from "../model/market.ts";
import type { Oracle, OraclePrice, SettlementPrice } from "../oracle/oracle.ts";
import type { ScanPrices, SpotQuote, SymbolPrices } from "./pricing.ts";
import { type Candle, loadReferences, type PricePoint, type ReferenceNeed } from "./reference-price.ts";
import { flagVolatility, realisedVolatility, VOL_WINDOW_MINUTES, type VolEstimate } from "./volatility.ts";

export type KlinesFn = (symbol: string, query: { startTime?: number; endTime?: number; limit: number }) => Promise<Candle[]>;

/** What a stream tick already knows of its symbol, priced by the oracle moments ago in the same turn. */
export type TickedPrices = { price: OraclePrice; settlement: SettlementPrice | undefined };

/**
 * Spot prices from the oracle after a refresh, as of `now` (ages from the oracle's own clock). Given
 * the tick being handled, its symbol's price and settlement are taken from it rather than asked of
 * the oracle again: the same figures (nothing ran in between), without the median recomputed.
 */
export function pricesFromOracle(oracle: Oracle, symbols: readonly string[], now: number, ticked?: TickedPrices): Map<string, SymbolPrices> {
  const spot = new Map<string, SymbolPrices>();
  for (const symbol of symbols) {
    const entry: SymbolPrices = {};
    const fromTick = ticked?.price.symbol === symbol ? ticked : undefined;
    const current = fromTick ? (fromTick.price.stale ? undefined : fromTick.price) : oracle.current(symbol);
    if (current) entry.exchange = { price: current.price, ts: now - current.ageMs, source: current.source };
    const settlement = fromTick ? fromTick.settlement : oracle.settlement(symbol);
    if (settlement && !settlement.stale) entry.settlement = { price: settlement.price, ts: now - settlement.ageMs, source: "rtds" } satisfies SpotQuote;
    const basis = oracle.basis(symbol);
    if (basis) entry.basis = basis.basis;
    spot.set(symbol, entry);
  }
  return spot;
}

export type ModelInputDeps = {
  klines: KlinesFn;
  /** `--vol`: used for every symbol instead of the realised figure. */
  vol?: Decimal;
  volFloor?: number;
  /** Factor on the realised figure (default DEFAULT_VOL_SCALE). */
  volScale?: number;
  history?: Map<string, PricePoint[]>;
  warn?: (message: string) => void;
};

/** Volatility per symbol and the opening references of started Up/Down windows. */
export async function loadModelInputs(markets: readonly Market[], now: number, deps: ModelInputDeps): Promise<Pick<ScanPrices, "vol" | "refs">> {
  const symbols = [...new Set(markets.map((market) => market.symbol))];
  const vol = new Map<string, VolEstimate>();
  const cached = new Map<string, Candle[]>();
  await Promise.all(
    symbols.map(async (symbol) => {
      if (deps.vol) return void vol.set(symbol, flagVolatility(deps.vol));
      try {
        // The last VOL_WINDOW_MINUTES closed candles plus the one in progress.
        const candles = await deps.klines(symbol, { endTime: now, limit: VOL_WINDOW_MINUTES + 1 });
        cached.set(symbol, candles);
        vol.set(
          symbol,
          realisedVolatility(
            candles.filter((candle) => candle.closeTime <= now).map((candle) => candle.close),
            deps.volFloor,
            deps.volScale,
          ),
        );
      } catch (error) {
        deps.warn?.(`binance klines for ${symbol}: ${(error as Error).message}; its markets get no volatility (give --vol to price them anyway)`);
      }
    }),
  );
  const needs: ReferenceNeed[] = markets
    .filter((market) => market.kind === "updown" && market.window_start !== undefined && market.window_start <= now)
    .map((market) => ({ symbol: market.symbol, windowStart: market.window_start!, settledBy: market.resolution.source }));
  const refs = await loadReferences(needs, {
    cached,
    settlementHistory: (symbol) => deps.history?.get(symbol) ?? [],
    klines: (symbol, startTime, limit) => deps.klines(symbol, { startTime, limit }),
    onError: (symbol, error) => deps.warn?.(`binance klines for ${symbol} window openings: ${error.message}`),
  });
  return { vol, refs };
}
