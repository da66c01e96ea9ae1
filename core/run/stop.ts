/**
 * `pm-arb stop`: set the kill switch (so nothing trades, in any process, until a person re-arms)
 * and signal the running loops (their pids are in their heartbeats) so they stop at once, finish or
 * reconcile what is in flight, write a final summary and exit 0. It waits for each signalled loop to
 * report itself stopped, and answers with one `status` record per loop. `--clear` re-arms.
 *
 * A loop on another host cannot be signalled; it sees the switch within its next poll (≈ 250 ms).
 */
import { userInfo } from "node:os";
import type { Queryable } from "../store/tx.ts";
import { engageKillSwitch, type KillSwitch, readKillSwitch, releaseKillSwitch } from "./kill-switch.ts";
import { HEARTBEAT_MODES, pidAlive, type RunMode, readHeartbeat, thisHost } from "./loop-heartbeat.ts";
import { type StatusFields, statusOf } from "./status.ts";

export type StopOptions = { reason: string; cancelOpen: boolean; clear: boolean; waitMs: number };

export type StopDeps = {
  db: Queryable;
  now: () => Date;
  /** Sends a signal; default `process.kill`. */
  signal?: (pid: number, signal: NodeJS.Signals) => void;
  isAlive?: (pid: number) => boolean;
  sleep?: (ms: number) => Promise<void>;
  host?: string;
  log?: { info(message: string): void; warn(message: string): void };
};

export type StopResult = {
  killSwitch?: KillSwitch;
  /** true when --clear found a switch to clear. */
  cleared?: boolean;
  signalled: { mode: RunMode; pid: number }[];
  /** Signalled loops that had not reported stopped when the wait ran out. */
  timedOut: { mode: RunMode; pid: number }[];
  statuses: StatusFields[];
};

function who(): string {
  let user = "unknown";
  try {
    user = userInfo().username;
  } catch {}
  return `pm-arb stop (pid ${process.pid}, user ${user})`;
}

export async function stopLoops(options: StopOptions, deps: StopDeps): Promise<StopResult> {
  const host = deps.host ?? thisHost();
  const isAlive = deps.isAlive ?? pidAlive;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const statuses = () =>
    HEARTBEAT_MODES.map((mode) => ({ mode, hb: readHeartbeat(deps.db, mode) }))
      .filter((entry) => entry.hb)
      .map((entry) => statusOf(entry.mode, entry.hb, deps.db, { now: deps.now(), host, isAlive }));

  if (options.clear) {
    const cleared = releaseKillSwitch(deps.db);
    deps.log?.info(cleared ? "kill switch cleared: trading re-armed (a loop must be started again by hand)" : "kill switch was not set");
    return { cleared, signalled: [], timedOut: [], statuses: statuses() };
  }

  const killSwitch = engageKillSwitch(deps.db, { reason: options.reason, by: who(), cancelOpen: options.cancelOpen, now: deps.now() });
  deps.log?.info(`kill switch set: ${options.reason}`);
  const signalled: { mode: RunMode; pid: number }[] = [];
  for (const mode of HEARTBEAT_MODES) {
    const hb = readHeartbeat(deps.db, mode);
    if (!hb || hb.value.stopped_at) continue;
    if (hb.value.host !== host) {
      deps.log?.warn(`${mode} loop pid ${hb.value.pid} runs on ${hb.value.host}; it will see the kill switch on its next poll`);
      continue;
    }
    if (!isAlive(hb.value.pid)) continue;
    try {
      (deps.signal ?? ((pid, signal) => process.kill(pid, signal)))(hb.value.pid, "SIGTERM");
      signalled.push({ mode, pid: hb.value.pid });
    } catch (error) {
      deps.log?.warn(`could not signal ${mode} loop pid ${hb.value.pid}: ${(error as Error).message}; it will see the kill switch on its next poll`);
    }
  }

  // Wait for each signalled loop to write its final heartbeat (or to be gone).
  const deadline = Date.now() + options.waitMs;
  let waiting = [...signalled];
  while (waiting.length > 0 && Date.now() < deadline) {
    waiting = waiting.filter(({ mode, pid }) => {
      const hb = readHeartbeat(deps.db, mode);
      return hb !== undefined && hb.value.pid === pid && !hb.value.stopped_at && isAlive(pid);
    });
    if (waiting.length > 0) await sleep(25);
  }
  for (const { mode, pid } of waiting) deps.log?.warn(`${mode} loop pid ${pid} has not reported stopped after ${options.waitMs} ms; the kill switch still blocks every order`);

  return { killSwitch: readKillSwitch(deps.db) ?? killSwitch, signalled, timedOut: waiting, statuses: statuses() };
}
