/**
 * The ledger: orders, fills and positions, written only in core/ledger. Synchronous, so callers wrap
 * a whole step in one `withTransaction`. An order row is written `pending` before any venue call
 * (its unique `client_order_id` is the idempotency key); fills are keyed by the venue's trade id, so
 * replaying a trade feed only updates statuses; a position is rebuilt from its token's confirmed
 * fills every time one changes, so it always equals the sum of its fills. A ghost fill (reported,
 * then failed) stays as `failed`, out of every total, and is reported back so the caller can alert.
 */
import { and, eq, getTableColumns, inArray, sql } from "drizzle-orm";
import { type Decimal, ZERO } from "../decimal.ts";
import { scheduleFields } from "../model/fee-schedule.ts";
import type { Store } from "../store/open.ts";
import { prepared, slot } from "../store/prepared.ts";
import { type Fill, type FillStatus, fills, type Order, type OrderStatus, orders, type Position, positions } from "../store/schema.ts";
import { type Queryable, withTransaction } from "../store/tx.ts";
import { moneyText } from "../store/types.ts";
import type { TradeMode } from "./client-order-id.ts";
import { type Execution, type FillDraft, fillTotals } from "./execution.ts";
import type { OrderIntent } from "./intent.ts";

/** Order statuses whose outcome is not final: their whole max cost stays reserved. */
export const UNRESOLVED: OrderStatus[] = ["pending", "uncertain", "open"];
/** Order statuses whose fate is unknown: nothing more goes to their market until they are reconciled. */
export const UNKNOWN: OrderStatus[] = ["pending", "uncertain"];
/** Fill statuses still on their way to settlement: at risk, not yet a position. */
export const UNSETTLED_FILLS: FillStatus[] = ["matched", "mined", "retrying"];

// The order path's statements, prepared once per database (core/store/prepared.ts).
const p = sql.placeholder;
const orderByClientId = (db: Queryable) =>
  db
    .select()
    .from(orders)
    .where(eq(orders.clientOrderId, p("clientOrderId")));
const intentInsert = (db: Queryable) =>
  db.insert(orders).values({
    clientOrderId: p("clientOrderId"),
    opportunityId: p("opportunityId"),
    conditionId: p("conditionId"),
    marketSlug: p("marketSlug"),
    tokenId: p("tokenId"),
    outcome: p("outcome"),
    side: "BUY",
    orderType: p("orderType"),
    limitPrice: p("limitPrice"),
    size: p("size"),
    status: "pending",
    mode: p("mode"),
    budget: p("budget"),
    maxCost: p("maxCost"),
    intent: p("intent"),
    expectedOrderId: p("expectedOrderId"),
    sentAt: sql`${p("sentAt")}`,
    createdAt: p("now"),
    updatedAt: p("now"),
  });
export function findOrder(db: Queryable, clientOrderId: string): Order | undefined {
  return prepared(db, orderByClientId).get({ clientOrderId });
}

const unknownOfMarket = (db: Queryable) =>
  db
    .select()
    .from(orders)
    .where(and(eq(orders.mode, p("mode")), eq(orders.conditionId, p("conditionId")), inArray(orders.status, UNKNOWN)));

/** Orders of a market whose fate is unknown (`pending` or `uncertain`): nothing more goes to it until they are reconciled. */
export function unknownInMarket(db: Queryable, mode: TradeMode, conditionId: string): Order[] {
  return prepared(db, unknownOfMarket).all({ mode, conditionId });
}

/**
 * The intent as a `pending` order row. Throws on a duplicate client order id (the unique index).
 * `sent`: the row is written already marked sent, with the venue id the order will have — a live
 * order cleared to leave once this commits (core/trade/engine.ts).
 */
