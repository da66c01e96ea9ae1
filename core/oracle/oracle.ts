/**
 * The spot-price oracle used in-process by `prices`, `scan` and `run`: several providers behind one
 * API that never goes blind. `refresh(symbols)` runs one cycle (one request per provider for every
 * symbol where a batch form exists); `current(symbol)` is the price to use now (priority or median
 * mode, never stale); `settlement(symbol)` is the Chainlink settlement stream's price, kept apart;
 * `basis(symbol)` the rolling median of exchange − settlement; `startStreams` switches to WebSocket
 * feeds with REST filling any gap. Time (`now`) and randomness are injected.
 */
import { serviceUrlDefault, type ServiceUrlKey } from "../config/defaults.ts";
import { Decimal } from "../decimal.ts";
import { FetchFailure, type FetchFailureKind } from "../http/fetch-json.ts";
import { binanceStream, type BinanceFeed } from "../providers/binance-stream.ts";
import { coinbaseStream } from "../providers/coinbase-stream.ts";
import { REST_PROVIDERS } from "../providers/index.ts";
import { rtdsStream } from "../providers/rtds.ts";
import { EXCHANGE_PROVIDERS, type ExchangeProvider, type ProviderName, type Quote, type StreamFeed } from "../providers/types.ts";
import { BasisWindow, DEFAULT_BASIS, type BasisConfig, type BasisValue } from "./basis.ts";
import { canRequest, DEFAULT_HEALTH, initialHealth, isHealthy, recordFailure, recordSuccess, type HealthConfig, type HealthEvent, type ProviderHealth } from "./health.ts";
import type { LivenessConfig } from "./liveness.ts";
import { quoteAge, selectPrice, type OracleMode, type OraclePrice } from "./select.ts";
import { StreamManager, type StreamState } from "./stream-manager.ts";

export type { OracleMode, OraclePrice } from "./select.ts";
export type { BasisValue } from "./basis.ts";

export type OracleUrlKey = Extract<ServiceUrlKey, "binance_url" | "binance_ws_url" | "coinbase_url" | "coinbase_ws_url" | "kraken_url" | "coingecko_url" | "pyth_url" | "rtds_url">;
export type OracleUrls = Partial<Record<OracleUrlKey, string>>;

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

const SILENT_LOG: OracleLog = { warn() {}, info() {}, debug() {} };

export function createOracle(options: OracleOptions): Oracle {
  return new OracleImpl(options);
}

class OracleImpl implements Oracle {
  readonly mode: OracleMode;
  readonly providers: readonly ProviderName[];
  private readonly exchanges: ExchangeProvider[];
  private readonly settlementOn: boolean;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly log: OracleLog;
  private readonly requestMs: number;
  private readonly bandBps: Decimal;
  private readonly healthConfig: HealthConfig;
  private readonly quotes = new Map<ProviderName, Map<string, Quote>>();
  private readonly healthByProvider = new Map<ExchangeProvider, ProviderHealth>();
  private readonly lastRequestAt = new Map<ExchangeProvider, number>();
  private readonly failuresByKey = new Map<string, ProviderFailure>();
  private readonly basisBySymbol = new Map<string, BasisWindow>();
  private readonly streams = new Map<ProviderName, StreamManager>();
  private settlementStream?: StreamManager;
  private settlementWaiters: (() => void)[] = [];
  private pollTimer?: ReturnType<typeof setInterval>;
  private polling = false;
  private closed = false;

  constructor(private readonly options: OracleOptions) {
    this.mode = options.mode ?? "priority";
    this.providers = [...options.providers];
    this.exchanges = this.providers.filter((name): name is ExchangeProvider => (EXCHANGE_PROVIDERS as readonly string[]).includes(name));
    this.settlementOn = this.providers.includes("rtds");
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.log = options.log ?? SILENT_LOG;
    this.requestMs = options.timeouts?.requestMs ?? 2_500;
    this.bandBps = options.bandBps ?? new Decimal(100);
    this.healthConfig = { ...DEFAULT_HEALTH, ...options.health };
    for (const name of this.exchanges) this.healthByProvider.set(name, initialHealth());
  }

  private url(key: OracleUrlKey): string {
    return this.options.urls?.[key] ?? serviceUrlDefault(key);
  }

  private maxAge(provider: ProviderName): number {
    return this.options.maxAgeMs?.[provider] ?? DEFAULT_MAX_AGE_MS[provider];
  }

  private quote(provider: ProviderName, symbol: string): Quote | undefined {
    return this.quotes.get(provider)?.get(symbol);
  }

