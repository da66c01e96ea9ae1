/**
 * Issue #12, class 1: an order is never recorded as "not placed" while it can still arrive. On the
 * sandbox venue over real HTTP, faults through its admin endpoint: an order whose post outlives the
 * timeout, a `matched` answer whose trades are unreadable, the absent verdict only after the
 * request timeout and the grace in venue time, and a late fill after that verdict.
 */
import { describe, expect, test } from "bun:test";
import { Decimal } from "../../../core/decimal.ts";
import { planIntent } from "../../../core/ledger/intent.ts";
import { findOrder, insertIntent } from "../../../core/ledger/ledger.ts";
import type { TradeCandidate } from "../../../core/model/candidate.ts";
import { loadRiskState } from "../../../core/risk/store-state.ts";
import type { Store } from "../../../core/store/open.ts";
import { fills, type Order } from "../../../core/store/schema.ts";
import { type EngineContext, ordersToReconcile, processCandidate, reconcile } from "../../../core/trade/engine.ts";
import { ABSENT_GRACE_MS } from "../../../core/trade/reconcile.ts";
import { alertKeys, placed } from "./engine-helpers.ts";
import { candidateFor, liveEngine, marketPicker, sandboxPerFile, untilAtVenue } from "./live-helpers.ts";

const sandbox = sandboxPerFile(31);
const nextMarket = marketPicker(sandbox, 8);

/** A candidate whose limit sits a few ticks above the ask, so it still fills after the venue's clock has moved on. */
function generous(candidate: TradeCandidate): TradeCandidate {
  const limit = Decimal.min(candidate.limitPrice.plus(candidate.tickSize.times(5)), new Decimal(1).minus(candidate.tickSize));
  return { ...candidate, limitPrice: limit, cost: candidate.cost ?? candidate.size.times(limit) };
}

/** The order's row as the store holds it now. */
const row = (store: Store, order: Order) => findOrder(store.db, order.clientOrderId)!;

const reconcileAll = (ctx: EngineContext, store: Store) => reconcile(ctx, ordersToReconcile(store, "live"));

/** A first look finds no trace, the request timeout and the grace pass in venue time, a second look judges. */
async function pastTheGrace(ctx: EngineContext, store: Store, timeoutMs: number) {
  await reconcileAll(ctx, store);
  await sandbox.admin.advance(timeoutMs + ABSENT_GRACE_MS + 2_000);
  await reconcileAll(ctx, store);
}

/** Whether the guardian counts money at risk in the market. */
const exposed = (ctx: EngineContext, store: Store, conditionId: string) => loadRiskState(store.db, "live", ctx.limits, ctx.now()).exposureByMarket.get(conditionId)?.gt(0) ?? false;

/** The kinds of the alerts raised (a key starts with its kind). */
const alertKinds = (store: Store) => alertKeys(store).map((key) => key.split(":")[0]);