export function insertIntent(db: Queryable, intent: OrderIntent, now: Date, sent?: { expectedOrderId: string }): Order {
  const values = {
    clientOrderId: intent.clientOrderId,
    opportunityId: intent.opportunityId,
    conditionId: intent.conditionId,
    marketSlug: intent.slug ?? null,
    tokenId: intent.tokenId,
    outcome: intent.outcome,
    orderType: intent.orderType,
    limitPrice: intent.price,
    size: intent.takerAmount,
    mode: intent.mode,
    budget: intent.budget,
    maxCost: intent.maxCost,
    intent: {
      fee_schedule: scheduleFields(intent.feeSchedule),
      tick_size: intent.tickSize.toString(),
      min_size: intent.minSize.toString(),
      neg_risk: intent.negRisk,
      end: intent.end.toISOString(),
      taker_amount: intent.takerAmount.toString(),
      adjustments: intent.adjustments,
    },
    expectedOrderId: sent?.expectedOrderId ?? null,
  };
  // drizzle types bun:sqlite's run result as void; at run time it is bun's { lastInsertRowid }.
  const { lastInsertRowid } = prepared(db, intentInsert).run({ ...values, sentAt: sent ? now.getTime() : null, now }) as unknown as { lastInsertRowid: number | bigint };
  // The row as written, built here rather than read back; a test holds it to the row the store returns.
  return {
    ...values,
    id: Number(lastInsertRowid),
    side: "BUY",
    status: "pending",
    venueOrderId: null,
    reason: null,
    filledSize: ZERO,
    avgPrice: null,
    fee: ZERO,
    venueResponse: null,
    sentAt: sent ? now : null,
    noTraceSince: null,
    createdAt: now,
    updatedAt: now,
  };
}

export type RecordedExecution = { order: Order; fills: Fill[]; reversed: Fill[] };

// The answer's statements, prepared once per database. Nullable money and JSON go as raw SQL
// parameters, already in the columns' text (see `slot`).
const fillByTradeId = (db: Queryable) =>
  db
    .select()
    .from(fills)
    .where(eq(fills.tradeId, p("tradeId")));
const fillStatusUpdate = (db: Queryable) =>
  db
    .update(fills)
    .set({ status: slot<FillStatus>("status"), updatedAt: slot<Date>("now") })
    .where(eq(fills.id, p("id")));
const fillInsert = (db: Queryable) =>
  db.insert(fills).values({
    orderId: p("orderId"),
    tradeId: p("tradeId"),
    tokenId: p("tokenId"),
    side: "BUY",
    price: p("price"),
    size: p("size"),
    fee: p("fee"),
    status: p("status"),
    ts: p("now"),
    updatedAt: p("now"),
  });
const fillsOfOrder = (db: Queryable) =>
  db
    .select()
    .from(fills)
    .where(eq(fills.orderId, p("orderId")));
const executionUpdate = (db: Queryable) =>
  db
    .update(orders)
    .set({
      status: slot<OrderStatus>("status"),
      reason: slot<string | null>("reason"),
      venueOrderId: slot<string | null>("venueOrderId"),
      filledSize: slot<Decimal>("filledSize"),
      avgPrice: sql`${p("avgPrice")}`,
      fee: slot<Decimal>("fee"),
      noTraceSince: sql`${p("noTraceSince")}`,
      // No answer to keep (a reconciliation): the one stored stays.
      venueResponse: sql`coalesce(${p("venueResponse")}, ${orders.venueResponse})`,
      updatedAt: slot<Date>("now"),
    })
    .where(eq(orders.id, p("id")))
    .returning();
const settledOfToken = (db: Queryable) =>
  db
    .select(getTableColumns(fills))
    .from(fills)
    .innerJoin(orders, eq(orders.id, fills.orderId))
    .where(and(eq(orders.mode, p("mode")), eq(orders.tokenId, p("tokenId")), eq(fills.status, "confirmed")));
const positionOfToken = (db: Queryable) =>
  db
    .select()
    .from(positions)
    .where(and(eq(positions.mode, p("mode")), eq(positions.tokenId, p("tokenId"))));
const positionTotalsUpdate = (db: Queryable) =>
  db
    .update(positions)
    .set({ size: slot<Decimal>("size"), cost: slot<Decimal>("cost"), fees: slot<Decimal>("fees"), updatedAt: slot<Date>("now") })
    .where(eq(positions.id, p("id")))
    .returning();
const positionInsert = (db: Queryable) =>
  db
    .insert(positions)
    .values({
      mode: p("mode"),
      tokenId: p("tokenId"),
      conditionId: p("conditionId"),
      marketSlug: p("marketSlug"),
      outcome: p("outcome"),
      size: p("size"),
      cost: p("cost"),
      fees: p("fees"),
      status: "open",
      resolvesAt: sql`${p("resolvesAt")}`,
      openedAt: p("now"),
      updatedAt: p("now"),
    })
    .returning();

