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

/** Brings a trade's status up to `now`; returns true when it changed. */
export function advanceTrade(accounts: Accounts, trade: VenueTrade, now: number): boolean {
  const age = now - trade.matchTime;
  const before = trade.status;
  if (trade.ghost) {
    if (trade.status === "MATCHED" && age >= MINED_AFTER_MS) {
      trade.status = "RETRYING";
      trade.lastUpdate = trade.matchTime + MINED_AFTER_MS;
    }
    if (trade.status !== "FAILED" && age >= CONFIRMED_AFTER_MS) {
      trade.status = "FAILED";
      trade.lastUpdate = trade.matchTime + CONFIRMED_AFTER_MS;
      applyTrade(accounts, trade, -1n);
    }
  } else {
    if (trade.status === "MATCHED" && age >= MINED_AFTER_MS) {
      trade.status = "MINED";
      trade.lastUpdate = trade.matchTime + MINED_AFTER_MS;
    }
    if (trade.status === "MINED" && age >= CONFIRMED_AFTER_MS) {
      trade.status = "CONFIRMED";
      trade.lastUpdate = trade.matchTime + CONFIRMED_AFTER_MS;
    }
  }
  return trade.status !== before;
}
