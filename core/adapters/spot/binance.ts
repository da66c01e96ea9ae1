/**
 * Binance REST: one ticker request per cycle for every symbol, and klines for candles (volatility
 * and window-open reference prices). Bare "BTC" maps to "BTCUSDT" here and nowhere else. The ticker
 * carries no timestamp. Binance answers 451 from restricted locations (the US), 429 when over
 * weight and 418 once it bans an IP; `fetchJson` classifies them.
 */
import type { Decimal } from "../../decimal.ts";
import { FetchFailure, fetchJson } from "../../http/fetch-json.ts";
import { parseDecimal } from "../../safe-parse.ts";
import { batchProvider } from "./batch.ts";
import { type BatchResult, batchResult, isRecord, joinUrl, parsePrice, preview, type RestProvider } from "./types.ts";

const VENUE = "binance";

/** "BTC" → "BTCUSDT": the only place the USDT quote is appended. */
export function binanceSymbol(symbol: string): string {
  return `${symbol}USDT`;
}

export function tickerUrl(baseUrl: string, symbols: readonly string[]): string {
  const list = JSON.stringify(symbols.map(binanceSymbol));
  return joinUrl(baseUrl, `/api/v3/ticker/price?symbols=${encodeURIComponent(list)}`);
}

/** Parses `[{symbol, price}]`; entries with a bad price fail only their symbol. */
export function parseTickers(body: unknown, symbols: readonly string[], receivedAt: number): BatchResult {
  if (!Array.isArray(body)) throw new FetchFailure(VENUE, "bad-payload", `expected an array of tickers, got ${preview(body)}`);
  const wanted = new Map(symbols.map((symbol) => [binanceSymbol(symbol), symbol]));
  const priced = body.map((row) => {
    const symbol = isRecord(row) && typeof row.symbol === "string" ? wanted.get(row.symbol) : undefined;
    return symbol === undefined ? undefined : { symbol, price: parsePrice(row.price) };
  });
  return batchResult(VENUE, symbols, receivedAt, priced);
}

export const binance: RestProvider = batchProvider({ name: VENUE, supports: (symbol) => /^[A-Z0-9]{2,10}$/.test(symbol), url: tickerUrl, parse: parseTickers });

type KlineInterval = "1s" | "1m" | "3m" | "5m" | "15m" | "30m" | "1h" | "2h" | "4h" | "6h" | "8h" | "12h" | "1d";

export type Kline = { openTime: number; open: Decimal; high: Decimal; low: Decimal; close: Decimal; volume: Decimal; closeTime: number };

export type KlineQuery = {
  interval: KlineInterval;
  startTime?: number;
  endTime?: number;
  /** Binance caps it at 1000 (default 500). */
  limit?: number;
  timeoutMs?: number;
};

export function klinesUrl(baseUrl: string, symbol: string, query: KlineQuery): string {
  const params = new URLSearchParams({ symbol: binanceSymbol(symbol), interval: query.interval });
  if (query.startTime !== undefined) params.set("startTime", String(Math.floor(query.startTime)));
  if (query.endTime !== undefined) params.set("endTime", String(Math.floor(query.endTime)));
  if (query.limit !== undefined) params.set("limit", String(Math.max(1, Math.min(1000, Math.floor(query.limit)))));
  return joinUrl(baseUrl, `/api/v3/klines?${params}`);
}

/** Parses `[[openTime, open, high, low, close, volume, closeTime, …], …]`; any bad row fails the whole answer. */
export function parseKlines(body: unknown): Kline[] {
  if (!Array.isArray(body)) throw new FetchFailure(VENUE, "bad-payload", `expected an array of klines, got ${preview(body)}`);
  return body.map((row, index) => {
    if (!Array.isArray(row) || row.length < 7) throw new FetchFailure(VENUE, "bad-payload", `kline ${index} is not an array of 7+ fields: ${preview(row)}`);
    const [openTime, , , , , , closeTime] = row;
    if (typeof openTime !== "number" || typeof closeTime !== "number") throw new FetchFailure(VENUE, "bad-payload", `kline ${index} has no numeric open/close time`);
    const [open, high, low, close] = (["open", "high", "low", "close"] as const).map((name, offset) => {
      const parsed = parsePrice(row[offset + 1]);
      if (!parsed.ok) throw new FetchFailure(VENUE, "bad-payload", `kline ${index} ${name}: ${parsed.error}`);
      return parsed.value;
    }) as [Decimal, Decimal, Decimal, Decimal];
    const volume = parseDecimal(row[5]);
    if (!volume.ok) throw new FetchFailure(VENUE, "bad-payload", `kline ${index} volume: ${volume.error}`);
    return { openTime, open, high, low, close, volume: volume.value, closeTime };
  });
}

/** Candles for a bare symbol, oldest first. Throws `FetchFailure` on any transport or payload problem. */
export async function fetchKlines(baseUrl: string, symbol: string, query: KlineQuery): Promise<Kline[]> {
  const body = await fetchJson(klinesUrl(baseUrl, symbol, query), { venue: VENUE, timeoutMs: query.timeoutMs ?? 5000 });
  return parseKlines(body);
}
