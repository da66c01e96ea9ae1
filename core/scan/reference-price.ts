/**
 * The opening reference price of an Up/Down window ("Up" wins when the end price ≥ this): the
 * settlement stream's value at the window start when pm-arb has it, otherwise the Binance 1-minute
 * candle that opens then. For a Chainlink-settled window that candle is a proxy on the exchange's
 * basis, and is flagged so (the scan then corrects it by the live basis).
 */
import type { Decimal } from "../decimal.ts";
import type { ResolutionSource } from "../model/market.ts";

export type ReferencePrice = {
  price: Decimal;
  /** When the value was observed (the stream point's time, or the candle's open time). */
  ts: number;
  source: "settlement" | "binance-candle";
  /** True when the value is not from the stream that settles the market. */
  proxy: boolean;
};

export type PricePoint = { ts: number; price: Decimal };

export type Candle = { openTime: number; open: Decimal; high: Decimal; low: Decimal; close: Decimal; closeTime: number };

/** How far from the window start a settlement point may be and still count as its opening value. */
const SETTLEMENT_TOLERANCE_MS = 2_000;

/** Windows of one symbol opening at the same time but settled by different streams differ (proxy or not). */
export function referenceKey(symbol: string, windowStart: number, settledBy: ResolutionSource): string {
  return `${symbol}|${windowStart}|${settledBy}`;
}

/**
 * The settlement stream's value at `windowStart`: the last point at or before it (the value in force
 * at the start) within the tolerance, else the first point after it within the tolerance.
 * `points` must be sorted by time, oldest first.
 */
export function referenceFromSettlement(points: readonly PricePoint[], windowStart: number, toleranceMs = SETTLEMENT_TOLERANCE_MS): ReferencePrice | undefined {
  let before: PricePoint | undefined;
  let after: PricePoint | undefined;
  for (const point of points) {
    if (point.ts <= windowStart) before = point;
    else {
      after = point;
      break;
    }
  }
  const chosen = before && windowStart - before.ts <= toleranceMs ? before : after && after.ts - windowStart <= toleranceMs ? after : undefined;
  return chosen ? { price: chosen.price, ts: chosen.ts, source: "settlement", proxy: false } : undefined;
}

/** The Binance 1-minute candle opening at `windowStart` (minute-aligned), as a reference. */
export function referenceFromCandles(candles: readonly Candle[], windowStart: number, settledBy: ResolutionSource): ReferencePrice | undefined {
  const minute = Math.floor(windowStart / 60_000) * 60_000;
  const candle = candles.find((c) => c.openTime === minute);
  if (!candle) return undefined;
  return { price: candle.open, ts: candle.openTime, source: "binance-candle", proxy: settledBy !== "binance" || minute !== windowStart };
}

export type ReferenceNeed = { symbol: string; windowStart: number; settledBy: ResolutionSource };

export type ReferenceDeps = {
  /** 1-minute candles of `symbol` from `startTime` (ms), at most `limit`, oldest first. */
  klines(symbol: string, startTime: number, limit: number): Promise<Candle[]>;
  /** Settlement stream points pm-arb holds for a symbol (oldest first), if any. */
  settlementHistory?(symbol: string): readonly PricePoint[];
  /** Candles already fetched (e.g. for volatility), reused before asking again. */
  cached?: ReadonlyMap<string, readonly Candle[]>;
  /** A failed klines request costs only its symbol's references; this hears about it. */
  onError?(symbol: string, error: Error): void;
};

/** Binance returns at most this many candles per request. */
const MAX_CANDLES = 1000;

/**
 * Opening references for every window that has started, keyed by `referenceKey`. One klines request
 * per symbol per 1000-minute span of window starts not already covered by cached candles.
 */
export async function loadReferences(needs: readonly ReferenceNeed[], deps: ReferenceDeps): Promise<Map<string, ReferencePrice>> {
  const out = new Map<string, ReferencePrice>();
  const missing = new Map<string, ReferenceNeed[]>();
  for (const need of needs) {
    const key = referenceKey(need.symbol, need.windowStart, need.settledBy);
    if (out.has(key)) continue;
    const fromStream = need.settledBy === "chainlink" ? referenceFromSettlement(deps.settlementHistory?.(need.symbol) ?? [], need.windowStart) : undefined;
    const fromCache = fromStream ?? referenceFromCandles(deps.cached?.get(need.symbol) ?? [], need.windowStart, need.settledBy);
    if (fromCache) out.set(key, fromCache);
    else missing.set(need.symbol, [...(missing.get(need.symbol) ?? []), need]);
  }
  await Promise.all(
    [...missing].map(async ([symbol, list]) => {
      const sorted = [...list].sort((x, y) => x.windowStart - y.windowStart);
      let index = 0;
      while (index < sorted.length) {
        const from = Math.floor(sorted[index]!.windowStart / 60_000) * 60_000;
        const span = sorted.filter((need) => need.windowStart < from + MAX_CANDLES * 60_000);
        const last = span[span.length - 1]!.windowStart;
        const limit = Math.min(MAX_CANDLES, Math.floor((last - from) / 60_000) + 1);
        let candles: Candle[] = [];
        try {
          candles = await deps.klines(symbol, from, limit);
        } catch (error) {
          deps.onError?.(symbol, error as Error);
        }
        for (const need of sorted.slice(index, span.length)) {
          const reference = referenceFromCandles(candles, need.windowStart, need.settledBy);
          if (reference) out.set(referenceKey(symbol, need.windowStart, need.settledBy), reference);
        }
        index = span.length;
      }
    }),
  );
  return out;
}
