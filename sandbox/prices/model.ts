/**
 * The sandbox's spot price model (`app.prices`): a true price per asset, what each provider quotes
 * (truth plus a few bps of deterministic noise, each with its own latency and update cadence), the
 * Chainlink-like settlement stream, and Binance-style 1-minute candles. Every value is a pure
 * function of (options, symbol, t): request timing and clock speed never change a number.
 */
import type { SandboxOptions } from "../options.ts";
import { createRng, hash32 } from "../rng.ts";
import type { PriceModel } from "../types.ts";
import { ASSETS, SYMBOLS } from "./assets.ts";
import { LogPath, MINUTE_MS, STEP_MS } from "./path.ts";

type Provider = "binance" | "coinbase" | "kraken" | "coingecko" | "pyth";

/** Noise amplitude (bps), how far behind the truth the provider is, and how often it updates. */
const PROVIDERS: Record<Provider, { noiseBps: number; latencyMs: number; cadenceMs: number }> = {
  binance: { noiseBps: 0.5, latencyMs: 0, cadenceMs: STEP_MS },
  coinbase: { noiseBps: 2, latencyMs: 150, cadenceMs: STEP_MS },
  kraken: { noiseBps: 3, latencyMs: 400, cadenceMs: STEP_MS },
  pyth: { noiseBps: 1, latencyMs: 0, cadenceMs: 400 },
  coingecko: { noiseBps: 5, latencyMs: 0, cadenceMs: 20_000 },
};

/** Settlement: one report per whole second, the median of the truth over the trailing 2 s. */
const SETTLEMENT_SAMPLES = [0, 500, 1000, 1500, 2000];

export type Candle = { openTime: number; open: number; high: number; low: number; close: number; closeTime: number };

/** A uniform number in [-1, 1) from (seed, stream name, integer index), without state. */
function unitNoise(key: number, index: number): number {
  let h = Math.imul(key ^ (index >>> 0), 0x9e3779b1) ^ Math.floor(index / 4294967296);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return ((h >>> 0) / 4294967296) * 2 - 1;
}

export class SandboxPriceModel implements PriceModel {
  readonly symbols = SYMBOLS;
  private readonly paths = new Map<string, { path: LogPath; start: number; shift: number }>();
  private readonly noiseKeys = new Map<string, number>();

  constructor(private readonly options: SandboxOptions) {
    const startMinute = Math.floor(options.startAt / MINUTE_MS) * MINUTE_MS;
    for (const asset of ASSETS) {
      const perturbation = createRng(options.seed, `prices:start:${asset.symbol}`).normal();
      const start = asset.base * Math.exp(0.03 * perturbation);
      const path = new LogPath(
        { seed: options.seed, name: `prices:${asset.symbol}`, volatility: options.volatility, jumpsPerHour: options.jumpsPerHour, jumpSize: options.jumpSize },
        Math.floor(startMinute / 86_400_000),
      );
      // Shift the path so the price at the start minute is exactly the (perturbed) start price.
      this.paths.set(asset.symbol, { path, start, shift: path.at(startMinute) });
    }
  }

  truth(symbol: string, t: number): number {
    const entry = this.entry(symbol);
    return entry.start * Math.exp(entry.path.at(t) - entry.shift);
  }

  quote(provider: string, symbol: string, t: number): { price: number; ts: number } {
    const spec = PROVIDERS[provider as Provider];
    if (!spec) throw new Error(`sandbox prices: unknown provider ${provider}`);
    const ts = Math.floor((t - spec.latencyMs) / spec.cadenceMs) * spec.cadenceMs;
    return { price: this.noisy(provider, symbol, ts, this.truth(symbol, ts)), ts };
  }

  settlement(symbol: string, t: number): { price: number; ts: number } {
    const ts = Math.floor(t / 1000) * 1000;
    const samples = SETTLEMENT_SAMPLES.map((back) => this.truth(symbol, ts - back)).sort((a, b) => a - b);
    const median = samples[Math.floor(samples.length / 2)]!;
    return { price: median * (1 - this.options.chainlinkOffsetBps / 10_000), ts };
  }

  candle(symbol: string, openTime: number): Candle {
    return this.candleUpTo(symbol, openTime, Infinity);
  }

  /** The 1-minute Binance candle opening at (the minute containing) `openTime`, using only steps at or before `until`. */
  candleUpTo(symbol: string, openTime: number, until: number): Candle {
    const minuteStart = Math.floor(openTime / MINUTE_MS) * MINUTE_MS;
    const entry = this.entry(symbol);
    const steps = entry.path.minute(minuteStart);
    let open = NaN;
    let high = -Infinity;
    let low = Infinity;
    let close = NaN;
    for (let i = 0; i < steps.length; i++) {
      const t = minuteStart + i * STEP_MS;
      if (t > until) break;
      const price = this.noisy("binance", symbol, t, entry.start * Math.exp(steps[i]! - entry.shift));
      if (i === 0) open = price;
      high = Math.max(high, price);
      low = Math.min(low, price);
      close = price;
    }
    return { openTime: minuteStart, open, high, low, close, closeTime: minuteStart + MINUTE_MS - 1 };
  }

  private noisy(provider: string, symbol: string, ts: number, truth: number): number {
    const name = `${provider}:${symbol}`;
    let key = this.noiseKeys.get(name);
    if (key === undefined) {
      key = (hash32(`noise:${name}`) ^ Math.imul(this.options.seed | 0, 0x27d4eb2d)) >>> 0;
      this.noiseKeys.set(name, key);
    }
    const bps = PROVIDERS[provider as Provider]?.noiseBps ?? 0;
    // Noise changes once a second, like a venue's own small, persistent premium.
    return truth * (1 + (bps / 10_000) * unitNoise(key, Math.floor(ts / 1000)));
  }

  private entry(symbol: string) {
    const entry = this.paths.get(symbol);
    if (!entry) throw new Error(`sandbox prices: unknown symbol ${symbol}`);
    return entry;
  }
}