  /** Stores a quote unless it is older than the one held (a REST answer racing a stream, a frozen feed). */
  ingest(quote: Quote): void {
    let bySymbol = this.quotes.get(quote.provider);
    if (!bySymbol) this.quotes.set(quote.provider, (bySymbol = new Map()));
    const previous = bySymbol.get(quote.symbol);
    if (previous) {
      const now = this.now();
      if (quoteAge(quote, now) > quoteAge(previous, now)) return;
    }
    bySymbol.set(quote.symbol, quote);
    if (quote.provider === "rtds") this.sampleBasis(quote.symbol);
  }

  /** A streamed provider whose socket is delivering this symbol needs no REST request. */
  private streamFresh(provider: ProviderName, symbol: string): boolean {
    const stream = this.streams.get(provider);
    if (!stream || !stream.fresh(symbol)) return false;
    const quote = this.quote(provider, symbol);
    return quote !== undefined && quoteAge(quote, this.now()) <= this.maxAge(provider);
  }

  private note(failure: Omit<ProviderFailure, "at">): void {
    this.failuresByKey.set(`${failure.provider}:${failure.symbol ?? ""}`, { ...failure, at: this.now() });
  }

  private clearFailures(provider: ProviderName, symbols: readonly string[]): void {
    this.failuresByKey.delete(`${provider}:`);
    for (const symbol of symbols) this.failuresByKey.delete(`${provider}:${symbol}`);
  }

  async refresh(symbols: readonly string[]): Promise<CycleReport> {
    const report: CycleReport = { requested: {}, failures: [] };
    if (this.settlementOn) this.ensureSettlement(symbols);
    if (this.mode === "priority") {
      let pending = [...symbols];
      for (const provider of this.exchanges) {
        if (pending.length === 0) break;
        pending = pending.filter((symbol) => !this.streamFresh(provider, symbol));
        const priced = await this.cycleProvider(provider, pending, report);
        pending = pending.filter((symbol) => !priced.has(symbol));
      }
    } else {
      await withDeadline(
        Promise.all(this.exchanges.map((provider) => this.cycleProvider(provider, symbols.filter((symbol) => !this.streamFresh(provider, symbol)), report))),
        this.requestMs + 250,
      );
    }
    if (this.settlementOn) await this.waitForSettlement(symbols, this.requestMs);
    for (const symbol of symbols) this.sampleBasis(symbol);
    report.failures = this.failures().filter((failure) => failure.symbol === undefined || symbols.includes(failure.symbol));
    return report;
  }

  /** One provider's share of a cycle; returns the symbols it priced. */
  private async cycleProvider(provider: ExchangeProvider, symbols: readonly string[], report: CycleReport): Promise<Set<string>> {
    const priced = new Set<string>();
    if (symbols.length === 0) return priced;
    const adapter = REST_PROVIDERS[provider];
    const supported = symbols.filter((symbol) => adapter.supports(symbol));
    for (const symbol of symbols) if (!adapter.supports(symbol)) this.note({ provider, symbol, kind: "unsupported", message: `${provider} has no mapping for ${symbol}` });
    if (supported.length === 0) return priced;
    const health = this.healthByProvider.get(provider)!;
    const now = this.now();
    if (!canRequest(health, now)) {
      if (health.status !== "disabled") this.note({ provider, kind: "skipped", message: `${provider}: skipped (${health.status} for ${Math.ceil((health.blockedUntil - now) / 1000)} s more; last error: ${health.lastError ?? "none"})` });
      return priced;
    }
    const minInterval = this.options.minIntervalMs?.[provider] ?? DEFAULT_MIN_INTERVAL_MS[provider];
    const last = this.lastRequestAt.get(provider);
    if (minInterval > 0 && last !== undefined && now - last < minInterval) {
      // Throttled: its last answer still counts while fresh.
      for (const symbol of supported) {
        const quote = this.quote(provider, symbol);
        if (quote && quoteAge(quote, now) <= this.maxAge(provider)) priced.add(symbol);
      }
      return priced;
    }
    this.lastRequestAt.set(provider, now);
    report.requested[provider] = [...supported];
    const context = { baseUrl: this.url(`${provider}_url` as OracleUrlKey), timeoutMs: this.requestMs, now: this.now, concurrency: this.options.perProviderConcurrency ?? 4, headers: this.options.headers?.[provider] };
    try {
      const result = await adapter.fetch(supported, context);
      for (const quote of result.quotes) {
        this.ingest(quote);
        priced.add(quote.symbol);
      }
      this.clearFailures(provider, [...priced]);
      for (const failure of result.failures) this.note({ provider, symbol: failure.symbol, kind: "bad-payload", message: `${provider}: ${failure.symbol}: ${failure.error}` });
      if (result.quotes.length === 0) this.fail(provider, { kind: "bad-payload", message: `${provider}: no usable price (${result.failures[0]?.error ?? "empty answer"})` });
      else if (result.failure) this.fail(provider, failureOf(provider, result.failure));
      else this.succeed(provider);
    } catch (error) {
      this.fail(provider, failureOf(provider, error));
    }
    return priced;
  }

