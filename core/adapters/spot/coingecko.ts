/**
 * CoinGecko: one request per cycle (the free tier allows roughly 10–30 calls a minute, so per-symbol
 * calls would be rate-limited at once), by coin id. Prices come as JSON numbers, converted through
 * the safe parser; `last_updated_at` is in seconds and often tens of seconds old.
 */
import { FetchFailure } from "../../http/fetch-json.ts";
import { batchProvider } from "./batch.ts";
import { type BatchResult, batchResult, epochMs, isRecord, joinUrl, parsePrice, preview, type RestProvider } from "./types.ts";

const VENUE = "coingecko";

const IDS: Record<string, string> = { BTC: "bitcoin", ETH: "ethereum", SOL: "solana", XRP: "ripple", DOGE: "dogecoin", BNB: "binancecoin" };

/** "BTC" → "bitcoin"; undefined for a symbol without a known id. */
export function coingeckoId(symbol: string): string | undefined {
  return IDS[symbol];
}

export function coingeckoUrl(baseUrl: string, symbols: readonly string[]): string {
  const ids = symbols.map(coingeckoId).filter((id): id is string => id !== undefined);
  return joinUrl(baseUrl, `/api/v3/simple/price?ids=${ids.join(",")}&vs_currencies=usd&include_last_updated_at=true`);
}

export function parseCoingecko(body: unknown, symbols: readonly string[], receivedAt: number): BatchResult {
  if (!isRecord(body)) throw new FetchFailure(VENUE, "bad-payload", `expected an object keyed by coin id, got ${preview(body)}`);
  const priced = symbols.map((symbol) => {
    const id = coingeckoId(symbol);
    const row = id === undefined ? undefined : body[id];
    return isRecord(row) ? { symbol, price: parsePrice(row.usd), sourceTs: epochMs(row.last_updated_at, "s") } : undefined;
  });
  return batchResult(VENUE, symbols, receivedAt, priced);
}

export const coingecko: RestProvider = batchProvider({ name: VENUE, supports: (symbol) => coingeckoId(symbol) !== undefined, url: coingeckoUrl, parse: parseCoingecko });
