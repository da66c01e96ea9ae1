/** The oracle's public face: its options, the `Oracle` interface the commands use, and what it reports. */

import type { BinanceFeed } from "../adapters/spot/binance-stream.ts";
import type { ExchangeProvider, ProviderName, Quote } from "../adapters/spot/types.ts";
import { type ServiceUrlKey, serviceUrlDefault } from "../config/defaults.ts";
import type { Decimal } from "../decimal.ts";
import type { FetchFailureKind } from "../http/fetch-json.ts";
import type { OpenSocket } from "../ws/reconnecting-socket.ts";
import type { BasisConfig, BasisValue } from "./basis.ts";
import type { HealthConfig, ProviderHealth } from "./health.ts";
import type { LivenessConfig } from "./liveness.ts";
import type { OracleMode, OraclePrice } from "./select.ts";
import type { StreamManager, StreamState } from "./stream-manager.ts";

const ORACLE_URL_KEYS = [
  "binance_url",
  "binance_ws_url",
  "coinbase_url",
  "coinbase_ws_url",
  "kraken_url",
  "coingecko_url",
  "pyth_url",
  "rtds_url",
] as const satisfies ServiceUrlKey[];
export type OracleUrlKey = (typeof ORACLE_URL_KEYS)[number];
export type OracleUrls = Partial<Record<OracleUrlKey, string>>;

/** The oracle's base URLs as configured. */
export function oracleUrlsOf(config: Record<OracleUrlKey, string>): OracleUrls {
  return Object.fromEntries(ORACLE_URL_KEYS.map((key) => [key, config[key]]));
}

/** The configured base URL, or the real host (config's default) when none is given. */
export function oracleUrl(urls: OracleUrls | undefined, key: OracleUrlKey): string {
  return urls?.[key] ?? serviceUrlDefault(key);
}

export type OracleLog = { warn(message: string): void; info(message: string): void; debug(message: string): void };

export type OracleOptions = {
  /** Priority order; `rtds` adds the Chainlink settlement stream (never mixed into exchange prices). */
  providers: readonly ProviderName[];
  mode?: OracleMode;
  /** Base URLs from config; a missing one falls back to the real host (config's default). */
  urls?: OracleUrls;
  timeouts?: { requestMs?: number };
  /** Max age per provider (ms); older quotes are never current. */
  maxAgeMs?: Partial<Record<ProviderName, number>>;
  /** Median mode: sources further than this from the median (bps) are rejected. Default 100. */
  bandBps?: Decimal;
  /** Concurrent requests for providers without a batch form (Coinbase). Default 4. */
  perProviderConcurrency?: number;
  /** Minimum ms between REST requests to a provider (CoinGecko's free tier: ~10–30 a minute). */
  minIntervalMs?: Partial<Record<ExchangeProvider, number>>;
  /** Extra request headers per provider (CoinGecko's `x-cg-demo-api-key`). Never logged. */
  headers?: Partial<Record<ExchangeProvider, Record<string, string>>>;
  binanceFeed?: BinanceFeed;
  /** How often `startStreams` checks for gaps and fills them from REST (ms). Default 1000. */
  pollMs?: number;
  health?: Partial<HealthConfig>;
  liveness?: Partial<LivenessConfig>;
  basis?: Partial<BasisConfig>;
  now?: () => number;
  random?: () => number;
  log?: OracleLog;
  /** Where the streams' sockets come from (default ReconnectingSocket; a replay's stand-ins). */
  openSocket?: OpenSocket;
  /** No REST gap fill: prices come from the streams alone (a replay). */
  streamsOnly?: boolean;
};

export type ProviderFailure = { provider: ProviderName; symbol?: string; kind: FetchFailureKind | "skipped" | "unsupported"; message: string; at: number };

export type CycleReport = { requested: Partial<Record<ExchangeProvider, string[]>>; failures: ProviderFailure[] };

export type SettlementPrice = { symbol: string; price: Decimal; sourceTs?: number; receivedAt: number; ageMs: number; stale: boolean };

export interface Oracle {
  readonly mode: OracleMode;
  readonly providers: readonly ProviderName[];
  /** One cycle for these symbols; resolves when every provider asked has answered or timed out. */
  refresh(symbols: readonly string[]): Promise<CycleReport>;
  /** The price to use now, or undefined when no provider has a fresh one. */
  current(symbol: string): OraclePrice | undefined;
  /** Like `current`, but falls back to the newest known price marked `stale: true`. */
  view(symbol: string): OraclePrice | undefined;
  settlement(symbol: string): SettlementPrice | undefined;
  basis(symbol: string): BasisValue | undefined;
  health(): Record<string, ProviderHealth>;
  /** The latest failure per provider (and per symbol where it was symbol-specific). */
  failures(symbol?: string): ProviderFailure[];
  /** Records a quote obtained elsewhere (a caller's own feed, replays, benchmarks); settlement quotes are `provider: "rtds"`. */
  ingest(quote: Quote): void;
  /** WebSocket feeds for these symbols; `onTick` gets every change of a symbol's price or settlement. */
  startStreams(symbols: readonly string[], onTick: (price: OraclePrice) => void): void;
  streamStates(): Record<string, StreamState>;
  /** The stream manager for a provider (its counts: `run` dates each feed's last data by them). */
  stream(provider: ProviderName): StreamManager | undefined;
  /**
   * Age (ms) of the newest quote each exchange stream delivered, per provider and symbol. A stream
   * that stays open and keeps delivering but whose prices are frozen shows a growing age here while
   * REST fills the gap (`run` reports it as a frozen feed).
   */
  streamQuoteAges(): Record<string, Record<string, number>>;
  close(): Promise<void>;
}

export const DEFAULT_MAX_AGE_MS: Record<ProviderName, number> = { binance: 5_000, coinbase: 5_000, kraken: 5_000, coingecko: 120_000, pyth: 10_000, rtds: 10_000 };
export const DEFAULT_MIN_INTERVAL_MS: Record<ExchangeProvider, number> = { binance: 0, coinbase: 0, kraken: 0, coingecko: 6_000, pyth: 0 };
