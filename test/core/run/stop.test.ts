import { beforeEach, describe, expect, test } from "bun:test";
import { getKillSwitch, KILL_SWITCH_KEY } from "../../../core/risk/stops.ts";
import { engageKillSwitch, readKillSwitch, releaseKillSwitch } from "../../../core/run/kill-switch.ts";
import { type HeartbeatValue, readHeartbeat, writeHeartbeat } from "../../../core/run/loop-heartbeat.ts";
import { stopLoops } from "../../../core/run/stop.ts";
import { openStore, type Store } from "../../../core/store/open.ts";
import { setState } from "../../../core/store/tx.ts";

let store: Store;
beforeEach(() => {
  store?.close();
  store = openStore(":memory:");
});

const hb = (over: Partial<HeartbeatValue> = {}): HeartbeatValue => ({
  pid: 777,
  host: "box",
  mode: "paper",
  started_at: new Date().toISOString(),
  beat_at: new Date().toISOString(),
  symbols: [],
  markets: 0,
  counts: { ticks: 0, book_updates: 0, opportunities: 0, decisions: 0, orders: 0, fills: 0, settled: 0, alerts: 0 },
  feeds: {},
  lag: [],
  ...over,
});

describe("stopLoops", () => {
  /** What stopLoops needs of the machine: this store, now, host "box" where every pid lives, and how it signals. */
  const on = (signal: (pid: number, signal: string) => void = () => {}, isAlive = true) => ({ db: store.db, now: () => new Date(), host: "box", isAlive: () => isAlive, signal });
  const stop = { reason: "x", cancelOpen: false, clear: false, waitMs: 0 };

  test("sets the switch, signals the loop by its heartbeat pid, waits for it to report stopped", async () => {
    writeHeartbeat(store.db, hb(), new Date());
    const signals: [number, string][] = [];
    const result = await stopLoops(
      { ...stop, reason: "bug", waitMs: 5_000 },
      on((pid, signal) => {
        signals.push([pid, signal]);
        // The loop's own shutdown: final heartbeat.
        writeHeartbeat(store.db, hb({ stopped_at: new Date().toISOString(), stop_reason: "kill switch: bug" }), new Date());
      }),
    );
    expect(signals).toEqual([[777, "SIGTERM"]]);
    expect(result.timedOut).toEqual([]);
    expect(result.statuses[0]).toMatchObject({ mode: "paper", state: "stopped", kill_switch: { reason: "bug" } });
    expect(readKillSwitch(store.db)?.reason).toBe("bug");
  });

  test("a loop that does not answer is reported as timed out; the switch stays set", async () => {
    writeHeartbeat(store.db, hb({ mode: "live" }), new Date());
    const result = await stopLoops({ ...stop, cancelOpen: true }, on());
    expect(result.timedOut).toEqual([{ mode: "live", pid: 777 }]);
    expect(readKillSwitch(store.db)).toMatchObject({ reason: "x", cancel_open: true });
  });

  test("no loop running: the switch is set all the same; stopped and dead loops are not signalled", async () => {
    writeHeartbeat(store.db, hb({ stopped_at: new Date().toISOString() }), new Date());
    writeHeartbeat(store.db, hb({ mode: "live", pid: 9 }), new Date());
    const signals: number[] = [];
    const result = await stopLoops(
      stop,
      on((pid) => signals.push(pid), false),
    );
    expect(signals).toEqual([]);
    expect(result.signalled).toEqual([]);
    expect(readKillSwitch(store.db)).toBeDefined();
  });

  test("--clear re-arms and signals nobody", async () => {
    await stopLoops(stop, { db: store.db, now: () => new Date() });
    const nobody = () => {
      throw new Error("must not signal");
    };
    const result = await stopLoops({ ...stop, reason: "", clear: true }, { db: store.db, now: () => new Date(), signal: nobody });
    expect(result.cleared).toBe(true);
    expect(readKillSwitch(store.db)).toBeUndefined();
    expect(readHeartbeat(store.db, "paper")).toBeUndefined();
  });
});

describe("kill switch", () => {
  test("set with reason, time, who and --cancel-open; the risk guardian's reader sees it", () => {
    const now = new Date("2026-11-25T12:00:00Z");
    engageKillSwitch(store.db, { reason: "bug in executor", by: "pm-arb stop (pid 1, user a)", cancelOpen: true, now });
    expect(readKillSwitch(store.db)).toEqual({ reason: "bug in executor", since: "2026-11-25T12:00:00.000Z", by: "pm-arb stop (pid 1, user a)", cancel_open: true });
    expect(getKillSwitch(store.db)).toMatchObject({ reason: "bug in executor", since: "2026-11-25T12:00:00.000Z" });
  });

  test("clear re-arms; clearing twice reports nothing to clear", () => {
    engageKillSwitch(store.db, { reason: "x", by: "y", now: new Date() });
    expect(releaseKillSwitch(store.db)).toBe(true);
    expect(readKillSwitch(store.db)).toBeUndefined();
    expect(releaseKillSwitch(store.db)).toBe(false);
  });

  test("an unreadable value still counts as set (fail closed)", () => {
    setState(store.db, KILL_SWITCH_KEY, "garbage");
    expect(readKillSwitch(store.db)?.reason).toContain("unreadable");
    setState(store.db, KILL_SWITCH_KEY, { reason: 5 });
    expect(readKillSwitch(store.db)?.reason).toContain("unreadable");
  });
});
