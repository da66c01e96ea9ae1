/**
 * Polymarket's Chainlink settlement stream (RTDS), kept apart from exchange prices. It opens on the
 * first cycle or `startStreams` that needs it; a REST cycle waits for it (up to the request
 * timeout) so even a one-shot `prices` record carries the settlement price, and notes a timeout for
 * each symbol still without one.
 */
import { rtdsStream } from "../adapters/polymarket/channels/rtds.ts";
import type { Quote } from "../adapters/spot/types.ts";
import { type FailureNotes, formatMs } from "./failures.ts";
import type { QuoteBook } from "./quote-book.ts";
import type { StreamManager } from "./stream-manager.ts";
import { type FeedContext, openFeed } from "./streams.ts";

export type SettlementFeedContext = FeedContext & { url: string; quotes: QuoteBook; notes: FailureNotes; ingest(quote: Quote): void };

export class SettlementFeed {
  stream?: StreamManager;
  /** Hears of every settlement update (`startStreams` ticks on it). */
  onUpdate?: (symbol: string) => void;
  private waiters: (() => void)[] = [];
  private closed = false;

  constructor(private readonly context: SettlementFeedContext) {}

  /** Opens the stream for these symbols unless it is open already. */
  ensure(symbols: readonly string[]): void {
    if (this.stream || this.closed) return;
    const onQuote = (quote: Quote) => {
      this.context.ingest(quote);
      this.onUpdate?.(quote.symbol);
      this.wake();
    };
    this.stream = openFeed(rtdsStream(this.context.url, symbols), onQuote, this.context);
    this.stream.start();
  }

  /** Resolves once every symbol has a settlement price, or after `timeoutMs` (noting those still missing). */
  async waitFor(symbols: readonly string[], timeoutMs: number): Promise<void> {
    const { now, quotes, notes } = this.context;
    const deadline = now() + timeoutMs;
    while (symbols.some((symbol) => !quotes.get("rtds", symbol)) && now() < deadline && !this.closed) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - now()));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    for (const symbol of symbols)
      if (!quotes.get("rtds", symbol)) notes.note({ provider: "rtds", symbol, kind: "timeout", message: `rtds: no Chainlink price for ${symbol} within ${formatMs(timeoutMs)}` });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake();
    await this.stream?.stop();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