  private succeed(provider: ExchangeProvider): void {
    const { health, event } = recordSuccess(this.healthByProvider.get(provider)!, this.now(), this.healthConfig);
    this.healthByProvider.set(provider, health);
    if (event?.type === "recovered") this.log.info(`${provider}: answering again; back in rotation`);
  }

  private fail(provider: ExchangeProvider, failure: { kind: FetchFailureKind; message: string; retryAfterMs?: number }): void {
    this.note({ provider, kind: failure.kind, message: failure.message });
    const { health, event } = recordFailure(this.healthByProvider.get(provider)!, failure, this.now(), this.healthConfig, this.random);
    this.healthByProvider.set(provider, health);
    if (event) this.report(provider, event, failure.message);
  }

  private report(provider: ExchangeProvider, event: HealthEvent, message: string): void {
    if (event.type === "disabled") {
      const others = this.exchanges.filter((name) => name !== provider && this.healthByProvider.get(name)?.status !== "disabled");
      const alternatives = others.length > 0 ? others : EXCHANGE_PROVIDERS.filter((name) => name !== provider);
      this.log.warn(`${message} — ${provider} looks blocked from this location; disabled for this session. Use another provider, e.g. --providers ${alternatives.join(",")}`);
    } else if (event.type === "tripped") {
      this.log.warn(`${message} — ${provider} marked unhealthy; skipped for ${formatMs(event.cooldownMs)}, then probed again`);
    } else if (event.type === "backoff") {
      this.log.warn(`${message} — ${provider} rate-limited; no request for ${formatMs(event.waitMs)}`);
    }
  }

  private entries(symbol: string) {
    return this.exchanges.map((provider) => ({ provider, quote: this.quote(provider, symbol), healthy: isHealthy(this.healthByProvider.get(provider)!) || this.streamFresh(provider, symbol), maxAgeMs: this.maxAge(provider) }));
  }

  view(symbol: string): OraclePrice | undefined {
    if (this.exchanges.length === 0 && this.settlementOn) {
      // Only the settlement stream was asked for: report it as the price, attributed to rtds.
      const quote = this.quote("rtds", symbol);
      return selectPrice({ symbol, mode: "priority", quotes: [{ provider: "rtds", quote, healthy: true, maxAgeMs: this.maxAge("rtds") }], bandBps: this.bandBps, now: this.now() });
    }
    return selectPrice({ symbol, mode: this.mode, quotes: this.entries(symbol), bandBps: this.bandBps, now: this.now() });
  }

  current(symbol: string): OraclePrice | undefined {
    const price = this.view(symbol);
    return price && !price.stale ? price : undefined;
  }

  settlement(symbol: string): SettlementPrice | undefined {
    const quote = this.quote("rtds", symbol);
    if (!quote) return undefined;
    const ageMs = quoteAge(quote, this.now());
    return { symbol, price: quote.price, sourceTs: quote.sourceTs, receivedAt: quote.receivedAt, ageMs, stale: ageMs > this.maxAge("rtds") };
  }

  basis(symbol: string): BasisValue | undefined {
    return this.basisBySymbol.get(symbol)?.value(this.now());
  }

  /** One basis sample per settlement update, paired with the exchange price current at that moment. */
  private sampleBasis(symbol: string): void {
    if (this.exchanges.length === 0) return;
    const quote = this.quote("rtds", symbol);
    if (!quote || this.sampled.get(symbol) === quote) return;
    const settlement = this.settlement(symbol);
    const exchange = this.current(symbol);
    if (!settlement || settlement.stale || !exchange) return;
    this.sampled.set(symbol, quote);
    let window = this.basisBySymbol.get(symbol);
    if (!window) this.basisBySymbol.set(symbol, (window = new BasisWindow({ ...DEFAULT_BASIS, ...this.options.basis })));
    window.add({ at: this.now(), exchange: exchange.price, settlement: settlement.price });
  }

  private readonly sampled = new Map<string, Quote>();

  health(): Record<string, ProviderHealth> {
    return Object.fromEntries(this.healthByProvider);
  }

  failures(symbol?: string): ProviderFailure[] {
    const all = [...this.failuresByKey.values()];
    return symbol === undefined ? all : all.filter((failure) => failure.symbol === undefined || failure.symbol === symbol);
  }

  private ensureSettlement(symbols: readonly string[]): void {
    if (this.settlementStream || this.closed) return;
    this.settlementStream = this.managed(rtdsStream(this.url("rtds_url"), symbols), (quote) => {
      this.ingest(quote);
      this.onSettlement?.(quote.symbol);
      const waiters = this.settlementWaiters;
      this.settlementWaiters = [];
      for (const wake of waiters) wake();
    });
    this.settlementStream.start();
  }

  private onSettlement?: (symbol: string) => void;

