/**
 * The latest quote per provider and symbol, and each provider's max age. A quote older than the one
 * held is dropped (a REST answer racing a stream, a frozen feed replaying an old price), so the
 * book only ever moves forward.
 */
import type { ProviderName, Quote } from "../adapters/spot/types.ts";
import { quoteAge } from "./select.ts";
import { DEFAULT_MAX_AGE_MS } from "./types.ts";

export class QuoteBook {
  private readonly quotes = new Map<ProviderName, Map<string, Quote>>();

  constructor(
    private readonly now: () => number,
    private readonly maxAgeMs: Partial<Record<ProviderName, number>> = {},
  ) {}

  get(provider: ProviderName, symbol: string): Quote | undefined {
    return this.quotes.get(provider)?.get(symbol);
  }

  maxAge(provider: ProviderName): number {
    return this.maxAgeMs[provider] ?? DEFAULT_MAX_AGE_MS[provider];
  }

  /** Held and within the provider's max age. */
  fresh(provider: ProviderName, symbol: string, now = this.now()): boolean {
    const quote = this.get(provider, symbol);
    return quote !== undefined && quoteAge(quote, now) <= this.maxAge(provider);
  }

  /** Stores the quote unless it is older than the one held; whether it was stored. */
  put(quote: Quote): boolean {
    const bySymbol = this.quotes.getOrInsertComputed(quote.provider, () => new Map());
    const previous = bySymbol.get(quote.symbol);
    if (previous) {
      const now = this.now();
      if (quoteAge(quote, now) > quoteAge(previous, now)) return false;
    }
    bySymbol.set(quote.symbol, quote);
    return true;
  }
}
