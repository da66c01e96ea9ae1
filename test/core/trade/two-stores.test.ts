/**
 * One wallet, two stores (a second pipeline with another HOME): the store's duplicate check and
 * engine lock cannot see across them, so the guarantee sits at the venue, on the sandbox (real
 * HTTP, signatures verified). The same opportunity and decision build the same signed order in
 * both, which the venue refuses as "Duplicated": one order at the venue, a `duplicate` in the
 * second store with nothing counted. Two engines beating the venue heartbeat for one wallet find
 * each other there, halt live trading and alert; one engine restarting on its own chain does not.
 */
import { afterEach, describe, expect, test } from "bun:test";
import type { AlertInput } from "../../../core/alerts/types.ts";
import { getHalt } from "../../../core/risk/stops.ts";
import { loadRiskState } from "../../../core/risk/store-state.ts";
import type { Store } from "../../../core/store/open.ts";
import { fills, positions } from "../../../core/store/schema.ts";
import { processCandidate } from "../../../core/trade/engine.ts";
import { holdLiveSession, type LiveHold } from "../../../core/trade/live-session.ts";
import { outcomeRecords } from "../../../core/trade/records.ts";
import { until } from "../../helpers/until.ts";
import { memoryStore, placed, rejectionCodes } from "./engine-helpers.ts";
import { candidateFor, liveContext, liveSession, sandboxPerFile, tradableMarkets, venueOrders } from "./live-helpers.ts";

const sandbox = sandboxPerFile(47);

const heartbeatRequests = () => sandbox.admin.requests("/clob/v1/heartbeats");

describe("one order per opportunity, across stores", () => {
  test("the same opportunity and decision through two stores: one order at the venue; the second store records a duplicate and counts nothing", async () => {
    const { session: first, wallet } = await liveSession(sandbox);
    const { session: second } = await liveSession(sandbox, wallet);
    const [storeA, storeB] = [memoryStore(), memoryStore()];
    const candidate = candidateFor(sandbox, tradableMarkets(sandbox)[0]!, { id: "opp_two_stores_1" });

    const { order } = await placed(liveContext(storeA, sandbox, first), candidate, "filled");

    const ctxB = liveContext(storeB, sandbox, second);
    const again = await processCandidate(ctxB, candidate);
    expect(again.kind).toBe("duplicate");
    if (again.kind !== "duplicate") return;
    expect(again.atVenue).toBe(true);
    // The very same signed order: same client order id, same venue id.
    expect(again.order.clientOrderId).toBe(order.clientOrderId);
    expect(again.order.expectedOrderId).toBe(order.expectedOrderId);
    expect(again.order.status).toBe("rejected");
    expect(again.order.reason).toMatch(/is invalid\. Duplicated/);
    expect(venueOrders(sandbox, order.clientOrderId)).toBe(1);

    // Nothing of it counts in the second store: no fill, no position, no exposure.
    expect(storeB.db.select().from(fills).all()).toEqual([]);
    expect(storeB.db.select().from(positions).all()).toEqual([]);
    expect(loadRiskState(storeB.db, "live", ctxB.limits, ctxB.now()).exposureByMarket.size).toBe(0);

    const [record] = outcomeRecords(again, candidate, "live", "FOK", ctxB.now(), () => []);
    expect(record).toMatchObject({ type: "order", status: "duplicate", reason: expect.stringContaining("Duplicated") });
    expect(record).not.toHaveProperty("existing_status");
  });
});

describe("one live engine per wallet, across stores", () => {
  const holds: LiveHold[] = [];
  const hold = (store: Store, session: Parameters<typeof holdLiveSession>[1], raised: AlertInput[], warnings: string[] = []) =>
    holds.push(holdLiveSession(store, session, { intervalMs: 10, onError: (message) => warnings.push(message), alerter: { raise: (input) => raised.push(input) } }));
  const releaseAll = () => {
    for (const held of holds.splice(0)) held.release();
  };
  afterEach(releaseAll);

  test("two engines on two stores beating for one wallet: both halt live trading, alert once, and place nothing more", async () => {
    const { session: first, wallet } = await liveSession(sandbox);
    const { session: second } = await liveSession(sandbox, wallet);
    const [storeA, storeB] = [memoryStore(), memoryStore()];
    const raisedA: AlertInput[] = [];
    const raisedB: AlertInput[] = [];
    hold(storeA, first, raisedA);
    hold(storeB, second, raisedB);
    await until(() => getHalt(storeA.db, "live") !== undefined && getHalt(storeB.db, "live") !== undefined, "both engines to halt");
    for (const [store, raised, session] of [
      [storeA, raisedA, first],
      [storeB, raisedB, second],
    ] as const) {
      expect(getHalt(store.db, "live")?.reason).toMatch(/another process is sending the venue heartbeat/);
      expect(raised.map((alert) => [alert.kind, alert.level])).toEqual([["foreign_heartbeat", "critical"]]);
      const outcome = await processCandidate(
        liveContext(store, sandbox, session),
        candidateFor(sandbox, tradableMarkets(sandbox)[1]!, { id: `opp_foreign_${raised === raisedA ? "a" : "b"}` }),
      );
      expect(rejectionCodes(outcome)).toContain("halted");
    }
    // The beats go on (the resting orders stay covered), and the halt is not raised twice.
    const beats = await heartbeatRequests();
    while ((await heartbeatRequests()) < beats + 20) await Bun.sleep(10);
    expect([raisedA.length, raisedB.length]).toEqual([1, 1]);
  }, 30_000);

  test("one engine restarting on its store continues its own chain: no halt", async () => {
    const { session: before, wallet } = await liveSession(sandbox);
    const store = memoryStore();
    const raised: AlertInput[] = [];
    const warnings: string[] = [];
    const start = await heartbeatRequests();
    hold(store, before, raised, warnings);
    while ((await heartbeatRequests()) < start + 10) await Bun.sleep(10);
    releaseAll();
    // A new process: a new session for the wallet, its first beat "" while the old chain lives on.
    const { session: after } = await liveSession(sandbox, wallet);
    const restarted = await heartbeatRequests();
    hold(store, after, raised, warnings);
    while ((await heartbeatRequests()) < restarted + 40) await Bun.sleep(10);
    expect(warnings).toEqual([expect.stringContaining("an earlier run's chain lives on")]);
    expect(getHalt(store.db, "live")).toBeUndefined();
    expect(raised).toEqual([]);
  }, 30_000);
});