  private async waitForSettlement(symbols: readonly string[], timeoutMs: number): Promise<void> {
    const deadline = this.now() + timeoutMs;
    while (symbols.some((symbol) => !this.quote("rtds", symbol)) && this.now() < deadline && !this.closed) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - this.now()));
        this.settlementWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    for (const symbol of symbols) if (!this.quote("rtds", symbol)) this.note({ provider: "rtds", symbol, kind: "timeout", message: `rtds: no Chainlink price for ${symbol} within ${formatMs(timeoutMs)}` });
  }

  private managed(feed: StreamFeed, onQuote: (quote: Quote) => void): StreamManager {
    return new StreamManager({
      feed,
      onQuote,
      now: this.now,
      random: this.random,
      liveness: this.options.liveness,
      onState: (state, reason) => {
        if (state === "down") this.log.warn(`${feed.provider} stream down: ${reason}; reconnecting${feed.provider === "rtds" ? "" : ", REST fills the gap"}`);
        else if (state === "up") this.log.debug(`${feed.provider} stream connected`);
        if (state === "down" && feed.provider !== "rtds") this.fillGap();
      },
      onParseError: (error) => this.log.debug(`${feed.provider} stream: unreadable message skipped (${error})`),
    });
  }

  startStreams(symbols: readonly string[], onTick: (price: OraclePrice) => void): void {
    if (this.closed) return;
    const last = new Map<string, string>();
    const emitIfChanged = (symbol: string) => {
      const price = this.view(symbol);
      if (!price) return;
      const settlement = this.quote("rtds", symbol);
      const key = `${price.price.toString()}|${price.source}|${price.stale}|${settlement?.price.toString() ?? ""}`;
      if (last.get(symbol) === key) return;
      last.set(symbol, key);
      onTick(price);
    };
    this.tick = emitIfChanged;
    for (const provider of this.exchanges) {
      const feed = provider === "binance" ? binanceStream(this.url("binance_ws_url"), symbols, this.options.binanceFeed ?? "trade") : provider === "coinbase" ? coinbaseStream(this.url("coinbase_ws_url"), symbols) : undefined;
      if (!feed || this.streams.has(provider)) continue;
      const stream = this.managed(feed, (quote) => {
        this.streamQuotes.set(`${provider}|${quote.symbol}`, quote);
        this.ingest(quote);
        emitIfChanged(quote.symbol);
      });
      this.streams.set(provider, stream);
      stream.start();
    }
    if (this.settlementOn) {
      this.onSettlement = emitIfChanged;
      this.ensureSettlement(symbols);
    }
    this.streamSymbols = [...symbols];
    this.pollTimer = setInterval(() => this.fillGap(), this.options.pollMs ?? 1_000);
    this.fillGap();
  }

  private tick?: (symbol: string) => void;
  private streamSymbols: string[] = [];

  /** REST for whatever the streams are not delivering right now; emits what changed (or went stale). */
  private fillGap(): void {
    if (this.polling || this.closed || this.streamSymbols.length === 0) return;
    this.polling = true;
    this.refresh(this.streamSymbols)
      .catch((error) => this.log.debug(`REST fill failed: ${(error as Error).message}`))
      .finally(() => {
        this.polling = false;
        if (!this.closed) for (const symbol of this.streamSymbols) this.tick?.(symbol);
      });
  }

  /** The stream manager for a provider (tests and diagnostics). */
  stream(provider: ProviderName): StreamManager | undefined {
    return provider === "rtds" ? this.settlementStream : this.streams.get(provider);
  }

  private readonly streamQuotes = new Map<string, Quote>();

  streamQuoteAges(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    const now = this.now();
    for (const [key, quote] of this.streamQuotes) {
      const [provider, symbol] = key.split("|") as [string, string];
      (out[provider] ??= {})[symbol] = quoteAge(quote, now);
    }
    return out;
  }

  streamStates(): Record<string, StreamState> {
    const states: Record<string, StreamState> = {};
    for (const [provider, stream] of this.streams) states[provider] = stream.current;
    if (this.settlementStream) states.rtds = this.settlementStream.current;
    return states;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.pollTimer);
    const waiters = this.settlementWaiters;
    this.settlementWaiters = [];
    for (const wake of waiters) wake();
    await Promise.all([...this.streams.values(), ...(this.settlementStream ? [this.settlementStream] : [])].map((stream) => stream.stop()));
  }
}

function failureOf(provider: string, error: unknown): { kind: FetchFailureKind; message: string; retryAfterMs?: number } {
  if (error instanceof FetchFailure) return { kind: error.failure, message: error.message, retryAfterMs: error.retryAfterMs };
  return { kind: "network", message: `${provider}: ${(error as Error)?.message ?? String(error)}` };
}

async function withDeadline(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "the session";
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${Math.round(ms)} ms`;
}
