/** A REST provider with a batch form: one GET prices every symbol; adapters differ in the URL and the parse. */
import { fetchJson } from "../../http/fetch-json.ts";
import type { BatchResult, ExchangeProvider, RestProvider } from "./types.ts";

export type BatchAdapter = {
  name: ExchangeProvider;
  supports(symbol: string): boolean;
  url(baseUrl: string, symbols: readonly string[]): string;
  parse(body: unknown, symbols: readonly string[], receivedAt: number): BatchResult;
};

export function batchProvider(adapter: BatchAdapter): RestProvider {
  return {
    name: adapter.name,
    batch: true,
    supports: (symbol) => adapter.supports(symbol),
    async fetch(symbols, context) {
      const body = await fetchJson(adapter.url(context.baseUrl, symbols), { venue: adapter.name, timeoutMs: context.timeoutMs, headers: context.headers });
      return adapter.parse(body, symbols, context.now());
    },
  };
}
