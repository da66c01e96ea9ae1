/**
 * The checks a market must pass before it is priced, in order: accepting orders, enough time left,
 * a known fee, a fresh price, and per outcome a present, fresh book. Each failure names the reject
 * reason and a human detail. Pure.
 */
import { type FeeSchedule, feeFreeSchedule } from "../model/fee-schedule.ts";
import type { Market, OrderBook } from "../model/market.ts";
import type { RejectReason } from "../records/rejected.ts";

export type GuardOptions = {
  now: number;
  minSecondsLeft: number;
  maxPriceAgeMs: number;
  maxBookAgeMs: number;
};

export type GuardFailure = { reason: RejectReason; detail: string };

/** Market-level checks that need no price or book. */
export function marketGuard(market: Market, options: GuardOptions): GuardFailure | undefined {
  if (!market.accepting_orders) return { reason: "not_accepting", detail: "the market is not accepting orders" };
  const secondsLeft = (market.end - options.now) / 1000;
  if (secondsLeft < options.minSecondsLeft) {
    return { reason: "expiring", detail: secondsLeft <= 0 ? "the market has ended" : `${secondsLeft.toFixed(0)} s to expiry, below --min-seconds-left ${options.minSecondsLeft}` };
  }
  if (market.fee.status === "unknown") return { reason: "fee_unknown", detail: `fee schedule unknown (${market.fee.reason}); not priced as fee-free` };
  return undefined;
}

/** The schedule a market that passed `marketGuard` is priced with (a fee-free market's: rate 0). */
export function feeSchedule(market: Market): FeeSchedule {
  if (market.fee.status === "enabled") return market.fee.schedule;
  return feeFreeSchedule(`gamma:${market.slug}`);
}

/** An outcome's book: present and no older than the maximum age (from the book's own timestamp). */
export function bookGuard(book: OrderBook | undefined, label: string, options: GuardOptions): GuardFailure | undefined {
  if (!book) return { reason: "no_book", detail: `no order book for ${label}` };
  const age = options.now - book.timestamp;
  if (age > options.maxBookAgeMs) return { reason: "stale_book", detail: `${label} book is ${age} ms old, above --max-book-age ${options.maxBookAgeMs} ms` };
  return undefined;
}
