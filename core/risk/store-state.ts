/**
 * The guardian's state, read from the store for one mode (paper and live books never mix), so
 * separate invocations see the same limits; the high-water mark is raised here when equity is above
 * it. At risk per market: open positions at cost plus fees, the whole reserve (max cost) of every
 * order whose outcome is not final, and fills of final orders still on their way to settlement.
 *
 * Every read is an indexed SQL query that selects only the rows that still matter — a handful,
 * however long the history. The one sum over the whole history, realised P&L, is SQLite's, over
 * exact integer micro-units kept in an index (REALISED_MICROS in the schema).
 */
import { and, eq, gte, inArray, notInArray, sql } from "drizzle-orm";
import { Decimal, ZERO } from "../decimal.ts";
import { buyCost } from "../ledger/amounts.ts";
import type { TradeMode } from "../ledger/client-order-id.ts";
import { UNRESOLVED, UNSETTLED_FILLS } from "../ledger/ledger.ts";
import { parseJson } from "../safe-parse.ts";
import type { StoreDb } from "../store/open.ts";
import { prepared } from "../store/prepared.ts";
import { fills, orders, positions, REALISED_MICROS, state } from "../store/schema.ts";
import type { Queryable } from "../store/tx.ts";
import type { RiskLimits } from "./limits.ts";
import { equity, type RiskState } from "./state.ts";
import { haltKey, highWaterMarkFrom, hwmKey, KILL_SWITCH_KEY, setHighWaterMark, stopFrom, UNREADABLE_HALT, UNREADABLE_KILL_SWITCH } from "./stops.ts";

export function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

const p = sql.placeholder;

/** The read's statements, prepared once per connection. */
const riskReads = {
  openPositions: (db: Queryable) =>
    db
      .select({ conditionId: positions.conditionId, tokenId: positions.tokenId, size: positions.size, cost: positions.cost, fees: positions.fees, markPrice: positions.markPrice })
      .from(positions)
      .where(and(eq(positions.mode, p("mode")), eq(positions.status, "open"))),
  unresolvedOrders: (db: Queryable) =>
    db
      .select({ conditionId: orders.conditionId, tokenId: orders.tokenId, maxCost: orders.maxCost, size: orders.size, limitPrice: orders.limitPrice })
      .from(orders)
      .where(and(eq(orders.mode, p("mode")), inArray(orders.status, UNRESOLVED))),
  settlingFills: (db: Queryable) =>
    db
      .select({ conditionId: orders.conditionId, tokenId: orders.tokenId, size: fills.size, price: fills.price, fee: fills.fee })
      // CROSS JOIN keeps fills the outer loop: SQLite (no statistics) would walk the mode's orders.
      .from(fills)
      .crossJoin(orders)
      .where(and(inArray(fills.status, UNSETTLED_FILLS), eq(orders.id, fills.orderId), eq(orders.mode, p("mode")), notInArray(orders.status, UNRESOLVED))),
  // Integer sums as text: exact whatever their size.
  realised: (db: Queryable) =>
    db
      .select({
        total: sql<string>`CAST(coalesce(sum(${REALISED_MICROS}), 0) AS TEXT)`,
        today: sql<string>`CAST(coalesce(sum(${REALISED_MICROS}) FILTER (WHERE ${positions.closedAt} >= ${p("dayStart")}), 0) AS TEXT)`,
      })
      .from(positions)
      .where(eq(positions.mode, p("mode"))),
  recentOrders: (db: Queryable) =>
    db
      .select({ conditionId: orders.conditionId, at: sql<number>`max(${orders.createdAt})` })
      .from(orders)
      .where(and(gte(orders.createdAt, p("since")), eq(orders.mode, p("mode"))))
      .groupBy(orders.conditionId),
  // The raw text: a value that is not JSON still reads, and stops trading (stopFrom).
  stops: (db: Queryable) =>
    db
      .select({ key: state.key, value: sql<string>`${state.value}` })
      .from(state)
      .where(inArray(state.key, [p("kill"), p("halt"), p("hwm")])),
};

