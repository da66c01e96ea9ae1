/**
 * Binance market streams: one combined-stream socket for every symbol, `@trade` (priced at the
 * trade, timed by it) or `@bookTicker` (priced at the mid, no timestamp). The server pings and Bun
 * answers; a socket that stays open but sends nothing is caught by the liveness monitor, not here.
 */
import { Decimal } from "../../decimal.ts";
import { parseJson } from "../../safe-parse.ts";
import { binanceSymbol } from "./binance.ts";
import { epochMs, isRecord, NOTHING, parsePrice, preview, type Quote, type StreamFeed, type StreamParse } from "./types.ts";

export type BinanceFeed = "trade" | "bookTicker";

const TWO = new Decimal(2);

function binanceStreamUrl(wsBase: string, symbols: readonly string[], feed: BinanceFeed): string {
  const streams = symbols.map((symbol) => `${binanceSymbol(symbol).toLowerCase()}@${feed}`).join("/");
  return `${wsBase.replace(/\/+$/, "")}/stream?streams=${streams}`;
}

/** Parses one message; unknown symbols and non-data messages (subscription acks) yield nothing. */
export function parseBinanceMessage(text: string, receivedAt: number, bySymbol: ReadonlyMap<string, string>): StreamParse {
  const json = parseJson(text);
  if (!json.ok) return { quotes: [], error: json.error };
  const envelope = json.value;
  const data = isRecord(envelope) && isRecord(envelope.data) ? envelope.data : envelope;
  if (!isRecord(data) || typeof data.s !== "string") return NOTHING;
  const symbol = bySymbol.get(data.s);
  if (!symbol) return NOTHING;
  let quote: Quote;
  if (data.e === "trade" || data.e === "aggTrade") {
    const price = parsePrice(data.p);
    if (!price.ok) return { quotes: [], error: `${data.s} trade: ${price.error}` };
    quote = { provider: "binance", symbol, price: price.value, sourceTs: epochMs(data.T ?? data.E, "ms"), receivedAt };
  } else if ("b" in data && "a" in data) {
    const bid = parsePrice(data.b);
    const ask = parsePrice(data.a);
    if (!bid.ok || !ask.ok) return { quotes: [], error: `${data.s} bookTicker: ${bid.ok ? "" : bid.error}${ask.ok ? "" : ` ${ask.error}`}`.trim() };
    if (bid.value.gt(ask.value)) return { quotes: [], error: `${data.s} bookTicker: crossed book ${preview(data.b)} > ${preview(data.a)}` };
    quote = { provider: "binance", symbol, price: bid.value.plus(ask.value).div(TWO), sourceTs: epochMs(data.E, "ms"), receivedAt };
  } else {
    return NOTHING;
  }
  return { quotes: [quote] };
}

export function binanceStream(wsBase: string, symbols: readonly string[], feed: BinanceFeed = "trade"): StreamFeed {
  const bySymbol = new Map(symbols.map((symbol) => [binanceSymbol(symbol), symbol]));
  return {
    provider: "binance",
    symbols,
    url: binanceStreamUrl(wsBase, symbols, feed),
    subscribe: [],
    parse: (text, receivedAt) => parseBinanceMessage(text, receivedAt, bySymbol),
  };
}