/** Applies an executor's answer (or a reconciliation's finding) to the order, its fills and the position. */
export function recordExecution(db: Queryable, order: Order, execution: Execution, now: Date, venueResponse?: unknown): RecordedExecution {
  const reversed: Fill[] = [];
  for (const draft of execution.fills) {
    const previous = upsertFill(db, order, draft, now);
    if (previous && previous.status !== "failed" && draft.status === "failed") reversed.push(previous);
  }
  const all = prepared(db, fillsOfOrder).all({ orderId: order.id });
  const live = all.filter((fill) => fill.status !== "failed");
  let status: OrderStatus = execution.status;
  let reason = execution.reason ?? null;
  if (all.length > 0 && live.length === 0) {
    status = "failed";
    reason = `ghost fill: the venue reported trade${all.length > 1 ? "s" : ""} ${all.map((fill) => fill.tradeId).join(", ")} matched, then failed; reversed`;
  } else if (reversed.length > 0 && status === "filled") status = "partial";
  const totals = fillTotals(live);
  const updated = prepared(db, executionUpdate).get({
    id: order.id,
    status,
    reason,
    venueOrderId: execution.venueOrderId ?? order.venueOrderId,
    filledSize: totals.size,
    avgPrice: totals.size.gt(ZERO) ? moneyText(totals.cost.dividedBy(totals.size).toDecimalPlaces(6)) : null,
    fee: totals.fee,
    noTraceSince: (execution.noTraceSince === undefined ? order.noTraceSince : execution.noTraceSince)?.getTime() ?? null,
    venueResponse: venueResponse === undefined || venueResponse === null ? null : JSON.stringify(venueResponse),
    now,
  })!;
  rebuildPosition(db, updated, now);
  return { order: updated, fills: all, reversed };
}

function upsertFill(db: Queryable, order: Order, draft: FillDraft, now: Date): Fill | undefined {
  const previous = prepared(db, fillByTradeId).get({ tradeId: draft.fillId });
  if (previous) {
    // Statuses only move forward, except to failed (a ghost fill).
    if (previous.status !== draft.status && previous.status !== "confirmed" && previous.status !== "failed") {
      prepared(db, fillStatusUpdate).run({ id: previous.id, status: draft.status, now });
    }
    return previous;
  }
  prepared(db, fillInsert).run({
    orderId: order.id,
    tradeId: draft.fillId,
    tokenId: order.tokenId,
    price: draft.price,
    size: draft.size,
    fee: draft.fee,
    status: draft.status,
    now,
  });
  return undefined;
}

/** Settled fills of a token in a mode. */
function settledFills(db: Queryable, mode: TradeMode, tokenId: string): Fill[] {
  return prepared(db, settledOfToken).all({ mode, tokenId });
}

/** Recomputes the order's token position from its settled fills (never incrementally). */
function rebuildPosition(db: Queryable, order: Order, now: Date): Position | undefined {
  const mode = order.mode;
  const settled = settledFills(db, mode, order.tokenId);
  const existing = prepared(db, positionOfToken).get({ mode, tokenId: order.tokenId });
  if (settled.length === 0 && !existing) return undefined;
  const totals = fillTotals(settled);
  if (existing) return prepared(db, positionTotalsUpdate).get({ id: existing.id, size: totals.size, cost: totals.cost, fees: totals.fee, now });
  const end = typeof order.intent?.end === "string" ? Date.parse(order.intent.end) : null;
  return prepared(db, positionInsert).get({
    mode,
    tokenId: order.tokenId,
    conditionId: order.conditionId,
    marketSlug: order.marketSlug,
    outcome: order.outcome,
    size: totals.size,
    cost: totals.cost,
    fees: totals.fee,
    resolvesAt: end,
    now,
  });
}

export function fillsOf(db: Queryable, orderIds: number[]): Fill[] {
  if (orderIds.length === 0) return [];
  return db.select().from(fills).where(inArray(fills.orderId, orderIds)).all();
}

/** Open positions of a mode (of one market when given). */
export function openPositions(db: Queryable, mode: TradeMode, conditionId?: string): Position[] {
  const market = conditionId === undefined ? [] : [eq(positions.conditionId, conditionId)];
  return db
    .select()
    .from(positions)
    .where(and(eq(positions.mode, mode), eq(positions.status, "open"), ...market))
    .all();
}

/** Paper orders left `pending` (interrupted before their fill was recorded; nothing reached a book) marked failed with `reason`. */
export function failPendingPaper(store: Store, reason: string, now: Date): RecordedExecution[] {
  const pending = store.db
    .select()
    .from(orders)
    .where(and(eq(orders.mode, "paper"), eq(orders.status, "pending")))
    .all();
  return pending.map((order) => withTransaction(store, (tx) => recordExecution(tx, order, { status: "failed", reason, fills: [] }, now)));
}
