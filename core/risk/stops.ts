/**
 * The stops a person controls, kept in the store's `state` table so every invocation (cron jobs,
 * a second pipeline, `run`) sees them:
 * - the kill switch (`risk:kill_switch`): no order in any mode while it is set;
 * - the drawdown halt (`risk:halt:<mode>`): set by the guardian's first breach, cleared only by a
 *   person (`pm-arb risk --rearm`), which also resets the high-water mark to today's equity so the
 *   same drawdown does not halt again at once (with no halt, re-arming changes nothing);
 * - the equity high-water mark (`risk:hwm:<mode>`), raised whenever equity is seen above it.
 */
import { Decimal } from "../decimal.ts";
import type { TradeMode } from "../ledger/client-order-id.ts";
import { deleteState, getState, type Queryable, setState } from "../store/tx.ts";
import type { Stop } from "./state.ts";

export const KILL_SWITCH_KEY = "risk:kill_switch";
export const haltKey = (mode: TradeMode) => `risk:halt:${mode}`;
export const hwmKey = (mode: TradeMode) => `risk:hwm:${mode}`;

function asStop(value: unknown): Stop | undefined {
  if (!value || typeof value !== "object") return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.reason !== "string" || typeof record.since !== "string") return undefined;
  return { reason: record.reason, since: record.since };
}

/** A stop's stored value (undefined: no row); a row that cannot be read still stops trading: fail closed. */
export function stopFrom(value: unknown, unreadable: string): Stop | undefined {
  if (value === undefined) return undefined;
  return asStop(value) ?? { reason: unreadable, since: "unknown" };
}

export const UNREADABLE_KILL_SWITCH = "kill switch set (unreadable value)";
export const UNREADABLE_HALT = "halted (unreadable value)";

export function getKillSwitch(db: Queryable): Stop | undefined {
  return stopFrom(getState(db, KILL_SWITCH_KEY), UNREADABLE_KILL_SWITCH);
}

function setStop(db: Queryable, key: string, reason: string, now: Date): Stop {
  const stop = { reason, since: now.toISOString() };
  setState(db, key, stop, now);
  return stop;
}

export function setKillSwitch(db: Queryable, reason: string, now: Date): Stop {
  return setStop(db, KILL_SWITCH_KEY, reason, now);
}

export function clearKillSwitch(db: Queryable): boolean {
  return deleteState(db, KILL_SWITCH_KEY);
}

export function getHalt(db: Queryable, mode: TradeMode): Stop | undefined {
  return stopFrom(getState(db, haltKey(mode)), UNREADABLE_HALT);
}

export function setHalt(db: Queryable, mode: TradeMode, reason: string, now: Date): Stop {
  return setStop(db, haltKey(mode), reason, now);
}

/**
 * Clears the halt and restarts the high-water mark from `equity` — the person acknowledging the
 * drawdown that halted it. With no halt it does nothing: the mark moves only with equity, and
 * re-arming must not erase a drawdown still under the limit. Returns whether a halt was cleared.
 */
export function rearm(db: Queryable, mode: TradeMode, equity: Decimal, now: Date): boolean {
  if (!deleteState(db, haltKey(mode))) return false;
  setHighWaterMark(db, mode, equity, now);
  return true;
}

export function getHighWaterMark(db: Queryable, mode: TradeMode): Decimal | undefined {
  return highWaterMarkFrom(getState(db, hwmKey(mode)));
}

/** The stored high-water mark's value as a Decimal; anything else reads as none. */
export function highWaterMarkFrom(value: unknown): Decimal | undefined {
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  try {
    const parsed = new Decimal(value);
    return parsed.isFinite() ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function setHighWaterMark(db: Queryable, mode: TradeMode, value: Decimal, now: Date): void {
  setState(db, hwmKey(mode), value.toString(), now);
}
