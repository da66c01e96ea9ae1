/**
 * The paper venue: fills an intent against a book exactly as the CLOB matches a marketable BUY —
 * walk the asks best first while the price is at or below the limit; FOK fills in full or not at
 * all, FAK fills what is there and kills the rest; each fill pays the market's fee schedule at its
 * own price (core/fees). Pure: the book is fetched by the caller. Paper fills settle at once.
 */
import { ZERO } from "../decimal.ts";
import { takerFee } from "../fees/quote.ts";
import type { Book } from "./book.ts";
import { statusFromFills, type Execution, type FillDraft } from "./execution.ts";
import type { OrderIntent } from "./intent.ts";

/** The venue's messages for a marketable order it cannot match. */
export const FOK_UNFILLED = "order couldn't be fully filled. FOK orders are fully filled or killed.";
export const FAK_UNMATCHED = "no orders found to match with FAK order. FAK orders are partially filled or killed if no match is found.";

export function paperOrderId(intent: OrderIntent): string {
  return `paper-${intent.clientOrderId.slice(2, 26)}`;
}

export function executePaper(intent: OrderIntent, book: Book): Execution {
  const venueOrderId = paperOrderId(intent);
  let remaining = intent.size;
  const fills: FillDraft[] = [];
  for (const level of book.asks) {
    if (!remaining.gt(ZERO) || level.price.gt(intent.price)) break;
    const size = remaining.lt(level.size) ? remaining : level.size;
    fills.push({
      fillId: `${venueOrderId}-${fills.length + 1}`,
      price: level.price,
      size,
      fee: takerFee(intent.feeSchedule, level.price, size),
      status: "confirmed",
    });
    remaining = remaining.minus(size);
  }
  if (intent.orderType === "FOK" && remaining.gt(ZERO)) {
    return { status: "rejected", reason: FOK_UNFILLED, venueOrderId, venueStatus: "unmatched", fills: [] };
  }
  if (fills.length === 0) return { status: "rejected", reason: FAK_UNMATCHED, venueOrderId, venueStatus: "unmatched", fills: [] };
  return { status: statusFromFills(fills, intent.size, "rejected"), venueOrderId, venueStatus: "matched", fills };
}
