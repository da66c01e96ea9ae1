/**
 * The store's tables; migrations in `drizzle/` are generated from this file and committed. Money is
 * TEXT ↔ Decimal, times INTEGER ms ↔ Date; enum columns carry a CHECK so a typo in a status can
 * never be written. Every order and position row carries its `mode`: paper and live never mix.
 */
import { type SQL, sql } from "drizzle-orm";
import { check, index, integer, type SQLiteColumn, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { ZERO } from "../decimal.ts";
import { jsonText, money, timestamp } from "./types.ts";

export const MODES = ["paper", "live"] as const;
export const SIDES = ["BUY", "SELL"] as const;
/** FOK: all or nothing now; FAK: what fills now, rest cancelled; GTC/GTD: rests on the book. */
export const ORDER_TYPES = ["FOK", "FAK", "GTC", "GTD"] as const;
/**
 * pending: intent recorded, not yet sent (the idempotency key exists before any I/O);
 * open: resting on the book; partial: partly filled, still working or done;
 * filled / cancelled / rejected (venue said no) / failed (never reached the venue, or judged not placed
 * by reconciliation — see `noTraceSince`);
 * uncertain: sent, but the outcome is unknown (timeout) — reconcile before trading that market again.
 */
export const ORDER_STATUSES = ["pending", "open", "partial", "filled", "cancelled", "rejected", "failed", "uncertain"] as const;
/** Polymarket trade states; a fill that ends `failed` was reversed on chain (a ghost fill). */
export const FILL_STATUSES = ["matched", "mined", "confirmed", "retrying", "failed"] as const;
export const POSITION_STATUSES = ["open", "closed", "settled"] as const;

export type Mode = (typeof MODES)[number];
export type Side = (typeof SIDES)[number];
export type OrderType = (typeof ORDER_TYPES)[number];
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type FillStatus = (typeof FILL_STATUSES)[number];

function oneOf(name: string, column: SQLiteColumn, values: readonly string[]) {
  const list: SQL = sql.raw(values.map((value) => `'${value}'`).join(", "));
  return check(name, sql`${column} IN (${list})`);
}

const now = () => new Date();
/** A money column that starts at 0. */
const zeroMoney = (name: string) =>
  money(name)
    .notNull()
    .$defaultFn(() => ZERO);

/** Opportunities seen by scan/run; `payload` is the whole opportunity record as emitted. */
export const opportunities = sqliteTable(
  "opportunities",
  {
    id: text("id").primaryKey(),
    seenAt: timestamp("seen_at").notNull(),
    conditionId: text("condition_id").notNull(),
    marketSlug: text("market_slug"),
    tokenId: text("token_id"),
    outcome: text("outcome").notNull(),
    netEdge: money("net_edge").notNull(),
    payload: text("payload", { mode: "json" }).$type<unknown>().notNull(),
  },
  (t) => [index("opportunities_seen_at_idx").on(t.seenAt), index("opportunities_condition_idx").on(t.conditionId)],
);

/** One row per order intent, paper or live, from the moment it is planned. */
export const orders = sqliteTable(
  "orders",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** The idempotency key, set on the intent before any I/O; also sent to the venue where supported. */
    clientOrderId: text("client_order_id").notNull().unique(),
    /** Soft reference to opportunities.id (the opportunity may only exist on stdin). */
    opportunityId: text("opportunity_id"),
    conditionId: text("condition_id").notNull(),
    marketSlug: text("market_slug"),
    tokenId: text("token_id").notNull(),
    outcome: text("outcome").notNull(),
    side: text("side", { enum: SIDES }).notNull(),
    orderType: text("order_type", { enum: ORDER_TYPES }).notNull(),
    limitPrice: money("limit_price").notNull(),
    /** Shares. */
    size: money("size").notNull(),
    status: text("status", { enum: ORDER_STATUSES }).notNull().default("pending"),
    mode: text("mode", { enum: MODES }).notNull(),
    venueOrderId: text("venue_order_id").unique(),
    /** Why it was rejected/failed/cancelled, or the venue's error message. */
    reason: text("reason"),
    filledSize: zeroMoney("filled_size"),
    avgPrice: money("avg_price"),
    fee: zeroMoney("fee"),
    /** The venue's raw answer (JSON text), kept for reconciling `uncertain` orders. */
    venueResponse: text("venue_response", { mode: "json" }).$type<unknown>(),
    /** Collateral to spend: a marketable BUY's maker amount (core/ledger/intent.ts). */
    budget: money("budget"),
    /** Most the order can commit, fee included: reserved as exposure while the order is unresolved. */
    maxCost: money("max_cost"),
    /** The venue order id (order hash) computed before sending, so reconciliation can find it. */
    expectedOrderId: text("expected_order_id"),
    /** The rest of the intent: fee schedule, tick, minimum size, neg-risk, end, taker amount, adjustments. */
    intent: text("intent", { mode: "json" }).$type<Record<string, unknown>>(),
    /** When the order was handed to the venue (unset: never sent). */
    sentAt: timestamp("sent_at"),
    /**
     * Venue time of the first reconciliation that found no trace of the order (not by its hash, not
     * among trades or open orders). Set while its absence is watched: an unresolved order is judged
     * not placed only a grace period of venue time later, and a `failed` one judged so is still
     * watched for a late fill until its market closes (core/trade/reconcile.ts). Unset otherwise.
     */
    noTraceSince: timestamp("no_trace_since"),
    createdAt: timestamp("created_at").notNull().$defaultFn(now),
    updatedAt: timestamp("updated_at").notNull().$defaultFn(now).$onUpdateFn(now),
  },
  (t) => [
    index("orders_status_idx").on(t.mode, t.status),
    index("orders_token_idx").on(t.tokenId),
    // The newest order per market within the cooldown (core/risk/store-state.ts).
    index("orders_mode_created_idx").on(t.mode, t.createdAt),
    oneOf("orders_side_check", t.side, SIDES),
    oneOf("orders_type_check", t.orderType, ORDER_TYPES),
    oneOf("orders_status_check", t.status, ORDER_STATUSES),
    oneOf("orders_mode_check", t.mode, MODES),
  ],
);

