/**
 * The REST side of the oracle: one cycle asks each exchange provider for the symbols nothing else
 * is pricing — in priority mode down the list until every symbol is priced, in median mode all at
 * once under one deadline. Health decides whether a provider is asked at all; a minimum interval
 * throttles the rate-limited ones.
 */

import { REST_PROVIDERS } from "../adapters/spot/index.ts";
import { EXCHANGE_PROVIDERS, type ExchangeProvider, type Quote } from "../adapters/spot/types.ts";
import { FetchFailure } from "../http/fetch-json.ts";
import { type FailureNotes, formatMs } from "./failures.ts";
import {
  canRequest,
  DEFAULT_HEALTH,
  type FailureInput,
  type HealthConfig,
  type HealthEvent,
  initialHealth,
  isHealthy,
  type ProviderHealth,
  recordFailure,
  recordSuccess,
} from "./health.ts";
import type { QuoteBook } from "./quote-book.ts";
import type { OracleMode } from "./select.ts";
import { type CycleReport, DEFAULT_MIN_INTERVAL_MS, type OracleLog, type OracleOptions, type OracleUrlKey, oracleUrl } from "./types.ts";

export type RestPollerContext = {
  exchanges: readonly ExchangeProvider[];
  options: OracleOptions;
  requestMs: number;
  now: () => number;
  random: () => number;
  log: OracleLog;
  quotes: QuoteBook;
  notes: FailureNotes;
  ingest(quote: Quote): void;
  /** A provider whose stream is delivering this symbol needs no request for it. */
  streamFresh(provider: ExchangeProvider, symbol: string): boolean;
};

export class RestPoller {
  private readonly healthByProvider = new Map<ExchangeProvider, ProviderHealth>();
  private readonly lastRequestAt = new Map<ExchangeProvider, number>();
  private readonly healthConfig: HealthConfig;

  constructor(private readonly context: RestPollerContext) {
    this.healthConfig = { ...DEFAULT_HEALTH, ...context.options.health };
    for (const name of context.exchanges) this.healthByProvider.set(name, initialHealth());
  }

  /** Answered last time (quotes from it are preferred). */
  healthy(provider: ExchangeProvider): boolean {
    return isHealthy(this.healthByProvider.get(provider)!);
  }

  health(): Record<string, ProviderHealth> {
    return Object.fromEntries(this.healthByProvider);
  }

  /** One cycle's requests for these symbols; the answers land in the quote book. */
  async poll(symbols: readonly string[], mode: OracleMode, report: CycleReport): Promise<void> {
    const { exchanges, streamFresh } = this.context;
    const unstreamed = (provider: ExchangeProvider, list: readonly string[]) => list.filter((symbol) => !streamFresh(provider, symbol));
    if (mode === "priority") {
      let pending = [...symbols];
      for (const provider of exchanges) {
        if (pending.length === 0) break;
        pending = unstreamed(provider, pending);
        const priced = await this.cycleProvider(provider, pending, report);
        pending = pending.filter((symbol) => !priced.has(symbol));
      }
      return;
    }
    await withDeadline(Promise.all(exchanges.map((provider) => this.cycleProvider(provider, unstreamed(provider, symbols), report))), this.context.requestMs + 250);
  }

