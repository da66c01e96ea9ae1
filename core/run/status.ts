/**
 * `pm-arb run --status`: the loop's heartbeat turned into `status` records, and the cron watchdog
 * (`--alert-if-stale SECONDS`) that alerts when a loop that should be running is not. A loop that
 * a person stopped (`pm-arb stop`, a signal, `--once`, `--duration`) is `stopped` and is not
 * alerted on; one that crashed, was killed, or froze is.
 */
import type { Alerter } from "../alerts/alerter.ts";
import { alerts } from "../alerts/catalog.ts";
import type { StatusRecord } from "../records/status.ts";
import type { SummaryRecord } from "../records/summary.ts";
import type { Queryable } from "../store/tx.ts";
import { readKillSwitch } from "./kill-switch.ts";
import { HEARTBEAT_MODES, type HeartbeatValue, pidAlive, type RunMode, readHeartbeat, thisHost } from "./loop-heartbeat.ts";

export type StatusFields = Omit<StatusRecord, "type" | "v" | "ts">;

/** A heartbeat older than this is stale when no threshold is given (the loop beats every 2 s). */
export const DEFAULT_STALE_MS = 15_000;

export type StatusContext = { now: Date; staleMs?: number; host?: string; isAlive?: (pid: number) => boolean };

export function statusOf(mode: RunMode | null, heartbeat: { value: HeartbeatValue; updatedAt: Date } | undefined, db: Queryable | undefined, context: StatusContext): StatusFields {
  const staleMs = context.staleMs ?? DEFAULT_STALE_MS;
  const kill = db ? readKillSwitch(db) : undefined;
  const killSwitch = kill ? { reason: kill.reason, since: kill.since, by: kill.by ?? null } : null;
  const hb = heartbeat?.value;
  const age = hb ? Math.max(0, context.now.getTime() - Date.parse(hb.beat_at)) : null;
  const processGone = hb !== undefined && hb.host === (context.host ?? thisHost()) && !(context.isAlive ?? pidAlive)(hb.pid);
  let state: StatusFields["state"];
  if (!hb) state = "never_run";
  else if (hb.stopped_at) state = hb.crashed ? "crashed" : "stopped";
  else if (age! > staleMs) state = "stale";
  else if (processGone) state = "dead";
  else state = "running";
  return {
    mode: hb?.mode ?? mode,
    state,
    alive: state === "running",
    pid: hb?.pid ?? null,
    host: hb?.host || null,
    started_at: hb?.started_at ?? null,
    heartbeat_at: hb?.beat_at ?? null,
    heartbeat_age_ms: age,
    stale_after_ms: staleMs,
    stopped_at: hb?.stopped_at ?? null,
    stop_reason: hb?.stop_reason ?? null,
    symbols: hb?.symbols ?? [],
    markets: hb?.markets ?? 0,
    last_tick_at: hb?.last_tick_at ?? null,
    last_opportunity_at: hb?.last_opportunity_at ?? null,
    last_order_at: hb?.last_order_at ?? null,
    last_order: hb?.last_order ?? null,
    last_error: hb?.last_error ?? null,
    counts: { ...hb?.counts },
    feeds: Object.entries(hb?.feeds ?? {})
      .map(([feed, health]) => ({
        feed,
        status: health.status,
        since: health.since,
        reason: health.reason ?? null,
        last_data_at: health.last_data_at ?? null,
        markets: health.markets ?? null,
        downs: health.downs ?? 0,
      }))
      .sort((a, b) => a.feed.localeCompare(b.feed)),
    lag: hb?.lag ?? [],
    kill_switch: killSwitch,
  };
}

/** One status per mode with a heartbeat; a single `never_run` when there is none. */
export function loopStatuses(db: Queryable, context: StatusContext, modes: readonly RunMode[] = HEARTBEAT_MODES): StatusFields[] {
  const found = modes.map((mode) => ({ mode, heartbeat: readHeartbeat(db, mode) })).filter((entry) => entry.heartbeat);
  if (found.length === 0) return [statusOf(modes.length === 1 ? modes[0]! : null, undefined, db, context)];
  return found.map((entry) => statusOf(entry.mode, entry.heartbeat, db, context));
}

/** The short form of one mode's status for the `summary` record (`positions --summary`); null before any loop ran. */
export function loopSummary(db: Queryable, mode: RunMode, context: StatusContext): NonNullable<SummaryRecord["loop"]> | null {
  const status = loopStatuses(db, context, [mode])[0]!;
  if (status.state === "never_run") return null;
  const { state, alive, pid, started_at, heartbeat_at, last_tick_at, last_order_at, last_order, last_error } = status;
  return { state, alive, pid: pid!, started_at: started_at!, heartbeat_at: heartbeat_at!, last_tick_at, last_order_at, last_order, last_error };
}

/** States the watchdog alerts on: the loop should be running and is not. */
export function needsAlert(status: StatusFields): boolean {
  return status.state === "stale" || status.state === "dead" || status.state === "crashed" || status.state === "never_run";
}

/**
 * The watchdog: alerts (critical) for every status that needs it and returns whether any did.
 * A crash is alerted under the loop's own crash key, so the loop's alert and the watchdog's fold.
 */
export async function watchdog(statuses: StatusFields[], alerter: Alerter): Promise<boolean> {
  let unhealthy = false;
  for (const status of statuses) {
    if (!needsAlert(status)) continue;
    unhealthy = true;
    const mode = status.mode ?? "paper";
    const input =
      status.state === "crashed"
        ? alerts.loopCrashed(mode, status.last_error?.message ?? status.stop_reason ?? "crashed")
        : status.state === "never_run"
          ? { ...alerts.loopStale(mode, 0, undefined), message: "no run loop has ever written a heartbeat to this store. Start one with pm-arb run." }
          : alerts.loopStale(mode, status.heartbeat_age_ms ?? 0, status.pid ?? undefined, status.last_error?.message);
    await alerter.send(input);
  }
  return unhealthy;
}
