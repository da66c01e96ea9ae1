/** Alerts raised by the ledger and the executors: built from ids, amounts and the venue's redacted words only — never a secret. */
import type { Fill, Order } from "../store/schema.ts";
import { alert, alerts } from "./catalog.ts";
import type { AlertInput } from "./types.ts";

/** What the engine raises alerts through (the Alerter, or a test's collector). */
export type AlertSink = { raise(input: AlertInput): unknown };

export function ghostFillAlert(order: Order, fill: Fill): AlertInput {
  const market = order.marketSlug ?? order.conditionId;
  const message = `Trade ${fill.tradeId} (${fill.size.toString()} ${order.outcome} @ ${fill.price.toString()}) was reported matched, then failed at the venue; it was reversed in the store. Order ${order.clientOrderId.slice(0, 18)}…`;
  const data = { mode: order.mode, trade_id: fill.tradeId, client_order_id: order.clientOrderId, size: fill.size.toString(), price: fill.price.toString() };
  return alert("ghost_fill", "high", `ghost_fill:${fill.tradeId}`, `Ghost fill reversed (${order.mode}): ${market}`, message, data);
}

/** A trade for an order that had been judged not placed: exposure the guardian did not count until now. */
export function lateFillAlert(order: Order): AlertInput {
  const market = order.marketSlug ?? order.conditionId;
  const message = `Order ${order.clientOrderId.slice(0, 18)}… had been judged not placed, then the venue showed it filled: ${order.filledSize.toString()} ${order.outcome} @ ${order.avgPrice?.toString() ?? order.limitPrice.toString()}. Booked; the risk limits count it from now. Check the position.`;
  const data = { mode: order.mode, client_order_id: order.clientOrderId, venue_order_id: order.venueOrderId ?? order.expectedOrderId, size: order.filledSize.toString() };
  return alert("late_fill", "critical", `late_fill:${order.clientOrderId}`, `Late fill (${order.mode}): ${market}`, message, data);
}

/** The trade alert for a stored order that has filled (in part or whole). */
export function filledOrderAlert(order: Order): AlertInput {
  return alerts.trade({
    mode: order.mode,
    slug: order.marketSlug ?? order.conditionId,
    outcome: order.outcome,
    side: "BUY",
    size: order.filledSize,
    price: order.avgPrice ?? order.limitPrice,
    fee: order.fee,
    clientOrderId: order.clientOrderId,
  });
}
