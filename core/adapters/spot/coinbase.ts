/**
 * Coinbase Exchange REST has no batch form: a cycle makes one request per symbol, never more than
 * the per-provider budget at once. Once one meets a provider-level failure (429, 418, 451, 403) the
 * rest of the cycle's requests are not sent.
 */

import { mapLimit } from "../../concurrency.ts";
import { FetchFailure, fetchJson } from "../../http/fetch-json.ts";
import { type BatchResult, epochMs, isRecord, joinUrl, missingAsFailures, parsePrice, preview, type Quote, type RestContext, type RestProvider } from "./types.ts";

const VENUE = "coinbase";
const PROVIDER_LEVEL = new Set(["rate-limit", "banned", "geo-block", "forbidden"]);

/** "BTC" → "BTC-USD". */
export function coinbaseProduct(symbol: string): string {
  return `${symbol}-USD`;
}

function coinbaseTickerUrl(baseUrl: string, symbol: string): string {
  return joinUrl(baseUrl, `/products/${coinbaseProduct(symbol)}/ticker`);
}

export function parseCoinbaseTicker(body: unknown, symbol: string, receivedAt: number): Quote {
  if (!isRecord(body)) throw new FetchFailure(VENUE, "bad-payload", `${coinbaseProduct(symbol)}: expected a ticker object, got ${preview(body)}`);
  const price = parsePrice(body.price);
  if (!price.ok) throw new FetchFailure(VENUE, "bad-payload", `${coinbaseProduct(symbol)}: ${price.error}`);
  return { provider: VENUE, symbol, price: price.value, sourceTs: epochMs(body.time, "ms"), receivedAt };
}

export const coinbase: RestProvider = {
  name: VENUE,
  batch: false,
  supports: (symbol) => /^[A-Z0-9]{2,10}$/.test(symbol),
  async fetch(symbols, context: RestContext): Promise<BatchResult> {
    const quotes: Quote[] = [];
    const failures: BatchResult["failures"] = [];
    let blocking: FetchFailure | undefined;
    let firstError: Error | undefined;
    await mapLimit(
      symbols,
      context.concurrency ?? 4,
      async (symbol) => {
        try {
          const body = await fetchJson(coinbaseTickerUrl(context.baseUrl, symbol), { venue: VENUE, timeoutMs: context.timeoutMs, headers: context.headers });
          quotes.push(parseCoinbaseTicker(body, symbol, context.now()));
        } catch (error) {
          firstError ??= error as Error;
          if (error instanceof FetchFailure && PROVIDER_LEVEL.has(error.failure)) blocking ??= error;
          failures.push({ symbol, error: (error as Error).message });
        }
      },
      () => blocking !== undefined,
    );
    if (quotes.length === 0 && firstError) throw blocking ?? firstError;
    return missingAsFailures(symbols, { quotes, failures, failure: blocking }, `not requested: ${blocking?.message ?? "provider blocked"}`);
  },
};
