/**
 * The spot-price oracle used in-process by `prices`, `scan` and `run`: several providers behind one
 * API that never goes blind. This file picks the price from the quote book; its parts do the rest:
 * rest-poller.ts (REST cycles and provider health), streams.ts (exchange WebSockets and the gap
 * fill), settlement-feed.ts (the Chainlink stream, kept apart). Time and randomness are injected.
 */

import { EXCHANGE_PROVIDERS, type ExchangeProvider, type ProviderName, type Quote } from "../adapters/spot/types.ts";
import { Decimal } from "../decimal.ts";
import { BasisBook, type BasisValue, DEFAULT_BASIS } from "./basis.ts";
import { FailureNotes } from "./failures.ts";
import type { ProviderHealth } from "./health.ts";
import { QuoteBook } from "./quote-book.ts";
import { RestPoller } from "./rest-poller.ts";
import { type OracleMode, type OraclePrice, quoteAge, selectPrice } from "./select.ts";
import { SettlementFeed } from "./settlement-feed.ts";
import type { StreamManager, StreamState } from "./stream-manager.ts";
import { PriceStreams, tickOnChange } from "./streams.ts";
import { type CycleReport, type Oracle, type OracleLog, type OracleOptions, oracleUrl, type ProviderFailure, type SettlementPrice } from "./types.ts";

// What callers outside the folder import from here (the entry point); the folder's own files use types.ts.
export type { OraclePrice } from "./select.ts";
export type { Oracle, OracleLog, OracleOptions, OracleUrls, SettlementPrice } from "./types.ts";
export { DEFAULT_MAX_AGE_MS } from "./types.ts";

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
  private readonly requestMs: number;
  private readonly bandBps: Decimal;
  private readonly quotes: QuoteBook;
  private readonly notes: FailureNotes;
  private readonly basisBook: BasisBook;
  private readonly rest: RestPoller;
  private readonly streams: PriceStreams;
  private readonly settlementFeed: SettlementFeed;
  private closed = false;

  constructor(options: OracleOptions) {
    this.mode = options.mode ?? "priority";
    this.providers = [...options.providers];
    this.exchanges = this.providers.filter((name): name is ExchangeProvider => (EXCHANGE_PROVIDERS as readonly string[]).includes(name));
    this.settlementOn = this.providers.includes("rtds");
    const now = options.now ?? Date.now;
    this.now = now;
    this.requestMs = options.timeouts?.requestMs ?? 2_500;
    this.bandBps = options.bandBps ?? new Decimal(100);
    this.quotes = new QuoteBook(now, options.maxAgeMs);
    this.notes = new FailureNotes(now);
    this.basisBook = new BasisBook({ ...DEFAULT_BASIS, ...options.basis });
    const parts = {
      now,
      random: options.random ?? Math.random,
      log: options.log ?? SILENT_LOG,
      liveness: options.liveness,
      openSocket: options.openSocket,
      quotes: this.quotes,
      ingest: (quote: Quote) => this.ingest(quote),
    };
    this.rest = new RestPoller({
      ...parts,
      exchanges: this.exchanges,
      options,
      requestMs: this.requestMs,
      notes: this.notes,
      streamFresh: (provider, symbol) => this.streams.fresh(provider, symbol),
    });
    this.streams = new PriceStreams({ ...parts, exchanges: this.exchanges, options, refresh: (symbols) => this.refresh(symbols) });
    this.settlementFeed = new SettlementFeed({ ...parts, url: oracleUrl(options.urls, "rtds_url"), notes: this.notes });
  }

  /** Stores a quote unless it is older than the one held (a REST answer racing a stream, a frozen feed). */
  ingest(quote: Quote): void {
    if (this.quotes.put(quote) && quote.provider === "rtds") this.sampleBasis(quote.symbol);
  }

  async refresh(symbols: readonly string[]): Promise<CycleReport> {
    const report: CycleReport = { requested: {}, failures: [] };
    if (this.settlementOn) this.settlementFeed.ensure(symbols);
    await this.rest.poll(symbols, this.mode, report);
    if (this.settlementOn) await this.settlementFeed.waitFor(symbols, this.requestMs);
    for (const symbol of symbols) this.sampleBasis(symbol);
    report.failures = this.failures().filter((failure) => failure.symbol === undefined || symbols.includes(failure.symbol));
    return report;
  }

  view(symbol: string): OraclePrice | undefined {
    const now = this.now();
    if (this.exchanges.length === 0 && this.settlementOn) {
      // Only the settlement stream was asked for: report it as the price, attributed to rtds.
      const quote = this.quotes.get("rtds", symbol);
      return selectPrice({ symbol, mode: "priority", quotes: [{ provider: "rtds", quote, healthy: true, maxAgeMs: this.quotes.maxAge("rtds") }], bandBps: this.bandBps, now });
    }
    const entries = this.exchanges.map((provider) => ({
      provider,
      quote: this.quotes.get(provider, symbol),
      healthy: this.rest.healthy(provider) || this.streams.fresh(provider, symbol),
      maxAgeMs: this.quotes.maxAge(provider),
    }));
    return selectPrice({ symbol, mode: this.mode, quotes: entries, bandBps: this.bandBps, now });
  }

  current(symbol: string): OraclePrice | undefined {
    const price = this.view(symbol);
    return price && !price.stale ? price : undefined;
  }

  settlement(symbol: string): SettlementPrice | undefined {
    const quote = this.quotes.get("rtds", symbol);
    if (!quote) return undefined;
    const ageMs = quoteAge(quote, this.now());
    return { symbol, price: quote.price, sourceTs: quote.sourceTs, receivedAt: quote.receivedAt, ageMs, stale: ageMs > this.quotes.maxAge("rtds") };
  }

  basis(symbol: string): BasisValue | undefined {
    return this.basisBook.value(symbol, this.now());
  }

  /** One basis sample per settlement update, paired with the exchange price current at that moment. */
  private sampleBasis(symbol: string): void {
    if (this.exchanges.length === 0) return;
    const update = this.quotes.get("rtds", symbol);
    if (!update || this.basisBook.sampled(symbol, update)) return;
    const settlement = this.settlement(symbol);
    const exchange = this.current(symbol);
    if (!settlement || settlement.stale || !exchange) return;
    this.basisBook.add(symbol, update, { at: this.now(), exchange: exchange.price, settlement: settlement.price });
  }

  health(): Record<string, ProviderHealth> {
    return this.rest.health();
  }

  failures(symbol?: string): ProviderFailure[] {
    return this.notes.list(symbol);
  }

  startStreams(symbols: readonly string[], onTick: (price: OraclePrice) => void): void {
    if (this.closed) return;
    const tick = tickOnChange((symbol) => this.view(symbol), this.quotes, onTick);
    if (this.settlementOn) {
      this.settlementFeed.onUpdate = tick;
      this.settlementFeed.ensure(symbols);
    }
    this.streams.start(symbols, tick);
  }

  /** The stream manager for a provider (tests and diagnostics). */
  stream(provider: ProviderName): StreamManager | undefined {
    return provider === "rtds" ? this.settlementFeed.stream : this.streams.get(provider);
  }

  streamQuoteAges(): Record<string, Record<string, number>> {
    return this.streams.quoteAges();
  }

  streamStates(): Record<string, StreamState> {
    const states = this.streams.states();
    if (this.settlementFeed.stream) states.rtds = this.settlementFeed.stream.current;
    return states;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([this.streams.close(), this.settlementFeed.close()]);
  }
}
