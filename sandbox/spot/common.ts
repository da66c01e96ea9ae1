/**
 * Shared pieces of the spot provider services: the model's quote time under a `stale` fault,
 * wire formatting, and deterministic per-event numbers (sizes, ids).
 */

import type { Asset } from "../prices/assets.ts";
import { hash32 } from "../rng.ts";
import type { SandboxInstance } from "../server.ts";
import type { PriceModel } from "../types.ts";

/**
 * The simulated time a provider's quotes are taken at. A `stale` fault on any of `services`
 * (e.g. `binance` for REST and `binance-ws` for its streams) freezes quotes and their timestamps at
 * the moment the fault was added; `symbol=BTC` limits it to one asset.
 */
export function quoteTime(app: SandboxInstance, services: string[], symbol: string, now = app.clock.now()): number {
  const fault = symbolFault(app, services, "stale", symbol);
  return fault ? Math.min(now, fault.addedAt ?? now) : now;
}

/**
 * A provider that lies: a `skew` fault on any of `services` (e.g. `coinbase:skew:bps=500`) scales
 * its quotes by (1 + bps / 10 000), default 500; `symbol=BTC` limits it to one asset. For median-mode
 * outlier tests.
 */
export function skewFactor(app: SandboxInstance, services: string[], symbol: string): number {
  const fault = symbolFault(app, services, "skew", symbol);
  const bps = Number(fault?.params.bps ?? 500);
  return fault && Number.isFinite(bps) ? 1 + bps / 10_000 : 1;
}

/** The first fault of `kind` on any of `services` that applies to `symbol` (all symbols without `symbol=`). */
function symbolFault(app: SandboxInstance, services: string[], kind: string, symbol: string) {
  return services.flatMap((service) => app.faults.matching(service, "", kind)).find((fault) => fault.params.symbol === undefined || fault.params.symbol.toUpperCase() === symbol);
}

export function prices(app: SandboxInstance): PriceModel {
  if (!app.prices) throw new Error("sandbox: the price model is not registered");
  return app.prices;
}

/** A comma list as clients send ids and symbols: case-insensitive, spaces around items and empty items ignored. */
export const commaList = (text: string) =>
  text
    .toLowerCase()
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);

/** A coin id as a name: "bitcoin" → "Bitcoin". */
export const capitalized = (text: string) => text.replace(/^./, (c) => c.toUpperCase());

/** A price rounded to the venue's tick, as the venue prints it (`decimals`, then padded to `width`). */
export function fixed(value: number, decimals: number, width = decimals): string {
  const factor = 10 ** decimals;
  return (Math.round(value * factor) / factor).toFixed(width);
}

/** A deterministic number in [0, 1) for (seed, name, index): sizes, sides, ids of simulated events. */
export function unit(seed: number, name: string, index: number): number {
  let h = (hash32(name) ^ Math.imul(seed | 0, 0x27d4eb2d) ^ (index >>> 0)) >>> 0;
  h = Math.imul(h ^ Math.floor(index / 4294967296), 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** A simulated trade size near the asset's typical lot, with 8 decimals. */
export function tradeSize(seed: number, asset: Asset, index: number, stream = "size"): string {
  const u = unit(seed, `${stream}:${asset.symbol}`, index);
  return (asset.lot * (0.05 + 3 * u * u)).toFixed(8);
}

/** 24h-style volume in base units (deterministic per asset and hour). */
export function dayVolume(seed: number, asset: Asset, t: number): number {
  const u = unit(seed, `volume:${asset.symbol}`, Math.floor(t / 3_600_000));
  return asset.lot * 2_000_000 * (0.8 + 0.4 * u);
}

export type DayStats = { open: number; high: number; low: number };
const statsCache = new WeakMap<SandboxInstance, Map<string, DayStats>>();

/**
 * Rolling 24 h open/high/low of a provider's quotes, sampled every 30 minutes and computed once per
 * simulated hour (cheap enough for every ticker message); the caller folds in the current price.
 */
export function dayStats(app: SandboxInstance, provider: string, symbol: string, t: number): DayStats {
  const hour = Math.floor(t / 3_600_000);
  const cache = statsCache.getOrInsertComputed(app, () => new Map());
  const key = `${provider}:${symbol}:${hour}`;
  const found = cache.get(key);
  if (found) return found;
  const model = prices(app);
  const end = hour * 3_600_000;
  const samples: number[] = [];
  for (let back = 24 * 3_600_000; back >= 0; back -= 1_800_000) samples.push(model.quote(provider, symbol, end - back).price);
  const stats = { open: samples[0]!, high: Math.max(...samples), low: Math.min(...samples) };
  if (cache.size > 256) cache.clear();
  cache.set(key, stats);
  return stats;
}

/** ISO-8601 with microseconds, as Coinbase prints times (the sub-millisecond digits simulated). */
export function isoMicros(seed: number, ms: number): string {
  const micros = String(Math.floor(unit(seed, "micros", ms) * 1000)).padStart(3, "0");
  return new Date(ms).toISOString().replace(/Z$/, `${micros}Z`);
}
