/**
 * The pricing model's slow inputs, kept current while the loop runs: realised volatility per symbol
 * (refreshed with discovery) and the opening reference of every Up/Down window that has started.
 * The loop records the settlement stream as it ticks, so a Chainlink window's reference is the
 * stream's own value at its start (core/scan/reference-price.ts); the Binance candle is the fallback.
 */
import type { Decimal } from "../decimal.ts";
import type { Market } from "../model/market.ts";
import { type PricePoint, type ReferencePrice, referenceKey } from "../scan/reference-price.ts";
import { type KlinesFn, loadModelInputs } from "../scan/sources.ts";
import type { VolEstimate } from "../scan/volatility.ts";

/** Settlement points kept per symbol (venue ms). */
const HISTORY_MS = 30 * 60_000;

export class ModelInputs {
  vol = new Map<string, VolEstimate>();
  refs = new Map<string, ReferencePrice>();
  private readonly history = new Map<string, PricePoint[]>();
  private loading = false;

  constructor(
    private readonly options: {
      klines: KlinesFn;
      vol?: Decimal;
      volFloor: number;
      warn: (message: string) => void;
    },
  ) {}

  /** A settlement-stream value seen at venue time `ts`. */
  settlementPoint(symbol: string, ts: number, price: Decimal): void {
    const points = this.history.getOrInsertComputed(symbol, () => []);
    const last = points[points.length - 1];
    if (last && (last.ts >= ts || last.price.eq(price))) return;
    points.push({ ts, price });
    while (points.length > 0 && points[0]!.ts < ts - HISTORY_MS) points.shift();
  }

  /** Started Up/Down windows whose reference is not known yet. */
  missing(markets: readonly Market[], now: number): Market[] {
    return markets.filter(
      (market) =>
        market.kind === "updown" &&
        market.window_start !== undefined &&
        market.window_start <= now &&
        !this.refs.has(referenceKey(market.symbol, market.window_start, market.resolution.source)),
    );
  }

  /** Loads volatility and references for these markets (one at a time; a call while loading is skipped). */
  async load(markets: readonly Market[], now: number, refreshVol: boolean): Promise<void> {
    if (this.loading || markets.length === 0) return;
    this.loading = true;
    try {
      const inputs = await loadModelInputs(markets, now, {
        klines: this.options.klines,
        vol: this.options.vol,
        volFloor: this.options.volFloor,
        history: this.history,
        warn: this.options.warn,
      });
      if (refreshVol || this.vol.size === 0) for (const [symbol, estimate] of inputs.vol) this.vol.set(symbol, estimate);
      for (const [key, ref] of inputs.refs) this.refs.set(key, ref);
    } finally {
      this.loading = false;
    }
  }

  /** Forgets references of windows that ended. */
  prune(live: readonly Market[]): void {
    const keep = new Set(live.filter((market) => market.window_start !== undefined).map((market) => referenceKey(market.symbol, market.window_start!, market.resolution.source)));
    for (const key of this.refs.keys()) if (!keep.has(key)) this.refs.delete(key);
  }
}
