/**
 * Every venue failure the issue names, on the sandbox venue over real HTTP: each maps to its status
 * and reason, nothing crashes, nothing is lost from the store, nothing is sent twice, and an
 * uncertain order is reconciled before anything else goes to its market.
 */
import { describe, expect, test } from "bun:test";
import { Decimal } from "../../../core/decimal.ts";
import { findOrder } from "../../../core/ledger/ledger.ts";
import { fills, type Order, orders, positions } from "../../../core/store/schema.ts";
import { ordersToReconcile, processCandidate, reconcile } from "../../../core/trade/engine.ts";
import { ABSENT_GRACE_MS } from "../../../core/trade/reconcile.ts";
import { startTestSandbox } from "../../helpers/sandbox.ts";
import { alertKeys, placed, rejectionCodes } from "./engine-helpers.ts";
import { candidateFor, liveContext, liveEngine, liveSession, marketPicker, orderPosts, sandboxPerFile, tradableMarkets, venueOrders } from "./live-helpers.ts";

const sandbox = sandboxPerFile(23);
const nextMarket = marketPicker(sandbox);

describe("venue failures map to a status, and the store keeps every order", () => {
  const refusals: [string, string, Order["status"], RegExp][] = [
    ["400 with the venue's errorMsg (FOK the book cannot fill)", "", "rejected", /FOK orders are fully filled or killed/],
    ["403 closed-only", "clob:403:path=/order,message=account is in closed-only mode", "failed", /closed-only/],
    ["403 geo-block", "clob:403:path=/order,message=Trading restricted in your region (geoblock)", "failed", /geo-blocked/],
    ["425 engine restart", "clob:425:path=/order,retry_after=3", "failed", /restarting \(425\).*retry after 3 s/],
    ["429 rate limit", "clob:429:path=/order,retry_after=2", "failed", /rate limited by the venue \(429\).*retry after 2 s/],
  ];
  test.each(refusals)("%s", async (_, fault, status, reason) => {
    const { store, ctx } = await liveEngine(sandbox);
    if (fault) await sandbox.admin.addFault(fault);
    const market = nextMarket();
    // With no fault, ask for more than the book holds under the limit: the venue kills the FOK.
    const oversized = candidateFor(sandbox, market, fault ? {} : { levels: 1, missing: "50" });
    const { order } = await placed({ ...ctx, limits: { ...ctx.limits, maxTradeSize: new Decimal(100), maxMarketExposure: new Decimal(100) } }, oversized, status);
    expect(order.reason ?? "").toMatch(reason);
    expect(store.db.select().from(orders).all()).toHaveLength(1);
    expect(store.db.select().from(fills).all()).toHaveLength(0);
  });

  test("401: refused credentials fail the order, nothing placed", async () => {
    const { wallet, store } = await liveEngine(sandbox);
    const { session } = await liveSession(sandbox, { ...wallet, creds: { ...wallet.creds!, secret: Buffer.from("not the secret at all").toString("base64") } });
    const { order } = await placed(liveContext(store, sandbox, session), candidateFor(sandbox, nextMarket()), "failed");
    expect(order.reason).toContain("401");
  });

  test("a venue that cannot be reached: failed, nothing sent", async () => {
    const other = await startTestSandbox({ seed: 29, startAt: Date.UTC(2026, 10, 25, 12, 3, 0) });
    const { ctx } = await liveEngine(other);
    const market = tradableMarkets(other)[0]!;
    // A first order warms the client's market cache, so the second is signed without the venue.
    await placed(ctx, candidateFor(other, market, { id: "opp_warm" }));
    const second = candidateFor(other, market, { id: "opp_gone" });
    await other.stop();
    const { order } = await placed(ctx, second, "failed");
    expect(order.reason).toMatch(/could not be reached.*nothing was sent/);
  });

  const uncertain: [string, string][] = [
    ["a 5xx after sending", "clob:502:path=/order,count=1"],
    ["an execution error (500) near the window's end", "clob:execution-error:within_s=100000"],
    ["a timeout with nothing accepted", "clob:timeout:path=/order,count=1"],
  ];
  test.each(uncertain)("%s → uncertain, judged not placed once the grace has passed in venue time, never re-sent", async (_, fault) => {
    const { store, ctx } = await liveEngine(sandbox, 700);
    await sandbox.admin.addFault(fault);
    const market = nextMarket();
    const candidate = candidateFor(sandbox, market);
    const before = await orderPosts(sandbox);
    const { order } = await placed(ctx, candidate, "uncertain");
    expect(order.reason).toMatch(/may exist/);
    await sandbox.admin.clearFaults();
    // The next opportunity in the same market is held: the venue shows no trace yet, but the order may still arrive.
    const held = await processCandidate(ctx, { ...candidateFor(sandbox, market), opportunityId: `${candidate.opportunityId}-held` });
    expect(held.kind).toBe("blocked");
    // Past the request timeout and the grace in venue time, still no trace: not placed, and the market is free again.
    await sandbox.admin.advance(700 + ABSENT_GRACE_MS + 1_000);
    const next = await processCandidate(ctx, { ...candidateFor(sandbox, market), opportunityId: `${candidate.opportunityId}-next` });
    const first = findOrder(store.db, order.clientOrderId)!;
    expect(first.status).toBe("failed");
    expect(first.reason).toMatch(/reconciled: not placed — no trace at the venue/);
    expect(next.kind).toBe("placed");
    // The replayed opportunity is never sent again; the venue never had it.
    expect((await processCandidate(ctx, candidate)).kind).toBe("duplicate");
    expect(venueOrders(sandbox, first.clientOrderId)).toBe(0);
    expect(await orderPosts(sandbox)).toBeGreaterThanOrEqual(before + 1);
  });

  test("after reconciling, the risk check reads the clock again: a price that aged meanwhile is refused", async () => {
    const { store, session, ctx } = await liveEngine(sandbox, 700);
    await sandbox.admin.addFault("clob:502:path=/order,count=1");
    const market = nextMarket();
    const candidate = candidateFor(sandbox, market);
    await placed(ctx, candidate);
    await sandbox.admin.clearFaults();
    // A first look finds no trace; the grace passes in venue time.
    await reconcile(ctx, ordersToReconcile(store, "live"));
    await sandbox.admin.advance(700 + ABSENT_GRACE_MS + 1_000);
    // Ten minutes pass while the venue is asked about the uncertain order (max price age: 10 minutes).
    let lagMs = 0;
    const slow = Object.create(session) as typeof session;
    slow.trades = (params) => {
      lagMs = 600_001;
      return session.trades(params);
    };
    const later = liveContext(store, sandbox, slow, { now: () => new Date(sandbox.app.clock.now() + lagMs) });
    const next = await processCandidate(later, { ...candidateFor(sandbox, market), opportunityId: `${candidate.opportunityId}-aged` });
    expect(rejectionCodes(next)).toContain("stale_price");
    expect(store.db.select().from(orders).all()).toHaveLength(1);
  });

  test("an uncertain order the venue cannot be asked about blocks its market: nothing else is sent there", async () => {
    const { store, ctx } = await liveEngine(sandbox, 700);
    await sandbox.admin.addFault("clob:502:path=/order,count=1");
    const market = nextMarket();
    const candidate = candidateFor(sandbox, market);
    const { order } = await placed(ctx, candidate, "uncertain");
    await sandbox.admin.addFault("clob:503:path=/data/trades");
    const posts = await orderPosts(sandbox);
    const next = await processCandidate(ctx, { ...candidateFor(sandbox, market), opportunityId: `${candidate.opportunityId}-held` });
    expect(next.kind).toBe("blocked");
    if (next.kind !== "blocked") return;
    expect(next.blocking.clientOrderId).toBe(order.clientOrderId);
    expect(next.reason).toMatch(/still uncertain after reconciliation/);
    expect(await orderPosts(sandbox)).toBe(posts);
    expect(store.db.select().from(orders).all()).toHaveLength(1);
  });
});

