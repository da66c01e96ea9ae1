/**
 * Reconciliation: what became of orders whose outcome pm-arb does not know — `pending` (the process
 * stopped between writing the intent and hearing back), `uncertain` (a timeout or 5xx after
 * sending), `open` (resting or delayed) — and of fills not yet settled. The venue's open orders and
 * trades for the order's market are read once per market and matched by the venue order id (the
 * order hash, stored before sending) or the client order id carried in `metadata`.
 * Nothing is ever re-sent: an order the venue has no trace of is `failed` (it was not placed).
 */
import { ZERO } from "../decimal.ts";
import type { Fill, Order } from "../store/schema.ts";
import type { ClobSession, VenueOpenOrder, VenueTrade } from "./clob-session.ts";
import type { Execution } from "./execution.ts";
import { fillsFromTrades, orderSchedule, tradeOfOrder } from "./live-fills.ts";

export type MarketView = { trades: VenueTrade[]; open: VenueOpenOrder[] };

/** Reads each market's trades and open orders once; a market whose reads fail is left out. */
export async function readMarkets(session: ClobSession, conditionIds: Iterable<string>): Promise<{ views: Map<string, MarketView>; errors: string[] }> {
  const views = new Map<string, MarketView>();
  const errors: string[] = [];
  for (const market of new Set(conditionIds)) {
    try {
      const [trades, open] = await Promise.all([session.trades({ market }), session.openOrders({ market })]);
      views.set(market, { trades, open });
    } catch (error) {
      errors.push(`${market}: ${session.redact((error as Error).message)}`);
    }
  }
  return { views, errors };
}

/** What the venue says about one order, as an Execution for the ledger. */
export function reconcileOrder(order: Order, view: MarketView, knownFills: readonly Fill[]): Execution {
  const id = order.venueOrderId ?? order.expectedOrderId ?? undefined;
  if (!id) {
    return { status: "failed", reason: order.sentAt ? "reconciled: sent without a known order id and the venue lists nothing for it" : "reconciled: the process stopped before the order was signed and sent; it was not placed", fills: [] };
  }
  const schedule = orderSchedule(order);
  const trades = view.trades.filter((trade) => tradeOfOrder(trade, id));
  const fills = schedule ? fillsFromTrades(trades, id, schedule) : [];
  const resting = view.open.find((open) => open.id.toLowerCase() === id.toLowerCase() || (open.metadata !== undefined && open.metadata.toLowerCase() === order.clientOrderId));
  if (fills.length > 0) {
    const spent = fills.reduce((sum, fill) => (fill.status === "failed" ? sum : sum.plus(fill.cost)), ZERO);
    const status: Execution["status"] = resting ? "open" : order.orderType === "FOK" || (order.budget && spent.gte(order.budget)) ? "filled" : "partial";
    return { status, venueOrderId: id, venueStatus: "matched", fills, ...(order.status === "uncertain" || order.status === "pending" ? { reason: "reconciled: found at the venue" } : order.reason ? { reason: order.reason } : {}) };
  }
  if (knownFills.length > 0) {
    // Fills we recorded but the venue no longer lists with this order: keep them, unchanged.
    return { status: order.status === "pending" || order.status === "uncertain" ? "filled" : (order.status as Execution["status"]), venueOrderId: id, fills: [], ...(order.reason ? { reason: order.reason } : {}) };
  }
  if (resting) return { status: "open", venueOrderId: id, venueStatus: resting.status.toLowerCase(), fills: [], reason: `open at the venue (${resting.status.toLowerCase()})` };
  if (order.status === "open") return { status: "rejected", venueOrderId: id, fills: [], reason: "reconciled: no longer open at the venue and never matched (killed or cancelled)" };
  return {
    status: "failed",
    fills: [],
    reason: order.sentAt ? "reconciled: the venue has no open order and no trade for it; it was not placed" : "reconciled: the process stopped before the order was sent; it was not placed",
  };
}
