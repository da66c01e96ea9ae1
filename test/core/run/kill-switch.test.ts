import { beforeEach, describe, expect, test } from "bun:test";
import { getKillSwitch, KILL_SWITCH_KEY } from "../../../core/risk/stops.ts";
import { engageKillSwitch, readKillSwitch, releaseKillSwitch } from "../../../core/run/kill-switch.ts";
import { openStore, type Store } from "../../../core/store/open.ts";
import { setState } from "../../../core/store/tx.ts";

let store: Store;
beforeEach(() => {
  store?.close();
  store = openStore(":memory:");
});

describe("kill switch", () => {
  test("set with reason, time and who; the risk guardian's reader sees it", () => {
    const now = new Date("2026-11-25T12:00:00Z");
    engageKillSwitch(store.db, { reason: "bug in executor", by: "pm-arb stop (pid 1, user a)", now });
    expect(readKillSwitch(store.db)).toEqual({ reason: "bug in executor", since: "2026-11-25T12:00:00.000Z", by: "pm-arb stop (pid 1, user a)" });
    expect(getKillSwitch(store.db)).toMatchObject({ reason: "bug in executor", since: "2026-11-25T12:00:00.000Z" });
  });

  test("--cancel-open travels with the switch", () => {
    engageKillSwitch(store.db, { reason: "x", by: "y", cancelOpen: true, now: new Date() });
    expect(readKillSwitch(store.db)?.cancel_open).toBe(true);
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
