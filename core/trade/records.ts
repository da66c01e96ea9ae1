/**
 * `order` and `fill` records from store rows and engine outcomes. Plain typed builders (`import
 * type` only), so writing them loads no zod.
 */
import { stamp } from "../cli/output.ts";
import { type Decimal, ZERO } from "../decimal.ts";
import type { TradeMode } from "../ledger/client-order-id.ts";
import { fillTotals } from "../ledger/execution.ts";
import type { OrderType } from "../ledger/intent.ts";
import type { TradeCandidate } from "../model/candidate.ts";
import type { FillRecord } from "../records/fill.ts";
import type { OrderRecord } from "../records/order.ts";
import type { Fill, Order } from "../store/schema.ts";
import type { TradeOutcome } from "./engine.ts";

type OrderFields = Omit<OrderRecord, "type" | "v" | "ts">;

const text = (value: Decimal) => value.toString();

/** The order row as a record (statuses the store knows, plus `cancelled` reported as `failed`). */
export function orderFromRow(order: Order, fills: readonly Fill[], now: Date, extra: Partial<OrderFields> = {}): OrderRecord {
  const live = fills.filter((fill) => fill.status !== "failed");
  const status = order.status === "cancelled" ? "failed" : order.status;
  const adjustments = Array.isArray(order.intent?.adjustments) ? (order.intent.adjustments as string[]) : [];
  const fields: OrderFields = {
    client_order_id: order.clientOrderId,
    opportunity_id: order.opportunityId ?? "",
    mode: order.mode,
    status,
    ...(order.reason ? { reason: order.reason } : {}),
    ...(order.venueOrderId ? { venue_order_id: order.venueOrderId } : order.expectedOrderId ? { venue_order_id: order.expectedOrderId } : {}),
    condition_id: order.conditionId,
    token_id: order.tokenId,
    outcome: order.outcome,
    ...(order.marketSlug ? { slug: order.marketSlug } : {}),
    side: "BUY",
    order_type: order.orderType === "FAK" ? "FAK" : "FOK",
    limit_price: text(order.limitPrice),
    size: text(order.size),
    maker_amount: text(order.budget ?? order.size.times(order.limitPrice)),
    filled_size: text(order.filledSize),
    ...(order.avgPrice ? { avg_price: order.avgPrice.toDecimalPlaces(6).toString() } : {}),
    cost: text(fillTotals(live).cost),
    fee: text(order.fee),
    trade_ids: [...new Set(live.map((fill) => fill.tradeId.split("#")[0]!))],
    ...(adjustments.length > 0 ? { adjustments } : {}),
    created_at: order.createdAt.toISOString(),
    ...extra,
  };
  return stamp("order", fields, now) as OrderRecord;
}

/**
 * A record for an order that never reached the store: `rejected` (risk, a refused intent, a blocked
 * market) or `failed` (held while the venue asked to wait).
 */
export function unplacedOrder(
  candidate: TradeCandidate,
  mode: TradeMode,
  orderType: OrderType,
  clientOrderId: string,
  reason: string,
  now: Date,
  budget: Decimal = ZERO,
  status: "rejected" | "failed" = "rejected",
): OrderRecord {
  return stamp(
    "order",
    {
      client_order_id: clientOrderId,
      opportunity_id: candidate.opportunityId,
      mode,
      status,
      reason,
      condition_id: candidate.conditionId,
      token_id: candidate.tokenId,
      outcome: candidate.outcome,
      ...(candidate.slug ? { slug: candidate.slug } : {}),
      side: "BUY",
      order_type: orderType,
      limit_price: text(candidate.limitPrice),
      size: text(candidate.size),
      maker_amount: text(budget),
      filled_size: "0",
      cost: "0",
      fee: "0",
      trade_ids: [],
      created_at: now.toISOString(),
    } satisfies OrderFields,
    now,
  ) as OrderRecord;
}

export function fillRecord(order: Order, fill: Fill, now: Date): FillRecord {
  return stamp(
    "fill",
    {
      fill_id: fill.tradeId,
      client_order_id: order.clientOrderId,
      ...(order.venueOrderId ? { venue_order_id: order.venueOrderId } : {}),
      mode: order.mode,
      condition_id: order.conditionId,
      token_id: order.tokenId,
      outcome: order.outcome,
      side: "BUY",
      price: text(fill.price),
      size: text(fill.size),
      cost: text(fillTotals([fill]).cost),
      fee: text(fill.fee),
      status: fill.status,
      settled: fill.status === "confirmed",
      reversed: fill.status === "failed",
    } satisfies Omit<FillRecord, "type" | "v" | "ts">,
    now,
  ) as FillRecord;
}

/** The records one engine outcome prints: the order, then its fills. */
export function outcomeRecords(
  outcome: TradeOutcome,
  candidate: TradeCandidate,
  mode: TradeMode,
  orderType: OrderType,
  now: Date,
  fillsOf: (order: Order) => Fill[],
): (OrderRecord | FillRecord)[] {
  switch (outcome.kind) {
    case "placed": {
      const fills = fillsOf(outcome.order);
      return [orderFromRow(outcome.order, fills, now), ...fills.map((fill) => fillRecord(outcome.order, fill, now))];
    }
    case "duplicate":
      return [
        orderFromRow(
          outcome.order,
          fillsOf(outcome.order),
          now,
          outcome.atVenue
            ? { status: "duplicate", reason: outcome.order.reason ?? "the venue already has this exact order; nothing new was placed" }
            : {
                status: "duplicate",
                existing_status: outcome.order.status,
                reason: `this opportunity's order (${outcome.order.clientOrderId.slice(0, 18)}…) already exists in the store as ${outcome.order.status}; nothing sent`,
              },
        ),
      ];
    case "risk_rejected": {
      const reasons = outcome.decision.reasons.filter((reason) => reason.kind === "reject").map((reason) => `${reason.code}: ${reason.message}`);
      return [unplacedOrder(candidate, mode, orderType, outcome.clientOrderId, `risk: ${reasons.join("; ")}`, now)];
    }
    case "refused":
      return [unplacedOrder(candidate, mode, orderType, outcome.clientOrderId, `refused before sending: ${outcome.reason}`, now, outcome.decision.budget)];
    case "blocked":
      return [unplacedOrder(candidate, mode, orderType, outcome.clientOrderId, outcome.reason, now)];
    case "held":
      return [unplacedOrder(candidate, mode, orderType, outcome.clientOrderId, outcome.reason, now, outcome.decision.budget, "failed")];
  }
}
