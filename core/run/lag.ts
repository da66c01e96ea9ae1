/**
 * The lag itself, measured: how long a market's Polymarket book takes to follow a spot move.
 *
 * Per market, after each spot tick the loop hands in the model's fair probability of the first
 * outcome; after each book change, the book's mid. When the fair value moves away from the book by
 * at least `threshold` (the move the strategy trades), a gap opens, stamped with the tick's arrival
 * time. It closes when a book update brings the mid within `threshold / 2` of the latest fair value:
 * that interval is one sample of the lag. A gap that closes because spot came back (on a tick, not
 * a book update) is dropped, and so is one the book never follows within `maxMs`.
 *
 * Samples are kept per symbol and series (`updown-15m`, `above`, …) in a ring of the last `keep`,
 * and summarised as median, p90, last and a histogram over `LAG_BUCKETS_MS` (the report draws it).
 * Pure: times come in as arguments.
 */
import { Decimal } from "../decimal.ts";

export type LagOptions = { threshold: Decimal; maxMs: number; keep: number };

const DEFAULT_LAG: LagOptions = { threshold: new Decimal("0.02"), maxMs: 120_000, keep: 256 };

/** Lower edges of the histogram's buckets (ms), doubling: a bucket holds [edge, next edge), the last everything above. */
export const LAG_BUCKETS_MS = [0, 250, 500, 1000, 2000, 4000, 8000, 16_000, 32_000, 64_000] as const;

export type LagSummary = {
  symbol: string;
  series: string;
  samples: number;
  median_ms: number;
  p90_ms: number;
  last_ms: number;
  open_gaps: number;
  dropped: number;
  /** Kept samples per bucket of `LAG_BUCKETS_MS`. */
  histogram: number[];
};

type MarketLag = { symbol: string; series: string; fair?: Decimal; mid?: Decimal; gapStart?: number };
type SeriesLag = { samples: number[]; total: number; dropped: number };

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index]!;
}

function histogram(samples: number[]): number[] {
  const counts = LAG_BUCKETS_MS.map(() => 0);
  for (const ms of samples) counts[LAG_BUCKETS_MS.findLastIndex((edge) => ms >= edge)]!++;
  return counts;
}

export class LagTracker {
  private readonly markets = new Map<string, MarketLag>();
  private readonly series = new Map<string, SeriesLag>();
  private readonly options: LagOptions;

  constructor(options: Partial<LagOptions> = {}) {
    this.options = { ...DEFAULT_LAG, ...options };
  }

  /** A spot tick re-priced this market: `fair` is the model's probability of its first outcome. */
  fair(marketId: string, symbol: string, series: string, fair: Decimal, at: number): void {
    const market = this.market(marketId, symbol, series);
    market.fair = fair;
    if (market.mid === undefined) return;
    const gap = fair.minus(market.mid).abs();
    if (market.gapStart === undefined) {
      if (gap.gte(this.options.threshold)) market.gapStart = at;
      return;
    }
    const expired = at - market.gapStart > this.options.maxMs;
    // Spot came back to the book by itself: not a sample of the book following.
    if (expired || gap.lt(this.options.threshold.dividedBy(2))) this.drop(market);
  }

  /** The market's book changed: `mid` of its first outcome. */
  book(marketId: string, mid: Decimal, at: number): void {
    const market = this.markets.get(marketId);
    if (!market) return;
    market.mid = mid;
    if (market.gapStart === undefined || market.fair === undefined) return;
    const elapsed = at - market.gapStart;
    if (elapsed > this.options.maxMs) this.drop(market);
    else if (market.fair.minus(mid).abs().lt(this.options.threshold.dividedBy(2))) {
      this.record(market, Math.max(0, elapsed));
      market.gapStart = undefined;
    }
  }

  /** Forget a market (its window expired). */
  forget(marketId: string): void {
    this.markets.delete(marketId);
  }

  summary(): LagSummary[] {
    const open = new Map<string, number>();
    for (const market of this.markets.values())
      if (market.gapStart !== undefined) open.set(`${market.symbol}\u0000${market.series}`, (open.get(`${market.symbol}\u0000${market.series}`) ?? 0) + 1);
    const out: LagSummary[] = [];
    for (const [id, lag] of this.series) {
      const [symbol, series] = id.split("\u0000") as [string, string];
      const sorted = [...lag.samples].sort((a, b) => a - b);
      out.push({
        symbol,
        series,
        samples: lag.total,
        median_ms: quantile(sorted, 0.5),
        p90_ms: quantile(sorted, 0.9),
        last_ms: lag.samples[lag.samples.length - 1] ?? 0,
        open_gaps: open.get(id) ?? 0,
        dropped: lag.dropped,
        histogram: histogram(sorted),
      });
    }
    return out.sort((a, b) => a.symbol.localeCompare(b.symbol) || a.series.localeCompare(b.series));
  }

  private market(marketId: string, symbol: string, series: string): MarketLag {
    return this.markets.getOrInsertComputed(marketId, () => {
      const market = { symbol, series };
      this.seriesOf(market);
      return market;
    });
  }

  private seriesOf(market: MarketLag): SeriesLag {
    return this.series.getOrInsertComputed(`${market.symbol}\u0000${market.series}`, () => ({ samples: [], total: 0, dropped: 0 }));
  }

  private record(market: MarketLag, ms: number): void {
    const lag = this.seriesOf(market);
    lag.samples.push(ms);
    lag.total++;
    if (lag.samples.length > this.options.keep) lag.samples.shift();
  }

  private drop(market: MarketLag): void {
    market.gapStart = undefined;
    this.seriesOf(market).dropped++;
  }
}
