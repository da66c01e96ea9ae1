/**
 * The live basis between exchange prices and the settlement stream: a rolling median of
 * (exchange − settlement) over a time window, pure (samples and times come in as arguments). The
 * 5m/15m markets settle on Chainlink's aggregate, which sits a few basis points off Binance and lags
 * it on sharp moves; the median ignores the lag spikes and keeps the structural offset.
 */
import { Decimal } from "../decimal.ts";
import { SortedDecimals } from "./sorted-decimals.ts";

export type BasisSample = { at: number; exchange: Decimal; settlement: Decimal };

export type BasisValue = {
  /** Median of exchange − settlement, in price units. */
  basis: Decimal;
  /** Median of (exchange − settlement) / settlement × 10 000. */
  bps: Decimal;
  samples: number;
  /** Time covered by the samples used (ms). */
  spanMs: number;
};

export type BasisConfig = { windowMs: number; maxSamples: number };

export const DEFAULT_BASIS: BasisConfig = { windowMs: 300_000, maxSamples: 600 };

const BPS = new Decimal(10_000);

export class BasisWindow {
  /** In time order; the same values are kept sorted in `diffs` and `bps` for the medians. */
  private readonly samples: { at: number; diff: Decimal; bps: Decimal }[] = [];
  private readonly diffs = new SortedDecimals();
  private readonly bps = new SortedDecimals();
  private cached?: BasisValue;

  constructor(private readonly config: BasisConfig = DEFAULT_BASIS) {}

  /** Samples arrive in time order (each settlement update, paired with the exchange price then). */
  add(sample: BasisSample): void {
    if (sample.settlement.lte(0)) return;
    const diff = sample.exchange.minus(sample.settlement);
    const entry = { at: sample.at, diff, bps: diff.div(sample.settlement).times(BPS) };
    this.samples.push(entry);
    this.diffs.insert(entry.diff);
    this.bps.insert(entry.bps);
    this.dropOldest(this.samples.length - this.config.maxSamples);
    this.cached = undefined;
  }

  /** The rolling median over samples no older than the window; undefined without samples. Cached until the window changes. */
  value(now: number): BasisValue | undefined {
    const from = now - this.config.windowMs;
    let expired = 0;
    while (expired < this.samples.length && this.samples[expired]!.at < from) expired++;
    if (expired > 0) {
      this.dropOldest(expired);
      this.cached = undefined;
    }
    if (this.samples.length === 0) return undefined;
    if (this.cached) return this.cached;
    const first = this.samples[0]!.at;
    const last = this.samples[this.samples.length - 1]!.at;
    this.cached = { basis: this.diffs.median(), bps: this.bps.median(), samples: this.samples.length, spanMs: last - first };
    return this.cached;
  }

  private dropOldest(count: number): void {
    if (count <= 0) return;
    for (const old of this.samples.splice(0, count)) {
      this.diffs.remove(old.diff);
      this.bps.remove(old.bps);
    }
  }
}

/** Every symbol's window, fed at most one sample per settlement update. */
export class BasisBook {
  private readonly windows = new Map<string, BasisWindow>();
  /** The settlement update each symbol was last sampled at. */
  private readonly sampledAt = new Map<string, object>();

  constructor(private readonly config: BasisConfig = DEFAULT_BASIS) {}

  sampled(symbol: string, update: object): boolean {
    return this.sampledAt.get(symbol) === update;
  }

  add(symbol: string, update: object, sample: BasisSample): void {
    this.sampledAt.set(symbol, update);
    this.windows.getOrInsertComputed(symbol, () => new BasisWindow(this.config)).add(sample);
  }

  value(symbol: string, now: number): BasisValue | undefined {
    return this.windows.get(symbol)?.value(now);
  }
}
