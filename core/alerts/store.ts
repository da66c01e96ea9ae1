/**
 * The alerts table: one row per alert that was not folded into an earlier one, with what each
 * channel did. The latest row per key is what de-duplicates across processes (a cron watchdog runs
 * as a new process every minute and must not alert every minute).
 */
import { and, desc, eq, gte } from "drizzle-orm";
import { alerts } from "../store/schema.ts";
import type { Queryable } from "../store/tx.ts";
import type { AlertMessage } from "./types.ts";

export function insertAlert(db: Queryable, message: AlertMessage, channels: Record<string, unknown>): number {
  const row = db
    .insert(alerts)
    .values({ key: message.key, priority: message.priority, title: message.title, message: message.message, channels, createdAt: message.at })
    .returning({ id: alerts.id })
    .get();
  return row.id;
}

export function updateAlertChannels(db: Queryable, id: number, channels: Record<string, unknown>): void {
  db.update(alerts).set({ channels }).where(eq(alerts.id, id)).run();
}

/** When an alert under `key` was last recorded at or after `since`, if it was. */
export function lastAlertAt(db: Queryable, key: string, since: Date): Date | undefined {
  const row = db
    .select({ createdAt: alerts.createdAt })
    .from(alerts)
    .where(and(eq(alerts.key, key), gte(alerts.createdAt, since)))
    .orderBy(desc(alerts.createdAt))
    .limit(1)
    .get();
  return row?.createdAt;
}

export function recentAlerts(db: Queryable, limit = 50) {
  return db.select().from(alerts).orderBy(desc(alerts.createdAt), desc(alerts.id)).limit(limit).all();
}
