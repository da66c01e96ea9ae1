/**
 * The paper venue: fills an intent against a book exactly as the CLOB matches a marketable BUY —
 * the budget walks the asks best first up to the limit; FOK spends it all or nothing, FAK what it
 * can; each fill pays the market's fee at its own price. Pure: the caller fetches the book. Paper
 * fills settle at once.
 */

import type { Book } from "../adapters/polymarket/market-data/token-book.ts";
import { Decimal, ZERO } from "../decimal.ts";
import { buyCost, UNIT_PLACES } from "../ledger/amounts.ts";
import { type Execution, type FillDraft, fillDraft } from "../ledger/execution.ts";
import type { OrderIntent } from "../ledger/intent.ts";

/** The venue's messages for a marketable order it cannot match. */
export const FOK_UNFILLED = "order couldn't be fully filled. FOK orders are fully filled or killed.";
export const FAK_UNMATCHED = "no orders found to match with FAK order. FAK orders are partially filled or killed if no match is found.";

function paperOrderId(intent: OrderIntent): string {
  return `paper-${intent.clientOrderId.slice(2, 26)}`;
}

export function executePaper(intent: OrderIntent, book: Book): Execution {
  const venueOrderId = paperOrderId(intent);
  let remaining = intent.budget;
  const fills: FillDraft[] = [];
  for (const level of book.asks) {
    if (!remaining.gt(ZERO) || level.price.gt(intent.price)) break;
    const id = `${venueOrderId}-${fills.length + 1}`;
    const levelCost = buyCost(level.size, level.price);
    if (levelCost.lte(remaining)) {
      fills.push(fillDraft(id, level.price, level.size, intent.feeSchedule, "confirmed"));
      remaining = remaining.minus(levelCost);
    } else {
      const shares = remaining.dividedBy(level.price).toDecimalPlaces(UNIT_PLACES, Decimal.ROUND_DOWN);
      if (!shares.gt(ZERO)) break;
      // Its cost, size × price rounded up to the micro-unit, is exactly the rest of the budget.
      fills.push(fillDraft(id, level.price, shares, intent.feeSchedule, "confirmed"));
      remaining = ZERO;
    }
  }
  if (intent.orderType === "FOK" && remaining.gt(ZERO)) {
    return { status: "rejected", reason: FOK_UNFILLED, venueOrderId, venueStatus: "unmatched", fills: [] };
  }
  if (fills.length === 0) return { status: "rejected", reason: FAK_UNMATCHED, venueOrderId, venueStatus: "unmatched", fills: [] };
  return { status: remaining.gt(ZERO) ? "partial" : "filled", venueOrderId, venueStatus: "matched", fills };
}
