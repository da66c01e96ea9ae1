/**
 * The loop's heartbeat: a small JSON value in the store's state KV (`run:heartbeat:<mode>`),
 * rewritten every few seconds, saying the loop is alive, since when, in which mode, its pid (so
 * `pm-arb stop` can signal it), its last tick, order and error, each feed's state and the measured
 * lag per symbol and series. A clean stop writes `stopped_at` and the reason; a crash writes the
 * error; a SIGKILL writes nothing, and the heartbeat simply grows old — which is what the cron
 * watchdog (`pm-arb run --status --alert-if-stale 120`) looks for.
 */
import { hostname } from "node:os";
import { getStateEntry, type Queryable, setState } from "../store/tx.ts";
import type { LagSummary } from "./lag.ts";

export type RunMode = "paper" | "live";

const heartbeatKey = (mode: RunMode) => `run:heartbeat:${mode}`;
export const HEARTBEAT_MODES: readonly RunMode[] = ["paper", "live"];

export type FeedHealth = {
  /** up: data flowing; down: silent, dropped or failing (its markets are not traded). */
  status: "up" | "down" | "connecting";
  since: string;
  reason?: string;
  last_data_at?: string;
  /** Markets whose trading depends on this feed. */
  markets?: number;
  /** Times it has gone down since the loop started. */
  downs?: number;
};

export type HeartbeatValue = {
  pid: number;
  host: string;
  mode: RunMode;
  started_at: string;
  beat_at: string;
  /** Set by a clean exit (stop, signal, --once, --duration) or a crash. */
  stopped_at?: string;
  stop_reason?: string;
  crashed?: boolean;
  symbols: string[];
  markets: number;
  last_tick_at?: string;
  last_opportunity_at?: string;
  last_order_at?: string;
  last_order?: { client_order_id: string; slug: string; status: string };
  last_error?: { at: string; message: string };
  counts: { ticks: number; book_updates: number; opportunities: number; decisions: number; orders: number; fills: number; settled: number; alerts: number };
  feeds: Record<string, FeedHealth>;
  lag: LagSummary[];
};

export function writeHeartbeat(db: Queryable, value: HeartbeatValue, now: Date): void {
  setState(db, heartbeatKey(value.mode), value, now);
}

function asHeartbeat(value: unknown): HeartbeatValue | undefined {
  if (!value || typeof value !== "object") return undefined;
  const record = value as Partial<HeartbeatValue>;
  if (typeof record.pid !== "number" || typeof record.beat_at !== "string" || (record.mode !== "paper" && record.mode !== "live")) return undefined;
  return {
    symbols: [],
    markets: 0,
    counts: { ticks: 0, book_updates: 0, opportunities: 0, decisions: 0, orders: 0, fills: 0, settled: 0, alerts: 0 },
    feeds: {},
    lag: [],
    host: "",
    started_at: record.beat_at,
    ...record,
  } as HeartbeatValue;
}

/** The heartbeat of `mode`, with when it was last written (the row's own time). */
export function readHeartbeat(db: Queryable, mode: RunMode): { value: HeartbeatValue; updatedAt: Date } | undefined {
  const entry = getStateEntry(db, heartbeatKey(mode));
  if (!entry) return undefined;
  const value = asHeartbeat(entry.value);
  return value ? { value, updatedAt: entry.updatedAt } : undefined;
}

export function thisHost(): string {
  return hostname();
}

/** Whether a process with this pid exists (on this host). */
export function pidAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
