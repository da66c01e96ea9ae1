/**
 * The loop's paper venue with a latency model: a paper order reaches the book `latencyMs` after it
 * leaves pm-arb (the real venue is never instantaneous), so FOK/FAK fill against the book as it is
 * then — an edge that vanishes within the latency is not counted as profit. The wait is the loop's
 * own time: real time live, the recording's time in a replay.
 */

import type { Book } from "../adapters/polymarket/market-data/token-book.ts";
import type { Venue } from "../adapters/venue.ts";
import type { OrderBook } from "../model/market.ts";
import type { Timers } from "./timers.ts";

/** `--latency` default (ms). */
export const DEFAULT_LATENCY_MS = 150;

export type PaperVenueDeps = {
  latencyMs: number;
  timers: Pick<Timers, "sleep">;
  /** The market channel's book now, if it has one. */
  liveBook(tokenId: string): OrderBook | undefined;
  /** A REST read when the channel has no book (none in a replay). */
  fetchBook(tokenId: string): Promise<Book>;
  /** The order has left pm-arb (the latency probe). */
  onSent?(tokenId: string): void;
};

export function paperVenue(deps: PaperVenueDeps): Venue {
  return {
    mode: "paper",
    book: async (tokenId): Promise<Book> => {
      deps.onSent?.(tokenId);
      await deps.timers.sleep(deps.latencyMs);
      const live = deps.liveBook(tokenId);
      if (live) return { tokenId, asks: live.asks, bids: live.bids, timestamp: live.timestamp };
      return deps.fetchBook(tokenId);
    },
  };
}
