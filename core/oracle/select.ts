/**
 * Which price is current, pure: given each provider's latest quote for a symbol, the mode, the
 * per-provider maximum age and which providers answered last time, pick the price to report — or
 * report the newest one as stale. A quote's age runs from the provider's own timestamp when it
 * sends a plausible one (not in our future beyond a small clock skew), else from when it arrived.
 */

import type { ProviderName, Quote } from "../adapters/spot/types.ts";
import type { Decimal } from "../decimal.ts";
import { aggregateMedian, type Rejected } from "./median.ts";

export type OracleMode = "priority" | "median";

export type OraclePrice = {
  symbol: string;
  price: Decimal;
  /** The provider, or "median" (then `sources` lists the contributors). */
  source: ProviderName | "median";
  sources: ProviderName[];
  /** Median mode: sources left out for lying outside the band. */
  rejected: Rejected[];
  /** Median mode: max − min of the prices used, absolute and in bps of the median. */
  spread?: Decimal;
  spreadBps?: Decimal;
  /** Provider timestamp (the oldest contributor's in median mode). */
  sourceTs?: number;
  receivedAt: number;
  ageMs: number;
  /** True when no provider has a price within its max age; the price is then the newest known. */
  stale: boolean;
};

/** Provider clocks may run slightly ahead of ours; beyond this, their timestamp is not trusted. */
const CLOCK_SKEW_MS = 2_000;

export function quoteAge(quote: Quote, now: number): number {
  const sinceReceipt = Math.max(0, now - quote.receivedAt);
  if (quote.sourceTs === undefined || quote.sourceTs > now + CLOCK_SKEW_MS) return sinceReceipt;
  return Math.max(sinceReceipt, now - quote.sourceTs);
}

export type SelectInput = {
  symbol: string;
  mode: OracleMode;
  /** Providers in priority order with their latest quote for the symbol. */
  quotes: readonly { provider: ProviderName; quote?: Quote; healthy: boolean; maxAgeMs: number }[];
  bandBps: Decimal;
  now: number;
};

function single(symbol: string, quote: Quote, now: number, stale: boolean): OraclePrice {
  return {
    symbol,
    price: quote.price,
    source: quote.provider,
    sources: [quote.provider],
    rejected: [],
    sourceTs: quote.sourceTs,
    receivedAt: quote.receivedAt,
    ageMs: quoteAge(quote, now),
    stale,
  };
}

export function selectPrice(input: SelectInput): OraclePrice | undefined {
  const { symbol, now } = input;
  const fresh = input.quotes.filter((entry): entry is typeof entry & { quote: Quote } => entry.quote !== undefined && quoteAge(entry.quote, now) <= entry.maxAgeMs);
  if (fresh.length > 0) {
    if (input.mode === "priority") {
      const chosen = fresh.find((entry) => entry.healthy) ?? fresh[0]!;
      return single(symbol, chosen.quote, now, false);
    }
    const result = aggregateMedian(
      fresh.map((entry) => ({ source: entry.provider, price: entry.quote.price })),
      input.bandBps,
    )!;
    const used = fresh.filter((entry) => result.used.some((contribution) => contribution.source === entry.provider));
    const stamps = used.map((entry) => entry.quote.sourceTs).filter((ts): ts is number => ts !== undefined);
    return {
      symbol,
      price: result.price,
      source: "median",
      sources: used.map((entry) => entry.provider),
      rejected: result.rejected,
      spread: result.spread,
      spreadBps: result.spreadBps,
      sourceTs: stamps.length > 0 ? Math.min(...stamps) : undefined,
      receivedAt: Math.min(...used.map((entry) => entry.quote.receivedAt)),
      ageMs: Math.max(...used.map((entry) => quoteAge(entry.quote, now))),
      stale: false,
    };
  }
  let newest: Quote | undefined;
  for (const entry of input.quotes) if (entry.quote && (!newest || entry.quote.receivedAt > newest.receivedAt)) newest = entry.quote;
  return newest ? single(symbol, newest, now, true) : undefined;
}
