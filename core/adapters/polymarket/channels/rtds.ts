/**
 * Polymarket's real-time data socket (RTDS), topic `crypto_prices_chainlink`: the Chainlink data
 * stream that settles the 5-minute and 15-minute up/down markets. It is an aggregate, not Binance,
 * so its prices are kept apart from exchange prices (`provider: "rtds"`). A `full_accuracy_value`
 * string is preferred to the JSON number `value`. The service wants a text `PING` every 5 s.
 */
import { parseJson } from "../../../safe-parse.ts";
import { epochMs, isRecord, NOTHING, parsePrice, preview, type Quote, type StreamFeed, type StreamParse } from "../../spot/types.ts";

const CHAINLINK_TOPIC = "crypto_prices_chainlink";

/** "BTC" → "btc/usd". */
export function chainlinkSymbol(symbol: string): string {
  return `${symbol.toLowerCase()}/usd`;
}

export function rtdsSubscribe(symbols: readonly string[]): string {
  return JSON.stringify({
    action: "subscribe",
    subscriptions: symbols.map((symbol) => ({ topic: CHAINLINK_TOPIC, type: "*", filters: JSON.stringify({ symbol: chainlinkSymbol(symbol) }) })),
  });
}

function pointQuote(symbol: string, point: Record<string, unknown>, receivedAt: number): Quote | string {
  const raw = typeof point.full_accuracy_value === "string" && point.full_accuracy_value !== "" ? point.full_accuracy_value : point.value;
  const price = parsePrice(raw);
  if (!price.ok) return `${chainlinkSymbol(symbol)}: ${price.error}`;
  return { provider: "rtds", symbol, price: price.value, sourceTs: epochMs(point.timestamp, "ms"), receivedAt };
}

export function parseRtdsMessage(text: string, receivedAt: number, bySymbol: ReadonlyMap<string, string>): StreamParse {
  if (text === "PONG" || text === "") return NOTHING;
  const json = parseJson(text);
  if (!json.ok) return { quotes: [], error: json.error };
  const message = json.value;
  if (!isRecord(message)) return { quotes: [], error: `expected an object, got ${preview(message)}` };
  if (message.topic !== CHAINLINK_TOPIC || !isRecord(message.payload)) return NOTHING;
  const payload = message.payload;
  const symbol = typeof payload.symbol === "string" ? bySymbol.get(payload.symbol.toLowerCase()) : undefined;
  if (!symbol) return NOTHING;
  // A subscription snapshot carries a `data` history; its last point is the latest price.
  const point = Array.isArray(payload.data) ? payload.data.at(-1) : payload;
  if (!isRecord(point)) return { quotes: [], error: `${payload.symbol}: empty snapshot` };
  const quote = pointQuote(symbol, point, receivedAt);
  return typeof quote === "string" ? { quotes: [], error: quote } : { quotes: [quote] };
}

export function rtdsStream(wsBase: string, symbols: readonly string[]): StreamFeed {
  const bySymbol = new Map(symbols.map((symbol) => [chainlinkSymbol(symbol), symbol]));
  return {
    provider: "rtds",
    symbols,
    url: wsBase,
    subscribe: [rtdsSubscribe(symbols)],
    keepalive: { message: "PING", everyMs: 5000 },
    parse: (text, receivedAt) => parseRtdsMessage(text, receivedAt, bySymbol),
  };
}
