/**
 * Bare upper-case symbols ("BTC", "ETH") are the only form pm-arb accepts at its boundaries.
 * Each adapter maps a bare symbol to its venue's form exactly once, inside the adapter; accepting
 * "BTCUSDT" here is how the pilot ended up requesting "BTCUSDTUSDT".
 */
import type { Parsed } from "./safe-parse.ts";

/** Venue-specific aliases people type by habit, mapped to the bare symbol they mean. */
const ALIASES: Record<string, string> = { XBT: "BTC", XXBT: "BTC", XETH: "ETH", XXRP: "XRP", WBTC: "BTC", WETH: "ETH" };
const QUOTE_SUFFIXES = ["USDT", "USDC", "USD", "BUSD", "PERP", "EUR"];

export function parseSymbol(input: string): Parsed<string> {
  const raw = input.trim();
  const upper = raw.toUpperCase();
  const alias = ALIASES[upper];
  if (alias) return { ok: false, error: `"${raw}" is a venue ticker; use the bare symbol ${alias}` };
  const pair = upper.match(/^([A-Z0-9]{2,10})[-_/:]([A-Z0-9]{2,10})$/);
  if (pair) return { ok: false, error: `"${raw}" is a pair; use the bare symbol ${ALIASES[pair[1]!] ?? pair[1]}` };
  for (const suffix of QUOTE_SUFFIXES) {
    if (upper.length > suffix.length + 1 && upper.endsWith(suffix)) {
      const base = upper.slice(0, -suffix.length);
      return { ok: false, error: `"${raw}" carries a quote currency; use the bare symbol ${ALIASES[base] ?? base}` };
    }
  }
  if (!/^[A-Z][A-Z0-9]{1,9}$/.test(upper)) return { ok: false, error: `"${raw}" is not a symbol; use a bare ticker such as BTC` };
  if (raw !== upper) return { ok: false, error: `"${raw}" must be upper case; use ${upper}` };
  return { ok: true, value: upper };
}

/** Symbols pm-arb knows how to price and map to every provider. */
export const KNOWN_SYMBOLS = ["BTC", "ETH", "SOL", "XRP"] as const;