describe("an order the venue may still receive is never recorded as not placed", () => {
  test("a post slower than the timeout: uncertain and its market blocked while the venue shows nothing, then filled once the venue has it", async () => {
    const { store, ctx } = await liveEngine(sandbox, 1_000);
    await sandbox.admin.addFault("clob:slow:ms=4000,path=/order,count=1");
    const market = nextMarket();
    const candidate = candidateFor(sandbox, market, { id: "opp_slow" });
    const { order } = await placed(ctx, candidate, "uncertain");

    // Reconciled at once: the request is still on its way, the venue has no trace of it.
    await reconcileAll(ctx, store);
    expect(row(store, order).status).toBe("uncertain");
    expect(row(store, order).noTraceSince).not.toBeNull();
    const held = await processCandidate(ctx, { ...candidateFor(sandbox, market), opportunityId: "opp_slow_next" });
    expect(held.kind).toBe("blocked");

    await untilAtVenue(sandbox, order.expectedOrderId!);
    const [found] = await reconcileAll(ctx, store);
    expect(found!.order.status).toBe("filled");
    expect(found!.order.reason).toBe("reconciled: found at the venue");
    expect(found!.order.venueOrderId).toBe(order.expectedOrderId);
    expect(found!.order.noTraceSince).toBeNull();
    expect(found!.fills.length).toBeGreaterThan(0);
    expect(alertKinds(store)).toContain("trade");
    expect(alertKinds(store)).not.toContain("order_rejected");
  }, 20_000);

  test("killed after the sent mark, the post still on its way: the restart's reconciliation keeps it unresolved, then books it", async () => {
    const { store, ctx, session: live } = await liveEngine(sandbox, 1_000);
    const market = nextMarket();
    const planned = planIntent(candidateFor(sandbox, market, { id: "opp_inflight" }), new Decimal(5), { mode: "live", orderType: "FOK" });
    if (!planned.ok) throw new Error(planned.error);
    // What a process killed between the synced sent mark and the venue's answer leaves behind.
    const prepared = live.prepareMarketBuy(planned.value);
    const order = insertIntent(store.db, planned.value, ctx.now(), { expectedOrderId: prepared.orderId });
    await reconcileAll(ctx, store);
    expect(row(store, order).status).toBe("uncertain");
    expect(row(store, order).reason).toMatch(/the process stopped after sending, before the venue's answer — no trace at the venue yet/);
    expect((await processCandidate(ctx, { ...candidateFor(sandbox, market), opportunityId: "opp_inflight_next" })).kind).toBe("blocked");

    // The request that was in flight lands.
    expect((await live.post(live.signMarketBuy(prepared))).kind).toBe("answer");
    const [found] = await reconcileAll(ctx, store);
    expect(found!.order.status).toBe("filled");
    expect(found!.fills.length).toBeGreaterThan(0);
  });

  test("a `matched` answer whose trades come back unreadable stays uncertain past any grace, and is filled once they can be read", async () => {
    const { store, ctx } = await liveEngine(sandbox, 2_000);
    await sandbox.admin.addFault("clob:garbage:path=/data/trades,value=nan");
    const market = nextMarket();
    const { order } = await placed(ctx, candidateFor(sandbox, market, { id: "opp_garbage" }), "uncertain");
    expect(order.venueOrderId).toBe(order.expectedOrderId);
    expect(order.reason).toMatch(/matched at the venue, but its trades could not be read/);

    await reconcileAll(ctx, store);
    await sandbox.admin.advance(ABSENT_GRACE_MS * 3);
    await reconcileAll(ctx, store);
    expect(row(store, order).status).toBe("uncertain");
    expect(store.db.select().from(fills).all()).toHaveLength(0);
    const held = await processCandidate(ctx, { ...candidateFor(sandbox, market), opportunityId: "opp_garbage_next" });
    expect(held.kind).toBe("blocked");

    await sandbox.admin.clearFaults();
    const [found] = await reconcileAll(ctx, store);
    expect(found!.order.status).toBe("filled");
    expect(found!.fills.length).toBeGreaterThan(0);
    expect(found!.fills.every((fill) => fill.size.gt(0) && fill.price.gt(0))).toBe(true);
  });

  test("no trace: judged not placed only once the request timeout and the grace have passed in venue time", async () => {
    const timeoutMs = 700;
    const { store, ctx } = await liveEngine(sandbox, timeoutMs);
    await sandbox.admin.addFault("clob:502:path=/order,count=1");
    const market = nextMarket();
    const { order } = await placed(ctx, candidateFor(sandbox, market, { id: "opp_absent" }), "uncertain");

    await reconcileAll(ctx, store);
    const since = row(store, order).noTraceSince!.getTime();
    // The venue's clock reads whole seconds: two seconds short of the deadline is short of it.
    await sandbox.admin.advance(timeoutMs + ABSENT_GRACE_MS - 2_000);
    await reconcileAll(ctx, store);
    expect(row(store, order).status).toBe("uncertain");
    expect(exposed(ctx, store, market.conditionId)).toBe(true);

    const now = await sandbox.admin.advance(3_000);
    expect(now - since).toBeGreaterThanOrEqual(timeoutMs + ABSENT_GRACE_MS);
    await reconcileAll(ctx, store);
    const judged = row(store, order);
    expect(judged.status).toBe("failed");
    expect(judged.reason).toMatch(/not placed — no trace at the venue .* for \d+ s of venue time/);
    // Still watched for a late fill while its market is open, and no longer counted as exposure.
    expect(judged.noTraceSince?.getTime()).toBe(since);
    expect(ordersToReconcile(store, "live").map((item) => item.id)).toContain(order.id);
    expect(exposed(ctx, store, market.conditionId)).toBe(false);
  });

  test("a late fill after the verdict is booked, alerted and counted by the guardian", async () => {
    const timeoutMs = 500;
    const { store, ctx } = await liveEngine(sandbox, timeoutMs);
    await sandbox.admin.addFault("clob:slow:ms=6000,path=/order,count=1");
    const market = nextMarket();
    const { order } = await placed(ctx, generous(candidateFor(sandbox, market, { id: "opp_late" })), "uncertain");

    await pastTheGrace(ctx, store, timeoutMs);
    expect(row(store, order).status).toBe("failed");
    expect(exposed(ctx, store, market.conditionId)).toBe(false);

    // The post that was still on its way reaches the venue and fills.
    await untilAtVenue(sandbox, order.expectedOrderId!);
    const [late] = await reconcileAll(ctx, store);
    expect(late!.before.status).toBe("failed");
    expect(late!.order.status).toBe("filled");
    expect(late!.order.reason).toMatch(/late fill/);
    expect(late!.fills.length).toBeGreaterThan(0);
    const alert = store.sqlite.query<{ priority: number }, [string]>("SELECT priority FROM alerts WHERE key = ?").get(`late_fill:${order.clientOrderId}`);
    expect(alert?.priority).toBe(2);
    expect(exposed(ctx, store, market.conditionId)).toBe(true);
  }, 20_000);

  test("a watched verdict becomes final once the market has closed", async () => {
    const timeoutMs = 500;
    const { store, ctx } = await liveEngine(sandbox, timeoutMs);
    await sandbox.admin.addFault("clob:502:path=/order,count=1");
    const market = nextMarket();
    const { order } = await placed(ctx, candidateFor(sandbox, market, { id: "opp_final" }), "uncertain");
    await pastTheGrace(ctx, store, timeoutMs);
    expect(row(store, order).noTraceSince).not.toBeNull();

    await sandbox.admin.advance(market.end - sandbox.app.clock.now() + ABSENT_GRACE_MS + 1_000);
    await reconcileAll(ctx, store);
    expect(row(store, order).status).toBe("failed");
    expect(row(store, order).noTraceSince).toBeNull();
    expect(ordersToReconcile(store, "live").map((item) => item.id)).not.toContain(order.id);
  });
});
