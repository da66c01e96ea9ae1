/**
 * The dashboard's "right now": each loop's status (alive, feeds, lag, counts — the same fields as
 * `run --status`), the kill switch, open positions with their last marks, orders still open or of
 * unknown fate, and the latest alerts. Alerts are shown by title and message only: their per-channel
 * results can hold a webhook's answer, which is not the page's to show.
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import { recentAlerts } from "../alerts/store.ts";
import { ZERO } from "../decimal.ts";
import { UNRESOLVED } from "../ledger/ledger.ts";
import { unrealisedOf } from "../positions/mark.ts";
import { readKillSwitch } from "../run/kill-switch.ts";
import { loopStatuses } from "../run/status.ts";
import { type Mode, orders, positions } from "../store/schema.ts";
import type { Queryable } from "../store/tx.ts";

const SHOWN_ALERTS = 20;

export function liveSection(db: Queryable, mode: Mode, now: Date) {
  const kill = readKillSwitch(db);
  const open = db
    .select()
    .from(positions)
    .where(and(eq(positions.mode, mode), eq(positions.status, "open")))
    .orderBy(positions.openedAt)
    .all()
    .filter((position) => position.size.gt(ZERO));
  const working = db
    .select()
    .from(orders)
    .where(and(eq(orders.mode, mode), inArray(orders.status, UNRESOLVED)))
    .orderBy(desc(orders.createdAt))
    .all();
  return {
    loops: loopStatuses(db, { now }),
    kill_switch: kill ? { reason: kill.reason, since: kill.since, by: kill.by ?? null } : null,
    open_positions: open.map((position) => ({
      slug: position.marketSlug,
      outcome: position.outcome,
      size: position.size.toString(),
      cost: position.cost.toString(),
      fees: position.fees.toString(),
      mark_price: position.markPrice?.toString() ?? null,
      marked_at: position.markedAt?.toISOString() ?? null,
      unrealised_pnl: unrealisedOf(position)?.toDecimalPlaces(6).toString() ?? null,
    })),
    open_orders: working.map((order) => ({
      client_order_id: order.clientOrderId,
      slug: order.marketSlug,
      outcome: order.outcome,
      status: order.status,
      limit_price: order.limitPrice.toString(),
      size: order.size.toString(),
      created_at: order.createdAt.toISOString(),
      reason: order.reason,
    })),
    alerts: recentAlerts(db, SHOWN_ALERTS).map((alert) => ({ at: alert.createdAt.toISOString(), priority: alert.priority, title: alert.title, message: alert.message })),
  };
}
