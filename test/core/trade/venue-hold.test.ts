/**
 * A 429 with Retry-After on an order holds the venue's orders until then, on the sandbox over real
 * HTTP: the orders meanwhile fail closed (nothing sent, nothing written), one alert for the hold, and
 * any engine on the same store honours it; once the time has passed, orders go out again.
 */
import { describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { orders } from "../../../core/store/schema.ts";
import { processCandidate } from "../../../core/trade/engine.ts";
import { activeHold } from "../../../core/trade/venue-hold.ts";
import { alertKeys, placed } from "./engine-helpers.ts";
import { candidateFor, liveContext, liveEngine, liveSession, orderPosts, sandboxPerFile, tradableMarkets } from "./live-helpers.ts";

const sandbox = sandboxPerFile(31);

describe("the venue asks to wait (429 with Retry-After)", () => {
  test("orders are held until then, fail closed and unsent, with one alert; then they go out again", async () => {
    const { store, ctx } = await liveEngine(sandbox);
    const [first, second] = tradableMarkets(sandbox, 5);
    await sandbox.admin.addFault("clob:429:path=/order,count=1,retry_after=30");
    const before = await orderPosts(sandbox);

    const limited = await placed(ctx, candidateFor(sandbox, first!, { id: "opp_hold_0" }), "failed");
    expect(limited.order.reason).toMatch(/rate limited by the venue \(429\).*retry after 30 s/);
    const until = new Date(sandbox.app.clock.now() + 30_000).toISOString();
    expect(limited.venueHold).toMatchObject({ status: 429, until });

    // Other markets, another engine on the same store: all held, nothing sent, nothing written.
    const again = liveContext(store, sandbox, (await liveSession(sandbox)).session);
    for (const [i, market] of [first!, second!, second!].entries()) {
      const held = await processCandidate(i === 2 ? again : ctx, candidateFor(sandbox, market, { id: `opp_hold_${i + 1}` }));
      expect(held).toMatchObject({ kind: "held", reason: `held: the CLOB asked us to wait (429, rate limited) until ${until}; nothing was sent` });
    }
    expect(await orderPosts(sandbox)).toBe(before + 1);
    expect(store.db.select({ id: orders.clientOrderId }).from(orders).all()).toEqual([{ id: limited.order.clientOrderId }]);
    expect(alertKeys(store)).toEqual(["venue_hold:clob"]);

    // Once the time has passed, the next order goes out (and the held opportunities can be traded).
    await sandbox.admin.advance(30_001);
    expect(activeHold(store.db, new Date(sandbox.app.clock.now()))).toBeUndefined();
    await placed(ctx, candidateFor(sandbox, second!, { id: "opp_hold_2" }), "filled");
    expect(await orderPosts(sandbox)).toBe(before + 2);
    expect(store.db.select().from(orders).where(eq(orders.status, "failed")).all()).toHaveLength(1);
  });

  test("a 429 without Retry-After holds nothing", async () => {
    const { store, ctx } = await liveEngine(sandbox);
    await sandbox.admin.addFault("clob:429:path=/order,count=1");
    const [market] = tradableMarkets(sandbox, 5);
    const limited = await placed(ctx, candidateFor(sandbox, market!, { id: "opp_nohold_0" }));
    expect(limited.venueHold).toBeUndefined();
    expect(activeHold(store.db, new Date(sandbox.app.clock.now()))).toBeUndefined();
    await placed(ctx, candidateFor(sandbox, market!, { id: "opp_nohold_1" }));
  });
});
