/**
 * What an executor returns: a status, the venue's reason on failure, and the fills. Placement never
 * throws — every failure is a status: `rejected` (refused, by the venue or before sending), `failed`
 * (not placed: unreachable, auth, 403, 425, 429), `uncertain` (sent, and the answer never came, was
 * a 5xx or unreadable: the order may exist, and its market is held until reconciliation finds it or
 * judges it not placed). `pending` is the stored intent between written and answered.
 */
import { type Decimal, ZERO } from "../decimal.ts";
import { takerFee } from "../model/fee-quote.ts";
import type { FeeSchedule } from "../model/fee-schedule.ts";
import { buyCost } from "./amounts.ts";

type OrderStatus = "pending" | "filled" | "partial" | "open" | "rejected" | "failed" | "uncertain";

/** The venue's trade lifecycle, lower-cased. Only `confirmed` counts as settled. */
export type FillStatus = "matched" | "mined" | "confirmed" | "retrying" | "failed";

export type FillDraft = {
  /** The venue's trade id (paper: derived from the client order id). */
  fillId: string;
  price: Decimal;
  size: Decimal;
  /** Collateral paid: size × price rounded up to the micro-unit, as the venue charges a buyer. */
  cost: Decimal;
  /** Fee in collateral under the market's schedule (rounded as the venue rounds it). */
  fee: Decimal;
  status: FillStatus;
};

export type Execution = {
  status: Exclude<OrderStatus, "pending">;
  reason?: string;
  venueOrderId?: string;
  /** The venue's own word: matched, live, delayed, unmatched. */
  venueStatus?: string;
  fills: FillDraft[];
  httpStatus?: number;
  retryAfterMs?: number;
  /** Reconciliation only: since when (venue time) the venue has shown no trace of the order; null ends the watch; absent: unchanged. */
  noTraceSince?: Date | null;
};

/**
 * The one sum of a fill set, drafts and stored rows alike: size, cost and fee of the fills not
 * reversed. A fill's cost is always the venue-rounded `buyCost` of its size and price.
 */
export function fillTotals(fills: readonly { price: Decimal; size: Decimal; fee: Decimal; status: string }[]): { size: Decimal; cost: Decimal; fee: Decimal; avgPrice?: Decimal } {
  let size = ZERO;
  let cost = ZERO;
  let fee = ZERO;
  for (const fill of fills) {
    if (fill.status === "failed") continue;
    size = size.plus(fill.size);
    cost = cost.plus(buyCost(fill.size, fill.price));
    fee = fee.plus(fill.fee);
  }
  return { size, cost, fee, ...(size.gt(ZERO) ? { avgPrice: cost.dividedBy(size) } : {}) };
}

/** A fill from the venue's numbers: the cost as the venue charges it, the fee from the market's schedule. */
export function fillDraft(fillId: string, price: Decimal, size: Decimal, schedule: FeeSchedule, status: FillStatus): FillDraft {
  return { fillId, price, size, cost: buyCost(size, price), fee: takerFee(schedule, price, size), status };
}
