import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { getState } from "../../../core/store/tx.ts";
import { processCandidate } from "../../../core/trade/engine.ts";
import { acquireEngineLock, lockKey } from "../../../core/trade/engine-lock.ts";
import { startHeartbeat } from "../../../core/trade/heartbeat.ts";
import { startTestSandbox, type TestSandbox } from "../../helpers/sandbox.ts";
import { memoryStore } from "./engine-helpers.ts";
import { candidateFor, liveContext, liveSession, tradableMarkets } from "./live-helpers.ts";

const ADDRESS = "0x1111111111111111111111111111111111111111";

describe("engine lock", () => {
  test("a second engine for the same wallet is refused; another wallet is not", () => {
    const store = memoryStore();
    const first = acquireEngineLock(store, ADDRESS, new Date(), { pid: process.pid, host: "here" });
    expect(() => acquireEngineLock(store, ADDRESS, new Date(), { pid: process.pid + 1, host: "here" })).toThrow(/another live engine \(pid \d+ on here/);
    expect(() => acquireEngineLock(store, "0x2222222222222222222222222222222222222222", new Date(), { pid: process.pid + 1, host: "here" })).not.toThrow();
    first.release();
    expect(getState(store.db, lockKey(ADDRESS))).toBeUndefined();
  });

  test("a lock whose process is gone (same host), or stale (another host), is taken over", () => {
    const store = memoryStore();
    acquireEngineLock(store, ADDRESS, new Date(), { pid: 2 ** 22 + 12345, host: "here" });
    expect(() => acquireEngineLock(store, ADDRESS, new Date(), { pid: process.pid, host: "here" })).not.toThrow();
    const t0 = new Date("2026-06-01T00:00:00Z");
    acquireEngineLock(store, "0x3333333333333333333333333333333333333333", t0, { pid: 1, host: "elsewhere" });
    expect(() => acquireEngineLock(store, "0x3333333333333333333333333333333333333333", new Date(t0.getTime() + 30_000), { pid: 1, host: "here" })).toThrow();
    expect(() => acquireEngineLock(store, "0x3333333333333333333333333333333333333333", new Date(t0.getTime() + 61_000), { pid: 1, host: "here" })).not.toThrow();
  });
});

describe("venue heartbeat on the sandbox", () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ seed: 31, startAt: Date.UTC(2026, 10, 25, 12, 3, 0) });
  });
  afterAll(() => sandbox.stop());

  test("beats chain their ids; a failed beat restarts the chain; stop stops it", async () => {
    const { session } = await liveSession(sandbox);
    const seen: string[] = [];
    const heartbeat = startHeartbeat(
      {
        heartbeat: async (id) => {
          seen.push(id);
          return session.heartbeat(id);
        },
      },
      { intervalMs: 20 },
    );
    while (heartbeat.beats < 3) await Bun.sleep(10);
    expect(seen[0]).toBe("");
    expect(seen[1]).not.toBe("");
    expect(seen[2]).not.toBe(seen[1]);
    heartbeat.stop();
    const count = seen.length;
    await Bun.sleep(60);
    expect(seen.length).toBe(count);
    const errors: string[] = [];
    const failing = startHeartbeat({ heartbeat: async () => Promise.reject(new Error("boom")) }, { intervalMs: 10, onError: (message) => errors.push(message) });
    while (failing.failures < 2) await Bun.sleep(5);
    failing.stop();
    expect(errors[0]).toBe("boom");
  });

  test("while pm-arb beats, a delayed (resting) order survives; when the beats stop, the venue cancels it", async () => {
    const { session } = await liveSession(sandbox);
    const store = memoryStore();
    const ctx = liveContext(store, sandbox, session);
    await sandbox.admin.addFault("clob:delayed:path=/order,ms=60000");
    const outcome = await processCandidate(ctx, candidateFor(sandbox, tradableMarkets(sandbox)[0]!));
    await sandbox.admin.clearFaults();
    expect(outcome.kind === "placed" && outcome.order.status).toBe("open");
    let id = await session.heartbeat("");
    for (let i = 0; i < 3; i++) {
      await sandbox.admin.advance(5_000);
      id = await session.heartbeat(id);
    }
    expect((await session.openOrders({})).length).toBe(1);
    await sandbox.admin.advance(20_000);
    expect((await session.openOrders({})).length).toBe(0);
  });
});
