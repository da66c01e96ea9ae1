/**
 * Kraken REST: one ticker request per cycle. Kraken renames the keys in its answer (`XBTUSD` comes
 * back as `XXBTZUSD`), so each bare symbol maps to every key it may come back under. Price = `c[0]`,
 * the last trade; no timestamp. Some failures come as HTTP 200 with `error: [...]`: classified here.
 */
import { FetchFailure, type FetchFailureKind } from "../../http/fetch-json.ts";
import { batchProvider } from "./batch.ts";
import { type BatchResult, batchResult, isRecord, joinUrl, parsePrice, preview, type RestProvider } from "./types.ts";

const VENUE = "kraken";

/** Kraken's own asset codes where they differ from the bare symbol. */
const ASSET: Record<string, string> = { BTC: "XBT", DOGE: "XDG" };

/** "BTC" → the pair to request ("XBTUSD") and the keys the answer may use ("XXBTZUSD", "XBTUSD"). */
export function krakenPair(symbol: string): { pair: string; keys: string[] } {
  const asset = ASSET[symbol] ?? symbol;
  const pair = `${asset}USD`;
  return { pair, keys: [pair, `X${asset}ZUSD`, `${symbol}USD`] };
}

export function krakenTickerUrl(baseUrl: string, symbols: readonly string[]): string {
  return joinUrl(baseUrl, `/0/public/Ticker?pair=${symbols.map((symbol) => krakenPair(symbol).pair).join(",")}`);
}

function errorKind(messages: string[]): FetchFailureKind {
  const text = messages.join(" ");
  if (/too many requests|rate limit/i.test(text)) return "rate-limit";
  if (/EService|unavailable|busy/i.test(text)) return "server";
  return "client";
}

export function parseKrakenTicker(body: unknown, symbols: readonly string[], receivedAt: number): BatchResult {
  if (!isRecord(body)) throw new FetchFailure(VENUE, "bad-payload", `expected {error, result}, got ${preview(body)}`);
  const errors = Array.isArray(body.error) ? body.error.filter((item): item is string => typeof item === "string") : [];
  if (!isRecord(body.result)) {
    if (errors.length > 0) throw new FetchFailure(VENUE, errorKind(errors), errors.join("; "));
    throw new FetchFailure(VENUE, "bad-payload", `no result object in ${preview(body)}`);
  }
  const result = body.result;
  const priced = symbols.map((symbol) => {
    const key = krakenPair(symbol).keys.find((candidate) => candidate in result);
    const row = key === undefined ? undefined : result[key];
    return key === undefined ? undefined : { symbol, price: parsePrice(isRecord(row) && Array.isArray(row.c) ? row.c[0] : undefined) };
  });
  return batchResult(VENUE, symbols, receivedAt, priced, errors.length > 0 ? errors.join("; ") : undefined);
}

export const kraken: RestProvider = batchProvider({ name: VENUE, supports: (symbol) => /^[A-Z0-9]{2,10}$/.test(symbol), url: krakenTickerUrl, parse: parseKrakenTicker });