describe("accepted at the venue, answer lost", () => {
  test("timeout after the venue accepted: uncertain, reconciled to filled from the venue's trades, never sent twice", async () => {
    const { store, ctx } = await liveEngine(sandbox, 600);
    await sandbox.admin.addFault("clob:timeout-after-accept:path=/order,ms=3000");
    const market = nextMarket();
    const candidate = candidateFor(sandbox, market);
    await placed(ctx, candidate, "uncertain");
    expect(store.db.select().from(fills).all()).toHaveLength(0);
    // Reconciliation (start-up, or before the next order in that market) finds the trade.
    const [found] = await reconcile(ctx, ordersToReconcile(store, "live"));
    expect(found!.order.status).toBe("filled");
    expect(found!.order.venueOrderId).toBe(found!.order.expectedOrderId);
    expect(found!.fills.length).toBeGreaterThan(0);
    expect((await processCandidate(ctx, candidate)).kind).toBe("duplicate");
    expect(venueOrders(sandbox, found!.order.clientOrderId)).toBe(1);
  });

  test("a delayed order is open, then reconciled to filled once the venue matches it", async () => {
    const { store, ctx } = await liveEngine(sandbox);
    await sandbox.admin.addFault("clob:delayed:path=/order,ms=3000");
    await placed(ctx, candidateFor(sandbox, nextMarket()), "open");
    await sandbox.admin.advance(3_500);
    const [found] = await reconcile(ctx, ordersToReconcile(store, "live"));
    expect(found!.order.status).toBe("filled");
    expect(found!.fills.length).toBeGreaterThan(0);
  });
});

describe("ghost fill", () => {
  test("reported matched, then failed at the venue: reversed in the store and alerted", async () => {
    const { store, ctx } = await liveEngine(sandbox);
    await sandbox.admin.addFault("clob:ghost-fill:path=/order");
    await placed(ctx, candidateFor(sandbox, nextMarket()), "filled");
    await sandbox.admin.advance(7_000);
    const [found] = await reconcile(ctx, ordersToReconcile(store, "live"));
    expect(found!.reversed.length).toBeGreaterThan(0);
    expect(found!.order.status).toBe("failed");
    expect(found!.order.reason).toMatch(/ghost fill/);
    expect(found!.order.filledSize.toString()).toBe("0");
    const stored = store.db.select().from(fills).all();
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.map((fill) => fill.status)).toEqual(stored.map(() => "failed"));
    // Nothing held: no position keeps any shares.
    const held = store.db.select().from(positions).all();
    expect(held.filter((position) => !position.size.isZero())).toEqual([]);
    expect(alertKeys(store)).toContain(`ghost_fill:${found!.reversed[0]!.tradeId}`);
    expect(ordersToReconcile(store, "live")).toHaveLength(0);
  });
});
