/**
 * What a fill does to balances, and the trade lifecycle after it: MATCHED → MINED → CONFIRMED in
 * simulated time, or MATCHED → RETRYING → FAILED for a ghost fill, whose balance changes are undone
 * when it fails. Taker fees are paid in collateral (on top for a BUY, out of the proceeds for a SELL).
 */
import { createHash } from "node:crypto";
import type { Accounts } from "./accounts.ts";
import type { VenueTrade } from "./state.ts";

const MINED_AFTER_MS = 2_000;
const CONFIRMED_AFTER_MS = 6_000;

function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Deterministic trade id (uuid form) for the n-th trade of an order. */
export function tradeId(orderId: string, n: number): string {
  const hex = digest(`trade:${orderId}:${n}`);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function transactionHash(label: string): string {
  return `0x${digest(`tx:${label}`)}`;
}

/** Moves the trade's amounts between the funder's pUSD and tokens (direction -1 undoes it). */
export function applyTrade(accounts: Accounts, trade: VenueTrade, direction: 1n | -1n): void {
  if (trade.side === "BUY") {
    accounts.addCollateral(trade.funder, -direction * (trade.collateral + trade.fee));
    accounts.addTokens(trade.funder, trade.tokenId, direction * trade.shares);
  } else {
    accounts.addTokens(trade.funder, trade.tokenId, -direction * trade.shares);
    accounts.addCollateral(trade.funder, direction * (trade.collateral - trade.fee));
  }
}

/** The statuses after MATCHED, each reached this long after the match. */
const LIFECYCLE = [MINED_AFTER_MS, CONFIRMED_AFTER_MS] as const;
const STATUSES = { settled: ["MINED", "CONFIRMED"], ghost: ["RETRYING", "FAILED"] } as const;

/** Brings a trade's status up to `now`; a ghost trade's balances are undone when it fails. */
export function advanceTrade(accounts: Accounts, trade: VenueTrade, now: number): void {
  const statuses: readonly VenueTrade["status"][] = STATUSES[trade.ghost ? "ghost" : "settled"];
  LIFECYCLE.forEach((after, step) => {
    if (now - trade.matchTime < after || statuses.indexOf(trade.status) >= step) return;
    trade.status = statuses[step]!;
    trade.lastUpdate = trade.matchTime + after;
    if (trade.status === "FAILED") applyTrade(accounts, trade, -1n);
  });
}