/** Executions against an order. Ghost fills are kept with status `failed` and reversed in positions. */
export const fills = sqliteTable(
  "fills",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id),
    /** The venue's trade id (paper: generated); unique, so replaying a trade feed is harmless. */
    tradeId: text("trade_id").notNull().unique(),
    tokenId: text("token_id").notNull(),
    side: text("side", { enum: SIDES }).notNull(),
    price: money("price").notNull(),
    size: money("size").notNull(),
    fee: zeroMoney("fee"),
    status: text("status", { enum: FILL_STATUSES }).notNull().default("matched"),
    /** When the venue matched it. */
    ts: timestamp("ts").notNull(),
    updatedAt: timestamp("updated_at").notNull().$defaultFn(now).$onUpdateFn(now),
  },
  (t) => [
    index("fills_order_idx").on(t.orderId),
    index("fills_ts_idx").on(t.ts),
    // The few fills still on their way to settlement, found without reading the settled history.
    index("fills_status_idx").on(t.status),
    oneOf("fills_side_check", t.side, SIDES),
    oneOf("fills_status_check", t.status, FILL_STATUSES),
  ],
);

/**
 * A position's realised P&L in micro-units (10^-6, the venue's unit) as an exact integer, for SQL to
 * sum: SQLite adds decimal text as doubles, integers exactly. Made from the text's digits (the
 * fraction padded to six places, the point removed), never through a double. Exact because every
 * amount the ledger books is in micro-units or coarser (share sizes, costs rounded up to 10^-6, fees
 * to 10^-5), so payout − cost − fees has at most six decimals (a seventh would be cut off here).
 */
export const REALISED_MICROS = sql`CAST(replace(substr(realised_pnl || iif(instr(realised_pnl, '.'), '000000', '.000000'), 1, instr(realised_pnl || '.', '.') + 6), '.', '') AS INTEGER)`;

/** Net holding per outcome token and mode; `cost` and `fees` are what the open size cost in total. */
export const positions = sqliteTable(
  "positions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    mode: text("mode", { enum: MODES }).notNull(),
    tokenId: text("token_id").notNull(),
    conditionId: text("condition_id").notNull(),
    marketSlug: text("market_slug"),
    outcome: text("outcome").notNull(),
    /** Shares held. */
    size: zeroMoney("size"),
    cost: zeroMoney("cost"),
    fees: zeroMoney("fees"),
    realisedPnl: zeroMoney("realised_pnl"),
    status: text("status", { enum: POSITION_STATUSES }).notNull().default("open"),
    /** When the market resolves (settlement can be checked after this). */
    resolvesAt: timestamp("resolves_at"),
    /** Last mark (best bid) and when it was taken; unrealised P&L = size × mark − cost − fees. */
    markPrice: money("mark_price"),
    markedAt: timestamp("marked_at"),
    /** Settled: what the position paid out (size × 1 for the winner, 0 otherwise). */
    payout: money("payout"),
    openedAt: timestamp("opened_at").notNull().$defaultFn(now),
    closedAt: timestamp("closed_at"),
    updatedAt: timestamp("updated_at").notNull().$defaultFn(now).$onUpdateFn(now),
  },
  (t) => [
    uniqueIndex("positions_mode_token_idx").on(t.mode, t.tokenId),
    index("positions_status_idx").on(t.mode, t.status),
    // Realised P&L, in total and since a time, summed from the index alone (core/risk/store-state.ts).
    index("positions_realised_idx").on(t.mode, t.closedAt, REALISED_MICROS),
    oneOf("positions_mode_check", t.mode, MODES),
    oneOf("positions_status_check", t.status, POSITION_STATUSES),
  ],
);

/** Alerts sent (or attempted); `key` de-duplicates repeats within a window. */
export const alerts = sqliteTable(
  "alerts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    key: text("key").notNull(),
    /** Pushover scale: -2 lowest … 2 emergency. */
    priority: integer("priority").notNull(),
    title: text("title").notNull(),
    message: text("message").notNull(),
    /** Per channel: {"pushover": {"ok": true}, "webhook": {"ok": false, "error": "..."}}. */
    channels: text("channels", { mode: "json" })
      .$type<Record<string, unknown>>()
      .notNull()
      .$defaultFn(() => ({})),
    createdAt: timestamp("created_at").notNull().$defaultFn(now),
  },
  (t) => [index("alerts_key_created_idx").on(t.key, t.createdAt)],
);

/** Small named values: kill switch, high-water mark, heartbeats, locks. `value` is JSON. */
export const state = sqliteTable("state", {
  key: text("key").primaryKey(),
  value: jsonText("value").notNull(),
  updatedAt: timestamp("updated_at").notNull().$defaultFn(now).$onUpdateFn(now),
});

export type Order = typeof orders.$inferSelect;
export type NewOrder = typeof orders.$inferInsert;
export type Fill = typeof fills.$inferSelect;
export type NewFill = typeof fills.$inferInsert;
export type Position = typeof positions.$inferSelect;
export type NewPosition = typeof positions.$inferInsert;
export type Alert = typeof alerts.$inferSelect;
