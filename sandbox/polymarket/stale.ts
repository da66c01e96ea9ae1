/**
 * The `clob:stale-book` fault: while it is on, the public books (REST and the market channel)
 * stop updating — every read shows the book as it was when the fault was added (or first seen),
 * timestamp and all. Removing the fault brings the live books back.
 */
import type { SandboxInstance } from "../server.ts";

const frozenAt = new WeakMap<SandboxInstance, number>();

/** The simulated time the public book views should show. */
export function bookViewTime(app: SandboxInstance): number {
  const now = app.clock.now();
  const fault = app.faults.active("clob", "stale-book");
  if (!fault) {
    frozenAt.delete(app);
    return now;
  }
  const frozen = (fault as { addedAt?: number }).addedAt ?? frozenAt.get(app) ?? now;
  frozenAt.set(app, frozen);
  return Math.min(frozen, now);
}
