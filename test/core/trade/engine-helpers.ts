/** In-process engine fixtures for unit tests: a memory store and a paper venue over a fixed book. */

import { expect } from "bun:test";
import type { Book } from "../../../core/adapters/polymarket/market-data/token-book.ts";
import { Decimal } from "../../../core/decimal.ts";
import { knownMarkets, type TokenMarkets } from "../../../core/markets/token-markets.ts";
import type { TradeCandidate } from "../../../core/model/candidate.ts";
import { openStore, type Store } from "../../../core/store/open.ts";
import type { Order } from "../../../core/store/schema.ts";
import { type EngineContext, processCandidate, type TradeOutcome } from "../../../core/trade/engine.ts";
import { limits, MARKET, NOW, TOKEN } from "./fixtures.ts";

export const memoryStore = (): Store => openStore(":memory:");

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

/** Processes the candidate, which must be placed (its order with `status`, when given); returns the placed outcome. */
export async function placed(ctx: EngineContext, candidate: TradeCandidate, status?: Order["status"]) {
  const outcome = await processCandidate(ctx, candidate);
  if (outcome.kind !== "placed") throw new Error(`not placed: ${outcome.kind}`);
  if (status) expect(outcome.order.status).toBe(status);
  return outcome;
}

/** The guardian's reason codes for a rejected outcome (the outcome's kind when it was not rejected). */
export const rejectionCodes = (outcome: TradeOutcome): string[] => (outcome.kind === "risk_rejected" ? outcome.decision.reasons.map((reason) => reason.code) : [outcome.kind]);

/** The keys of the alerts the store holds, oldest first. */
export function alertKeys(store: Store): string[] {
  const rows = store.sqlite.query<{ key: string }, []>("SELECT key FROM alerts ORDER BY id").all();
  return rows.map((alert) => alert.key);
}
