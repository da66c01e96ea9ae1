/**
 * The live executor on the sandbox venue: real HTTP, the official client signing, the venue
 * verifying every signature. Fills, fees, ids, settlement and paper/live agreement.
 */
import { describe, expect, test } from "bun:test";
import { fetchBook } from "../../../core/adapters/polymarket/market-data/token-book.ts";
import { Decimal } from "../../../core/decimal.ts";
import { fills as fillsTable, positions } from "../../../core/store/schema.ts";
import { ordersToReconcile, processCandidate, reconcile } from "../../../core/trade/engine.ts";
import { memoryStore, placed } from "./engine-helpers.ts";
import { candidateFor, liveContext, liveEngine, liveSession, orderPosts, sandboxPerFile, tradableMarkets } from "./live-helpers.ts";

const sandbox = sandboxPerFile(11);

describe("live executor on the sandbox", () => {
  test("a FOK BUY fills: the venue's order id is the one computed before sending, fills come from the trade's maker orders, the fee from the schedule", async () => {
    const { store, ctx } = await liveEngine(sandbox);
    const market = tradableMarkets(sandbox)[0]!;
    const candidate = candidateFor(sandbox, market, { levels: 2, maxCost: "8" });
    const before = await orderPosts(sandbox);
    const outcome = await placed(ctx, candidate, "filled");
    expect(outcome.order.venueOrderId).toBe(outcome.order.expectedOrderId);
    expect(outcome.order.sentAt).not.toBeNull();
    expect(await orderPosts(sandbox)).toBe(before + 1);
    expect(outcome.fills.length).toBeGreaterThanOrEqual(1);
    expect(outcome.fills.every((fill) => fill.status === "matched")).toBe(true);
    // Not settled yet: no position.
    expect(store.db.select().from(positions).all()).toHaveLength(0);

    await sandbox.admin.advance(7_000);
    const [reconciled] = await reconcile(ctx, ordersToReconcile(store, "live"));
    expect(reconciled!.fills.map((fill) => fill.status)).toEqual(outcome.fills.map(() => "confirmed"));
    const position = store.db.select().from(positions).get()!;
    const filled = store.db.select().from(fillsTable).all();
    expect(position.size.eq(filled.reduce((sum, fill) => sum.plus(fill.size), position.size.minus(position.size)))).toBe(true);
    expect(position.fees.eq(filled.reduce((sum, fill) => sum.plus(fill.fee), position.fees.minus(position.fees)))).toBe(true);
    expect(position.cost.toString()).toBe(candidate.cost!.toDecimalPlaces(2, 1).toString());
    expect(ordersToReconcile(store, "live")).toHaveLength(0);
  });

  test("paper and live fills of the same opportunity on the same book agree", async () => {
    const { session } = await liveSession(sandbox);
    // A market whose best ask costs less than the budget, so the walk takes more than one level.
    const now = sandbox.app.clock.now();
    const market = tradableMarkets(sandbox).find((item) => {
      const best = [...sandbox.app.books!.book(item.tokenIds[0], now)!.asks].sort((a, b) => new Decimal(a.price).comparedTo(b.price))[0]!;
      return new Decimal(best.size).times(best.price).lt(10);
    })!;
    const candidate = candidateFor(sandbox, market, { levels: 3, maxCost: "12", id: "opp_agree" });
    // The same engine but for the venue: paper fills walk the book the live order meets.
    const paperVenue = { mode: "paper" as const, book: (tokenId: string) => fetchBook(`${sandbox.url}/clob`, tokenId) };
    const paper = await placed({ ...liveContext(memoryStore(), sandbox, session), venue: paperVenue }, candidate, "filled");
    const live = await placed(liveContext(memoryStore(), sandbox, session), candidate);
    expect(paper.fills.length).toBeGreaterThanOrEqual(2);
    expect(live.order.status).toBe(paper.order.status);
    const shape = (rows: typeof paper.fills) => rows.map((fill) => [fill.price.toString(), fill.size.toString(), fill.fee.toString()]);
    expect(shape(live.fills)).toEqual(shape(paper.fills));
    expect(live.order.filledSize.toString()).toBe(paper.order.filledSize.toString());
    expect(live.order.fee.toString()).toBe(paper.order.fee.toString());
    expect(live.order.avgPrice!.toString()).toBe(paper.order.avgPrice!.toString());
  });

  test("the same opportunity twice, and a second engine on the same store: one order at the venue", async () => {
    const { session } = await liveSession(sandbox);
    const store = memoryStore();
    const market = tradableMarkets(sandbox)[2]!;
    const candidate = candidateFor(sandbox, market, { id: "opp_twice" });
    const before = await orderPosts(sandbox);
    await placed(liveContext(store, sandbox, session), candidate);
    expect((await processCandidate(liveContext(store, sandbox, session), candidate)).kind).toBe("duplicate");
    expect(await orderPosts(sandbox)).toBe(before + 1);
  });
});
