/**
 * The guardian's state, read from the store for one mode (paper and live books never mix), so
 * separate invocations see the same limits:
 * - at risk per market: open positions at cost plus fees, fills still on their way to settlement,
 *   and the whole max cost of every order whose outcome is not final (pending, uncertain, open);
 * - tokens held or on order; realised P&L in total and for today (UTC, by settlement time);
 * - unrealised P&L at the last mark; the high-water mark (raised here when equity is above it);
 * - the last order time per market; the kill switch and the drawdown halt.
 */
import { and, eq, inArray } from "drizzle-orm";
import { Decimal, ZERO } from "../decimal.ts";
import { UNRESOLVED, UNSETTLED_FILLS } from "../positions/ledger.ts";
import { fills, orders, positions } from "../store/schema.ts";
import type { Queryable } from "../store/tx.ts";
import { buyCost } from "../trade/amounts.ts";
import type { TradeMode } from "../trade/client-order-id.ts";
import type { RiskLimits } from "./limits.ts";
import { equity, type RiskState } from "./state.ts";
import { getHalt, getHighWaterMark, getKillSwitch, setHighWaterMark } from "./stops.ts";

export function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

export function loadRiskState(db: Queryable, mode: TradeMode, limits: RiskLimits, now: Date): RiskState {
  const exposure = new Map<string, Decimal>();
  const openTokens = new Set<string>();
  const add = (market: string, amount: Decimal) => exposure.set(market, (exposure.get(market) ?? ZERO).plus(amount));

  let realised = ZERO;
  let realisedToday = ZERO;
  let unrealised = ZERO;
  const dayStart = startOfUtcDay(now).getTime();
  for (const position of db.select().from(positions).where(eq(positions.mode, mode)).all()) {
    realised = realised.plus(position.realisedPnl);
    if (position.closedAt && position.closedAt.getTime() >= dayStart) realisedToday = realisedToday.plus(position.realisedPnl);
    if (position.status !== "open" || !position.size.gt(ZERO)) continue;
    add(position.conditionId, position.cost.plus(position.fees));
    openTokens.add(position.tokenId);
    if (position.markPrice) unrealised = unrealised.plus(position.size.times(position.markPrice).minus(position.cost).minus(position.fees));
  }

  const lastOrderAt = new Map<string, number>();
  const modeOrders = db.select().from(orders).where(eq(orders.mode, mode)).all();
  for (const order of modeOrders) {
    const at = order.createdAt.getTime();
    if ((lastOrderAt.get(order.conditionId) ?? -Infinity) < at) lastOrderAt.set(order.conditionId, at);
    if (UNRESOLVED.includes(order.status)) {
      // Older rows without a max cost reserve size × limit × 2: generous, never too little.
      add(order.conditionId, order.maxCost ?? order.size.times(order.limitPrice).times(2));
      openTokens.add(order.tokenId);
    }
  }
  const resolved = modeOrders.filter((order) => !UNRESOLVED.includes(order.status));
  const byId = new Map(resolved.map((order) => [order.id, order]));
  if (byId.size > 0) {
    const pending = db
      .select()
      .from(fills)
      .where(and(inArray(fills.orderId, [...byId.keys()]), inArray(fills.status, UNSETTLED_FILLS)))
      .all();
    for (const fill of pending) {
      const order = byId.get(fill.orderId)!;
      add(order.conditionId, buyCost(fill.size, fill.price).plus(fill.fee));
      openTokens.add(order.tokenId);
    }
  }

  const base: RiskState = {
    exposureByMarket: exposure,
    openTokens,
    realisedPnl: realised,
    realisedPnlToday: realisedToday,
    unrealisedPnl: unrealised,
    highWaterMark: limits.bankroll,
    lastOrderAt,
    killSwitch: getKillSwitch(db),
    halt: getHalt(db, mode),
  };
  const stored = getHighWaterMark(db, mode);
  const current = equity(base, limits);
  let hwm = stored ?? limits.bankroll;
  if (current.gt(hwm)) {
    hwm = current;
    setHighWaterMark(db, mode, hwm, now);
  }
  return { ...base, highWaterMark: hwm };
}
