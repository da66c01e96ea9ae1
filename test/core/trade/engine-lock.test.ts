import { describe, expect, test } from "bun:test";
import { getState } from "../../../core/store/tx.ts";
import { acquireEngineLock, lockKey } from "../../../core/trade/engine-lock.ts";
import { memoryStore } from "./engine-helpers.ts";

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
