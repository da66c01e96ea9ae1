/**
 * The oracle's WebSocket side for exchange prices: one managed stream per streamed provider
 * (Binance, Coinbase), a REST fill every `pollMs` — and at once when a stream drops — for whatever
 * the streams are not delivering, and a tick for each symbol that may have changed.
 */
import { binanceStream } from "../adapters/spot/binance-stream.ts";
import { coinbaseStream } from "../adapters/spot/coinbase-stream.ts";
import type { ExchangeProvider, ProviderName, Quote, StreamFeed } from "../adapters/spot/types.ts";
import type { OpenSocket } from "../ws/reconnecting-socket.ts";
import type { LivenessConfig } from "./liveness.ts";
import type { QuoteBook } from "./quote-book.ts";
import { type OraclePrice, quoteAge } from "./select.ts";
import { StreamManager, type StreamState } from "./stream-manager.ts";
import { type OracleLog, type OracleOptions, oracleUrl } from "./types.ts";

export type FeedContext = { now: () => number; random: () => number; liveness?: Partial<LivenessConfig>; log: OracleLog; openSocket?: OpenSocket };

/** A stream manager that logs its drops; `onDown` runs on each (for exchange streams: a REST fill). */
export function openFeed(feed: StreamFeed, onQuote: (quote: Quote) => void, context: FeedContext, onDown?: () => void): StreamManager {
  return new StreamManager({
    feed,
    onQuote,
    now: context.now,
    random: context.random,
    liveness: context.liveness,
    openSocket: context.openSocket,
    onState: (state, reason) => {
      if (state === "down") context.log.warn(`${feed.provider} stream down: ${reason}; reconnecting${onDown ? ", REST fills the gap" : ""}`);
      else if (state === "up") context.log.debug(`${feed.provider} stream connected`);
      if (state === "down") onDown?.();
    },
    onParseError: (error) => context.log.debug(`${feed.provider} stream: unreadable message skipped (${error})`),
  });
}

/** Calls `onTick` for a symbol only when its price, source, staleness or settlement changed since the last call. */
export function tickOnChange(view: (symbol: string) => OraclePrice | undefined, quotes: QuoteBook, onTick: (price: OraclePrice) => void): (symbol: string) => void {
  const last = new Map<string, string>();
  return (symbol) => {
    const price = view(symbol);
    if (!price) return;
    const settlement = quotes.get("rtds", symbol);
    const key = `${price.price.toString()}|${price.source}|${price.stale}|${settlement?.price.toString() ?? ""}`;
    if (last.get(symbol) === key) return;
    last.set(symbol, key);
    onTick(price);
  };
}

export type PriceStreamsContext = FeedContext & {
  exchanges: readonly ExchangeProvider[];
  options: OracleOptions;
  quotes: QuoteBook;
  ingest(quote: Quote): void;
  /** A REST cycle for these symbols: the gap fill. */
  refresh(symbols: readonly string[]): Promise<unknown>;
};

export class PriceStreams {
  private readonly managers = new Map<ProviderName, StreamManager>();
  /** The newest quote each stream delivered, keyed `provider|symbol`. */
  private readonly streamed = new Map<string, Quote>();
  private symbols: string[] = [];
  private tick?: (symbol: string) => void;
  private pollTimer?: ReturnType<typeof setInterval>;
  private polling = false;
  private closed = false;

  constructor(private readonly context: PriceStreamsContext) {}

  /** Opens the exchange streams for these symbols and starts the REST fill; `tick` hears of each symbol that may have changed. */
  start(symbols: readonly string[], tick: (symbol: string) => void): void {
    const { exchanges, options } = this.context;
    this.tick = tick;
    for (const provider of exchanges) {
      const feed =
        provider === "binance"
          ? binanceStream(oracleUrl(options.urls, "binance_ws_url"), symbols, options.binanceFeed ?? "trade")
          : provider === "coinbase"
            ? coinbaseStream(oracleUrl(options.urls, "coinbase_ws_url"), symbols)
            : undefined;
      if (!feed || this.managers.has(provider)) continue;
      const stream = openFeed(
        feed,
        (quote) => {
          this.streamed.set(`${provider}|${quote.symbol}`, quote);
          this.context.ingest(quote);
          tick(quote.symbol);
        },
        this.context,
        () => this.fillGap(),
      );
      this.managers.set(provider, stream);
      stream.start();
    }
    this.symbols = [...symbols];
    // Streams only (a replay): nothing outside the recording fills a gap.
    if (options.streamsOnly) return;
    this.pollTimer ??= setInterval(() => this.fillGap(), options.pollMs ?? 1_000);
    this.fillGap();
  }

  /** The provider's socket is delivering this symbol and its quote is within max age: no REST request needed. */
  fresh(provider: ProviderName, symbol: string): boolean {
    const stream = this.managers.get(provider);
    return stream?.fresh(symbol) === true && this.context.quotes.fresh(provider, symbol);
  }

  get(provider: ProviderName): StreamManager | undefined {
    return this.managers.get(provider);
  }

  states(): Record<string, StreamState> {
    const states: Record<string, StreamState> = {};
    for (const [provider, stream] of this.managers) states[provider] = stream.current;
    return states;
  }

  /** Age (ms) of the newest quote each stream delivered, per provider and symbol. */
  quoteAges(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    const now = this.context.now();
    for (const [key, quote] of this.streamed) {
      const [provider, symbol] = key.split("|") as [string, string];
      const bySymbol = out[provider] ?? {};
      bySymbol[symbol] = quoteAge(quote, now);
      out[provider] = bySymbol;
    }
    return out;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.pollTimer);
    await Promise.all([...this.managers.values()].map((stream) => stream.stop()));
  }

  /** REST for whatever the streams are not delivering right now; then a tick per symbol (what changed, or went stale). */
  private fillGap(): void {
    if (this.polling || this.closed || this.symbols.length === 0) return;
    this.polling = true;
    this.context
      .refresh(this.symbols)
      .catch((error) => this.context.log.debug(`REST fill failed: ${(error as Error).message}`))
      .finally(() => {
        this.polling = false;
        if (!this.closed) for (const symbol of this.symbols) this.tick?.(symbol);
      });
  }
}
