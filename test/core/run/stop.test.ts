import { beforeEach, describe, expect, test } from "bun:test";
import { UsageError } from "../../../core/cli/errors.ts";
import { type HeartbeatValue, readHeartbeat, writeHeartbeat } from "../../../core/run/heartbeat.ts";
import { readKillSwitch } from "../../../core/run/kill-switch.ts";
import { parseStopFlags } from "../../../core/run/options.ts";
import { stopLoops } from "../../../core/run/stop.ts";
import { openStore, type Store } from "../../../core/store/open.ts";

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

describe("pm-arb stop flags", () => {
  test("defaults and combinations", () => {
    expect(parseStopFlags({})).toEqual({ clear: false, reason: "manual stop", cancelOpen: false, waitMs: 10_000 });
    expect(parseStopFlags({ reason: " drawdown review ", "cancel-open": true, wait: "2s" })).toEqual({ clear: false, reason: "drawdown review", cancelOpen: true, waitMs: 2_000 });
    expect(() => parseStopFlags({ clear: true, reason: "x" })).toThrow(UsageError);
    expect(() => parseStopFlags({ reason: "  " })).toThrow(UsageError);
  });
});

describe("stopLoops", () => {
  test("sets the switch, signals the loop by its heartbeat pid, waits for it to report stopped", async () => {
    writeHeartbeat(store.db, hb(), new Date());
    const signals: [number, string][] = [];
    const result = await stopLoops(
      { reason: "bug", cancelOpen: false, clear: false, waitMs: 5_000 },
      {
        db: store.db,
        now: () => new Date(),
        host: "box",
        isAlive: () => true,
        signal: (pid, signal) => {
          signals.push([pid, signal]);
          // The loop's own shutdown: final heartbeat.
          writeHeartbeat(store.db, hb({ stopped_at: new Date().toISOString(), stop_reason: "kill switch: bug" }), new Date());
        },
      },
    );
    expect(signals).toEqual([[777, "SIGTERM"]]);
    expect(result.timedOut).toEqual([]);
    expect(result.statuses[0]).toMatchObject({ mode: "paper", state: "stopped", kill_switch: { reason: "bug" } });
    expect(readKillSwitch(store.db)?.reason).toBe("bug");
  });

  test("a loop that does not answer is reported as timed out; the switch stays set", async () => {
    writeHeartbeat(store.db, hb({ mode: "live" }), new Date());
    const result = await stopLoops(
      { reason: "x", cancelOpen: true, clear: false, waitMs: 0 },
      { db: store.db, now: () => new Date(), host: "box", isAlive: () => true, signal: () => {} },
    );
    expect(result.timedOut).toEqual([{ mode: "live", pid: 777 }]);
    expect(readKillSwitch(store.db)).toMatchObject({ reason: "x", cancel_open: true });
  });

  test("no loop running: the switch is set all the same; stopped and dead loops are not signalled", async () => {
    writeHeartbeat(store.db, hb({ stopped_at: new Date().toISOString() }), new Date());
    writeHeartbeat(store.db, hb({ mode: "live", pid: 9 }), new Date());
    const signals: number[] = [];
    const result = await stopLoops(
      { reason: "x", cancelOpen: false, clear: false, waitMs: 0 },
      { db: store.db, now: () => new Date(), host: "box", isAlive: () => false, signal: (pid) => signals.push(pid) },
    );
    expect(signals).toEqual([]);
    expect(result.signalled).toEqual([]);
    expect(readKillSwitch(store.db)).toBeDefined();
  });

  test("--clear re-arms and signals nobody", async () => {
    await stopLoops({ reason: "x", cancelOpen: false, clear: false, waitMs: 0 }, { db: store.db, now: () => new Date() });
    const result = await stopLoops(
      { reason: "", cancelOpen: false, clear: true, waitMs: 0 },
      {
        db: store.db,
        now: () => new Date(),
        signal: () => {
          throw new Error("must not signal");
        },
      },
    );
    expect(result.cleared).toBe(true);
    expect(readKillSwitch(store.db)).toBeUndefined();
    expect(readHeartbeat(store.db, "paper")).toBeUndefined();
  });
});