  /** One provider's share of a cycle; returns the symbols it priced. */
  private async cycleProvider(provider: ExchangeProvider, symbols: readonly string[], report: CycleReport): Promise<Set<string>> {
    const { notes, options, quotes } = this.context;
    const priced = new Set<string>();
    if (symbols.length === 0) return priced;
    const adapter = REST_PROVIDERS[provider];
    const supported = symbols.filter((symbol) => adapter.supports(symbol));
    for (const symbol of symbols) if (!adapter.supports(symbol)) notes.note({ provider, symbol, kind: "unsupported", message: `${provider} has no mapping for ${symbol}` });
    if (supported.length === 0) return priced;
    const health = this.healthByProvider.get(provider)!;
    const now = this.context.now();
    if (!canRequest(health, now)) {
      if (health.status !== "disabled")
        notes.note({
          provider,
          kind: "skipped",
          message: `${provider}: skipped (${health.status} for ${Math.ceil((health.blockedUntil - now) / 1000)} s more; last error: ${health.lastError ?? "none"})`,
        });
      return priced;
    }
    const minInterval = options.minIntervalMs?.[provider] ?? DEFAULT_MIN_INTERVAL_MS[provider];
    const last = this.lastRequestAt.get(provider);
    if (minInterval > 0 && last !== undefined && now - last < minInterval) {
      // Throttled: its last answer still counts while fresh.
      for (const symbol of supported) if (quotes.fresh(provider, symbol, now)) priced.add(symbol);
      return priced;
    }
    this.lastRequestAt.set(provider, now);
    report.requested[provider] = [...supported];
    const request = {
      baseUrl: oracleUrl(options.urls, `${provider}_url` as OracleUrlKey),
      timeoutMs: this.context.requestMs,
      now: this.context.now,
      concurrency: options.perProviderConcurrency ?? 4,
      headers: options.headers?.[provider],
    };
    try {
      const result = await adapter.fetch(supported, request);
      for (const quote of result.quotes) {
        this.context.ingest(quote);
        priced.add(quote.symbol);
      }
      notes.clear(provider, [...priced]);
      for (const failure of result.failures) notes.note({ provider, symbol: failure.symbol, kind: "bad-payload", message: `${provider}: ${failure.symbol}: ${failure.error}` });
      if (result.quotes.length === 0) this.fail(provider, { kind: "bad-payload", message: `${provider}: no usable price (${result.failures[0]?.error ?? "empty answer"})` });
      else if (result.failure) this.fail(provider, failureOf(provider, result.failure));
      else this.succeed(provider);
    } catch (error) {
      this.fail(provider, failureOf(provider, error));
    }
    return priced;
  }

  private succeed(provider: ExchangeProvider): void {
    const { health, event } = recordSuccess(this.healthByProvider.get(provider)!, this.context.now(), this.healthConfig);
    this.healthByProvider.set(provider, health);
    if (event?.type === "recovered") this.context.log.info(`${provider}: answering again; back in rotation`);
  }

  private fail(provider: ExchangeProvider, failure: FailureInput): void {
    this.context.notes.note({ provider, kind: failure.kind, message: failure.message });
    const { health, event } = recordFailure(this.healthByProvider.get(provider)!, failure, this.context.now(), this.healthConfig, this.context.random);
    this.healthByProvider.set(provider, health);
    if (event) this.report(provider, event, failure.message);
  }

  private report(provider: ExchangeProvider, event: HealthEvent, message: string): void {
    const { log } = this.context;
    if (event.type === "disabled") {
      const others = this.context.exchanges.filter((name) => name !== provider && this.healthByProvider.get(name)?.status !== "disabled");
      const alternatives = others.length > 0 ? others : EXCHANGE_PROVIDERS.filter((name) => name !== provider);
      log.warn(`${message} — ${provider} looks blocked from this location; disabled for this session. Use another provider, e.g. --providers ${alternatives.join(",")}`);
    } else if (event.type === "tripped") {
      log.warn(`${message} — ${provider} marked unhealthy; skipped for ${formatMs(event.cooldownMs)}, then probed again`);
    } else if (event.type === "backoff") {
      log.warn(`${message} — ${provider} rate-limited; no request for ${formatMs(event.waitMs)}`);
    }
  }
}

function failureOf(provider: string, error: unknown): FailureInput {
  if (error instanceof FetchFailure) return { kind: error.failure, message: error.message, retryAfterMs: error.retryAfterMs };
  return { kind: "network", message: `${provider}: ${(error as Error)?.message ?? String(error)}` };
}

async function withDeadline(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
