/**
 * Fills from the venue's trades. A taker trade lists the maker orders it matched, each with its own
 * price and size: one fill per maker order (id `<trade id>#<n>`), its fee from the market's schedule
 * at that price (core/fees), its cost as the venue charges a buyer. The fill's status is the trade's.
 */
import { Decimal, ZERO } from "../../../decimal.ts";
import { type FillDraft, type FillStatus, fillDraft } from "../../../ledger/execution.ts";
import type { FeeSchedule } from "../../../model/fee-schedule.ts";
import { venueSchedule } from "../../../model/fee-schedule.ts";
import type { Order } from "../../../store/schema.ts";
import type { VenueTrade } from "./venue-reads.ts";

const STATUSES: Record<string, FillStatus> = { MATCHED: "matched", MINED: "mined", CONFIRMED: "confirmed", RETRYING: "retrying", FAILED: "failed" };

function fillStatus(venueStatus: string): FillStatus {
  return STATUSES[venueStatus.toUpperCase()] ?? "matched";
}

/** Is this trade one of the order's fills (as taker, or as maker)? */
export function tradeOfOrder(trade: VenueTrade, venueOrderId: string): boolean {
  const id = venueOrderId.toLowerCase();
  return trade.takerOrderId.toLowerCase() === id || trade.makerOrders.some((maker) => maker.orderId.toLowerCase() === id);
}

export function fillsFromTrades(trades: readonly VenueTrade[], venueOrderId: string, schedule: FeeSchedule): FillDraft[] {
  const out: FillDraft[] = [];
  for (const trade of trades) {
    const status = fillStatus(trade.status);
    if (trade.takerOrderId.toLowerCase() === venueOrderId.toLowerCase()) {
      trade.makerOrders.forEach((maker, i) => {
        if (maker.matchedAmount.gt(ZERO)) out.push(fillDraft(`${trade.id}#${i}`, maker.price, maker.matchedAmount, schedule, status));
      });
    } else {
      // Our order rested and was taken: makers pay no fee.
      const mine = trade.makerOrders.filter((maker) => maker.orderId.toLowerCase() === venueOrderId.toLowerCase());
      for (const [i, maker] of mine.entries()) out.push({ ...fillDraft(`${trade.id}#m${i}`, maker.price, maker.matchedAmount, schedule, status), fee: new Decimal(0) });
    }
  }
  return out;
}

/** The fee schedule stored with the order's intent. */
export function orderSchedule(order: Order): FeeSchedule | undefined {
  const raw = order.intent?.fee_schedule as { rate?: unknown; exponent?: unknown; taker_only?: unknown; source?: unknown } | undefined;
  if (!raw) return undefined;
  const parsed = venueSchedule({ rate: raw.rate, exponent: raw.exponent, takerOnly: raw.taker_only }, String(raw.source ?? "order"));
  return parsed.ok ? parsed.value : undefined;
}
