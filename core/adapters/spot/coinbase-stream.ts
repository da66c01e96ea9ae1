/** Coinbase Exchange feed: the `ticker` channel, one message per trade; `error` messages are reported. */
import { parseJson } from "../../safe-parse.ts";
import { coinbaseProduct } from "./coinbase.ts";
import { epochMs, isRecord, NOTHING, parsePrice, preview, type StreamFeed, type StreamParse } from "./types.ts";

function coinbaseSubscribe(symbols: readonly string[]): string {
  return JSON.stringify({ type: "subscribe", product_ids: symbols.map(coinbaseProduct), channels: ["ticker"] });
}

export function parseCoinbaseMessage(text: string, receivedAt: number, byProduct: ReadonlyMap<string, string>): StreamParse {
  const json = parseJson(text);
  if (!json.ok) return { quotes: [], error: json.error };
  const message = json.value;
  if (!isRecord(message)) return { quotes: [], error: `expected an object, got ${preview(message)}` };
  if (message.type === "error") return { quotes: [], error: `coinbase feed error: ${preview(message.message ?? message.reason)}` };
  if (message.type !== "ticker" || typeof message.product_id !== "string") return NOTHING;
  const symbol = byProduct.get(message.product_id);
  if (!symbol) return NOTHING;
  const price = parsePrice(message.price);
  if (!price.ok) return { quotes: [], error: `${message.product_id} ticker: ${price.error}` };
  return { quotes: [{ provider: "coinbase", symbol, price: price.value, sourceTs: epochMs(message.time, "ms"), receivedAt }] };
}

export function coinbaseStream(wsBase: string, symbols: readonly string[]): StreamFeed {
  const byProduct = new Map(symbols.map((symbol) => [coinbaseProduct(symbol), symbol]));
  return {
    provider: "coinbase",
    symbols,
    url: wsBase,
    subscribe: [coinbaseSubscribe(symbols)],
    parse: (text, receivedAt) => parseCoinbaseMessage(text, receivedAt, byProduct),
  };
}
