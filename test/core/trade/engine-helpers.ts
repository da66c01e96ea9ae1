/** In-process engine fixtures for unit tests: a memory store and a paper venue over a fixed book. */

import type { Book } from "../../../core/adapters/polymarket/market-data/token-book.ts";
import { Decimal } from "../../../core/decimal.ts";
import { knownMarkets, type TokenMarkets } from "../../../core/markets/token-markets.ts";
import { openStore, type Store } from "../../../core/store/open.ts";
import { alerts } from "../../../core/store/schema.ts";
import type { EngineContext } from "../../../core/trade/engine.ts";
import { limits, MARKET, NOW, TOKEN } from "./fixtures.ts";

export function memoryStore(): Store {
  return openStore(":memory:");
}

export function bookOf(asks: [string, string][], tokenId = "1"): Book {
  return { tokenId, asks: asks.map(([price, size]) => ({ price: new Decimal(price), size: new Decimal(size) })), bids: [] };
}

/** The venue's answer for the tokens a test trades: token → market (condition id). */
export function tokenMarkets(markets: Record<string, string>): TokenMarkets {
  return knownMarkets((tokenId) => markets[tokenId], "of the test");
}

/** A paper engine on the store over `book`'s answer for a token, at NOW unless `now` is overridden. */
export function paperContext(store: Store, book: (tokenId: string) => Book, overrides: Partial<EngineContext> = {}): EngineContext {
  return {
    store,
    limits: limits(),
    orderType: "FOK",
    venue: { mode: "paper", book: async (tokenId) => book(tokenId) },
    markets: tokenMarkets({ [TOKEN]: MARKET }),
    now: () => NOW,
    ...overrides,
  };
}

/** The keys of the alerts the store holds, oldest first. */
export function alertKeys(store: Store): string[] {
  return store.db
    .select()
    .from(alerts)
    .all()
    .map((alert) => alert.key);
}
