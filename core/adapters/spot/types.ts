/**
 * What every spot-price adapter shares. Adapters take bare symbols ("BTC"), map them to their own
 * form exactly once, and key quotes by the bare symbol again. A transport failure is thrown (a
 * `FetchFailure`); a readable body with a bad entry fails only that symbol, listed in `failures`.
 */
import type { Decimal } from "../../decimal.ts";
import { parseDecimal } from "../../safe-parse.ts";

/** REST exchange/aggregator providers, in the default priority order. */
export const EXCHANGE_PROVIDERS = ["binance", "coinbase", "kraken", "coingecko", "pyth"] as const;
export type ExchangeProvider = (typeof EXCHANGE_PROVIDERS)[number];

/** Every provider name `--providers` accepts; `rtds` is Polymarket's Chainlink settlement stream. */
export const PROVIDER_NAMES = [...EXCHANGE_PROVIDERS, "rtds"] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

export function isProviderName(name: string): name is ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(name);
}

/** One price from one provider for one bare symbol. Times are epoch milliseconds. */
export type Quote = {
  provider: ProviderName;
  symbol: string;
  price: Decimal;
  /** The provider's own timestamp for the price, when it sends one. */
  sourceTs?: number;
  /** When pm-arb received it. */
  receivedAt: number;
};

type SymbolFailure = { symbol: string; error: string };

/** The parsed answer of one request (or, for per-symbol providers, of one cycle's requests). */
export type BatchResult = {
  quotes: Quote[];
  failures: SymbolFailure[];
  /**
   * A provider-level failure (429, 451, …) met by one of several per-symbol requests while others
   * succeeded: the oracle still feeds it to the provider's health.
   */
  failure?: Error;
};

export type RestContext = {
  /** Base URL from config (`binance_url`, …, or the sandbox prefix). */
  baseUrl: string;
  /** Per-request timeout; short, so one slow provider never stalls a cycle. */
  timeoutMs: number;
  now: () => number;
  /** Per-provider budget of concurrent requests (providers without a batch form). */
  concurrency?: number;
  headers?: Record<string, string>;
};

/** A REST adapter: one request for all symbols when the provider has a batch form. */
export type RestProvider = {
  name: ExchangeProvider;
  /** Whether one request carries every symbol. */
  batch: boolean;
  /** Whether the adapter can map this bare symbol to the provider's form. */
  supports(symbol: string): boolean;
  fetch(symbols: readonly string[], context: RestContext): Promise<BatchResult>;
};

/** A text preview for error messages: never dump a whole payload into a log line. */
export function preview(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : value === undefined ? "undefined" : (JSON.stringify(value) ?? String(value));
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Whole-second or millisecond epoch timestamps, or ISO strings, to epoch ms; undefined if unreadable. */
export function epochMs(value: unknown, unit: "s" | "ms"): number | undefined {
  if (typeof value === "number" && Number.isFinite(value) && value > 0) return Math.round(unit === "s" ? value * 1000 : value);
  if (typeof value === "string" && value.trim() !== "") {
    if (/^\d+(\.\d+)?$/.test(value.trim())) return epochMs(Number(value), unit);
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  return undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Fills in a failure for every requested symbol the response did not price. */
export function missingAsFailures(symbols: readonly string[], result: BatchResult, reason = "missing from the response"): BatchResult {
  const seen = new Set([...result.quotes.map((quote) => quote.symbol), ...result.failures.map((failure) => failure.symbol)]);
  const failures = [...result.failures];
  for (const symbol of symbols) if (!seen.has(symbol)) failures.push({ symbol, error: reason });
  return { ...result, failures };
}

/** A symbol's price as read from a response, and the provider's own time for it (undefined: not in the response). */
type Priced = { symbol: string; price: ReturnType<typeof parsePrice>; sourceTs?: number } | undefined;

/** A readable price is a quote, a bad one fails only its symbol; a requested symbol left unpriced fails as `reason`. */
export function batchResult(provider: ProviderName, symbols: readonly string[], receivedAt: number, priced: Priced[], reason?: string): BatchResult {
  const result: BatchResult = { quotes: [], failures: [] };
  for (const entry of priced) {
    if (!entry) continue;
    if (entry.price.ok) result.quotes.push({ provider, symbol: entry.symbol, price: entry.price.value, sourceTs: entry.sourceTs, receivedAt });
    else result.failures.push({ symbol: entry.symbol, error: entry.price.error });
  }
  return missingAsFailures(symbols, result, reason);
}

/** A price must be a finite decimal above zero; anything else is garbage from the provider. */
export function parsePrice(value: unknown): { ok: true; value: Decimal } | { ok: false; error: string } {
  const parsed = parseDecimal(value);
  if (!parsed.ok) return { ok: false, error: `bad price ${preview(value)} (${parsed.error})` };
  if (parsed.value.lte(0)) return { ok: false, error: `bad price ${preview(value)} (not above zero)` };
  return parsed;
}

/** Base URL + path without a doubled slash (config values may end in "/"). */
export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, "")}${path}`;
}

/** What one WebSocket message yielded: quotes (maybe none, e.g. a heartbeat) or why it was unreadable. */
export type StreamParse = { quotes: Quote[]; error?: string };

/** A message that carries no price (an ack, a heartbeat, another symbol). */
export const NOTHING: StreamParse = { quotes: [] };

/** A WebSocket feed for a fixed set of bare symbols; the stream manager owns the connection. */
export type StreamFeed = {
  /** Provider the quotes are attributed to (`binance`, `coinbase`, `rtds`). */
  provider: ProviderName;
  symbols: readonly string[];
  /** Full socket URL from the configured base. */
  url: string;
  /** Messages to send once open (subscriptions). */
  subscribe: string[];
  /** Application-level keep-alive some services require (RTDS: text "PING" every 5 s). */
  keepalive?: { message: string; everyMs: number };
  parse(text: string, receivedAt: number): StreamParse;
};