/** SQLite's plan for each read (EXPLAIN QUERY PLAN), for the test and the bench that hold them to indexes. */
export function riskReadPlans(db: StoreDb): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(riskReads).map(([name, build]) => {
      const query = build(db).toSQL();
      const plan = db.$client.query<{ detail: string }, never[]>(`EXPLAIN QUERY PLAN ${query.sql}`).all(...(query.params.map(() => null) as never[]));
      return [name, plan.map((row) => row.detail)];
    }),
  );
}

const MICRO = new Decimal(1_000_000);

const jsonOrNull = (text: string) => {
  const json = parseJson(text);
  return json.ok ? json.value : null;
};

/** The guardian's state for `mode`, read in one snapshot (the caller's transaction when there is one). */
export function loadRiskState(db: Queryable, mode: TradeMode, limits: RiskLimits, now: Date): RiskState {
  const inTransaction = "nestedIndex" in db || (db as StoreDb).$client.inTransaction;
  const base = inTransaction ? read(db, mode, limits, now) : (db as StoreDb).transaction(() => read(db, mode, limits, now), { behavior: "deferred" });
  const current = equity(base, limits);
  if (!current.gt(base.highWaterMark)) return base;
  setHighWaterMark(db, mode, current, now);
  return { ...base, highWaterMark: current };
}

function read(db: Queryable, mode: TradeMode, limits: RiskLimits, now: Date): RiskState {
  const exposure = new Map<string, Decimal>();
  const openTokens = new Set<string>();
  const hold = (conditionId: string, tokenId: string, amount: Decimal) => {
    exposure.set(conditionId, (exposure.get(conditionId) ?? ZERO).plus(amount));
    openTokens.add(tokenId);
  };
  let unrealisedPnl = ZERO;
  for (const row of prepared(db, riskReads.openPositions).all({ mode })) {
    if (!row.size.gt(ZERO)) continue;
    const amount = row.cost.plus(row.fees);
    hold(row.conditionId, row.tokenId, amount);
    if (row.markPrice) unrealisedPnl = unrealisedPnl.plus(row.size.times(row.markPrice).minus(amount));
  }
  // Older rows without a max cost reserve size × limit × 2: generous, never too little.
  for (const row of prepared(db, riskReads.unresolvedOrders).all({ mode })) hold(row.conditionId, row.tokenId, row.maxCost ?? row.size.times(row.limitPrice).times(2));
  for (const row of prepared(db, riskReads.settlingFills).all({ mode })) hold(row.conditionId, row.tokenId, buyCost(row.size, row.price).plus(row.fee));
  const realised = prepared(db, riskReads.realised).get({ mode, dayStart: startOfUtcDay(now).getTime() })!;
  const recent = prepared(db, riskReads.recentOrders).all({ mode, since: now.getTime() - limits.cooldownMs });
  const stops = new Map(
    prepared(db, riskReads.stops)
      .all({ kill: KILL_SWITCH_KEY, halt: haltKey(mode), hwm: hwmKey(mode) })
      // Text that is not JSON reads as null: a stop then fails closed.
      .map((row) => [row.key, jsonOrNull(row.value)]),
  );
  return {
    exposureByMarket: exposure,
    openTokens,
    realisedPnl: new Decimal(realised.total).dividedBy(MICRO),
    realisedPnlToday: new Decimal(realised.today).dividedBy(MICRO),
    unrealisedPnl,
    highWaterMark: highWaterMarkFrom(stops.get(hwmKey(mode))) ?? limits.bankroll,
    lastOrderAt: new Map(recent.map((row) => [row.conditionId, row.at])),
    killSwitch: stopFrom(stops.get(KILL_SWITCH_KEY), UNREADABLE_KILL_SWITCH),
    halt: stopFrom(stops.get(haltKey(mode)), UNREADABLE_HALT),
  };
}
