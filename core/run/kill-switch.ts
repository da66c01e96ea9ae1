/**
 * The kill switch, as a person drives it: `pm-arb stop` sets it (with a reason, the time and who),
 * `pm-arb stop --clear` re-arms. Nothing clears it automatically. It lives in the store's state KV
 * under the risk guardian's key (core/risk/stops.ts), so `trade`, `risk` and every `run` refuse to
 * place orders while it is set, whichever process set it. The running loop also watches it (a cheap
 * read every few hundred ms) so a stop reaches it even where a signal cannot (another host, a
 * container).
 */

import { KILL_SWITCH_KEY } from "../risk/stops.ts";
import { deleteState, getState, type Queryable, setState } from "../store/tx.ts";

export type KillSwitch = {
  reason: string;
  /** ISO time it was set. */
  since: string;
  /** Who set it: "pm-arb stop (pid 123, user alice)". */
  by?: string;
  /** `--cancel-open`: the running loop also cancels its resting orders at the venue. */
  cancel_open?: boolean;
};

function asKillSwitch(value: unknown): KillSwitch | undefined {
  if (value === undefined) return undefined;
  if (!value || typeof value !== "object") return { reason: "kill switch set (unreadable value)", since: "unknown" };
  const record = value as Record<string, unknown>;
  // Unreadable still means set: fail closed.
  if (typeof record.reason !== "string" || typeof record.since !== "string") return { reason: "kill switch set (unreadable value)", since: "unknown" };
  return {
    reason: record.reason,
    since: record.since,
    ...(typeof record.by === "string" ? { by: record.by } : {}),
    ...(record.cancel_open === true ? { cancel_open: true } : {}),
  };
}

export function readKillSwitch(db: Queryable): KillSwitch | undefined {
  return asKillSwitch(getState(db, KILL_SWITCH_KEY));
}

/** Sets the switch (overwriting an earlier reason: the latest stop is the one a person reads). */
export function engageKillSwitch(db: Queryable, input: { reason: string; by: string; cancelOpen?: boolean; now: Date }): KillSwitch {
  const value: KillSwitch = { reason: input.reason, since: input.now.toISOString(), by: input.by, ...(input.cancelOpen ? { cancel_open: true } : {}) };
  setState(db, KILL_SWITCH_KEY, value, input.now);
  return value;
}

/** Re-arms; true when a switch was set. Manual only: nothing in the loop calls this. */
export function releaseKillSwitch(db: Queryable): boolean {
  return deleteState(db, KILL_SWITCH_KEY);
}
