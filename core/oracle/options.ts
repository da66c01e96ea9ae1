/** `pm-arb prices` flags (plus configuration) → typed options; every bad value is a UsageError naming the flag. */

import type { BinanceFeed } from "../adapters/spot/binance-stream.ts";
import { type ExchangeProvider, isProviderName, PROVIDER_NAMES, type ProviderName } from "../adapters/spot/types.ts";
import { UsageError } from "../cli/errors.ts";
import { type Flags, textFlag } from "../cli/flag-text.ts";
import { decimalFlag, durationFlag, listFlag } from "../cli/flags.ts";
import type { Decimal } from "../decimal.ts";
import { KNOWN_SYMBOLS, parseSymbol } from "../symbols.ts";
import type { OracleMode } from "./select.ts";
import { DEFAULT_MAX_AGE_MS, type OracleUrls } from "./types.ts";

export type PricesOptions = {
  symbols: string[];
  providers: ProviderName[];
  mode: OracleMode;
  maxAgeMs: Partial<Record<ProviderName, number>>;
  bandBps: Decimal;
  requestMs: number;
  watch: boolean;
  stream: boolean;
  intervalMs: number;
  binanceFeed: BinanceFeed;
  /** Stop after this many cycles (watch) or records (stream). */
  count?: number;
  urls: OracleUrls;
  headers: Partial<Record<ExchangeProvider, Record<string, string>>>;
};

export type PricesFlags = Flags;

/** What the configuration supplies (defaults < file < env); flags win over it. */
export type PricesConfig = { providers: readonly string[]; price_max_age_ms: number; request_timeout_ms: number; urls: OracleUrls; coingecko_api_key?: string };

export function parseSymbols(inputs: readonly string[]): string[] {
  const words = inputs.flatMap((input) => listFlag(input));
  if (words.length === 0) throw new UsageError(`name at least one symbol, e.g. pm-arb prices BTC ETH (known: ${KNOWN_SYMBOLS.join(", ")})`);
  const out: string[] = [];
  for (const word of words) {
    const parsed = parseSymbol(word);
    if (!parsed.ok) throw new UsageError(parsed.error);
    if (!(KNOWN_SYMBOLS as readonly string[]).includes(parsed.value)) throw new UsageError(`unknown symbol ${parsed.value}; known: ${KNOWN_SYMBOLS.join(", ")}`);
    if (!out.includes(parsed.value)) out.push(parsed.value);
  }
  return out;
}

export function parseProviders(value: string): ProviderName[] {
  const names = listFlag(value).map((name) => name.toLowerCase());
  if (names.length === 0) throw new UsageError(`--providers needs at least one of ${PROVIDER_NAMES.join(", ")}`);
  const out: ProviderName[] = [];
  for (const name of names) {
    if (!isProviderName(name)) throw new UsageError(`unknown provider "${name}"; known providers: ${PROVIDER_NAMES.join(", ")}`);
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

/** `5s` for every provider, or `binance=2s,coingecko=90s` per provider (others keep their default). */
export function parseMaxAge(value: string | undefined, defaults: Record<ProviderName, number>): Record<ProviderName, number> {
  const out = { ...defaults };
  if (value === undefined) return out;
  for (const part of listFlag(value)) {
    const [name, duration] = part.includes("=") ? (part.split("=", 2) as [string, string]) : [undefined, part];
    const ms = durationFlag("max-age", duration);
    if (ms <= 0) throw new UsageError(`--max-age must be above zero; got ${part}`);
    if (name === undefined) for (const provider of PROVIDER_NAMES) out[provider] = ms;
    else if (isProviderName(name.toLowerCase())) out[name.toLowerCase() as ProviderName] = ms;
    else throw new UsageError(`--max-age: unknown provider "${name}"; known providers: ${PROVIDER_NAMES.join(", ")}`);
  }
  return out;
}

function positiveInteger(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value.trim()) || Number(value) < 1) throw new UsageError(`--${flag} must be a whole number of at least 1; got ${JSON.stringify(value)}`);
  return Number(value);
}

export function parsePricesFlags(flags: PricesFlags, config: PricesConfig): PricesOptions {
  const symbols = parseSymbols((flags._ as string[] | undefined) ?? []);
  const providersText = textFlag(flags, "providers");
  const providers = providersText === undefined ? parseProviders(config.providers.join(",")) : parseProviders(providersText);
  const modeText = textFlag(flags, "mode") ?? "priority";
  if (modeText !== "priority" && modeText !== "median") throw new UsageError(`--mode must be priority or median; got ${JSON.stringify(modeText)}`);
  const feed = textFlag(flags, "binance-feed") ?? "trade";
  if (feed !== "trade" && feed !== "bookTicker") throw new UsageError(`--binance-feed must be trade or bookTicker; got ${JSON.stringify(feed)}`);
  // Exchanges default to the configured max age; slower sources keep their longer defaults unless --max-age says otherwise.
  const base = config.price_max_age_ms;
  const defaults: Record<ProviderName, number> = {
    ...DEFAULT_MAX_AGE_MS,
    binance: base,
    coinbase: base,
    kraken: base,
    pyth: Math.max(base, DEFAULT_MAX_AGE_MS.pyth),
    coingecko: Math.max(base, DEFAULT_MAX_AGE_MS.coingecko),
    rtds: Math.max(base, DEFAULT_MAX_AGE_MS.rtds),
  };
  const timeoutText = textFlag(flags, "timeout");
  const requestMs = timeoutText === undefined ? config.request_timeout_ms : durationFlag("timeout", timeoutText);
  if (requestMs <= 0) throw new UsageError("--timeout must be above zero");
  const intervalMs = durationFlag("interval", textFlag(flags, "interval") ?? "1s");
  if (intervalMs < 100) throw new UsageError(`--interval must be at least 100ms; got ${textFlag(flags, "interval")}`);
  const watch = flags.watch === true;
  const stream = flags.stream === true;
  if (textFlag(flags, "interval") !== undefined && !watch && !stream) throw new UsageError("--interval only applies with --watch or --stream");
  const count = positiveInteger("count", textFlag(flags, "count"));
  if (count !== undefined && !watch && !stream) throw new UsageError("--count only applies with --watch or --stream");
  return {
    symbols,
    providers,
    mode: modeText,
    maxAgeMs: parseMaxAge(textFlag(flags, "max-age"), defaults),
    bandBps: decimalFlag("band", textFlag(flags, "band") ?? "100", { min: 0, max: 10_000, minExclusive: true }, "a band in basis points above 0 and at most 10000, such as 100"),
    requestMs,
    watch,
    stream,
    intervalMs,
    binanceFeed: feed,
    count,
    urls: config.urls,
    headers: config.coingecko_api_key ? { coingecko: { "x-cg-demo-api-key": config.coingecko_api_key } } : {},
  };
}
