import { describe, expect, test } from "bun:test";
import { stamp } from "../../../core/cli/output.ts";
import { settlePosition } from "../../../core/ledger/positions.ts";
import { candidateFromOpportunity } from "../../../core/model/from-opportunity.ts";
import { opportunityRecordSchema } from "../../../core/records/opportunity.ts";
import { getHalt } from "../../../core/risk/stops.ts";
import { loadRiskState } from "../../../core/risk/store-state.ts";
import { scanMarkets } from "../../../core/scan/scan.ts";
import { alerts, fills, orders, positions } from "../../../core/store/schema.ts";
import { processCandidate } from "../../../core/trade/engine.ts";
import { lagged, levels, options, NOW as SCAN_NOW, UP, updown } from "../scan/fixture.ts";
import { alertKeys, bookOf, memoryStore, paperContext, placed, rejectionCodes, tokenMarkets } from "./engine-helpers.ts";
import { candidate, d, limits, MARKET, NOW, TOKEN } from "./fixtures.ts";

const book = bookOf(
  [
    ["0.49", "10"],
    ["0.50", "100"],
  ],
  TOKEN,
);

describe("engine (paper, in-process)", () => {
  test("an approved opportunity becomes a filled order, fills and a position; the same opportunity again places nothing", async () => {
    const store = memoryStore();
    const ctx = paperContext(store, () => book);
    const outcome = await placed(ctx, candidate({ size: d("20") }), "filled");
    expect(outcome.order.budget!.toString()).toBe("10");
    expect(outcome.fills.map((fill) => fill.size.toString())).toEqual(["10", "10.2"]);
    const position = store.db.select().from(positions).get()!;
    expect(position.size.toString()).toBe("20.2");
    expect(position.cost.toString()).toBe("10");
    expect(position.fees.toString()).toBe(outcome.order.fee.toString());
    expect((await processCandidate(ctx, candidate({ size: d("20") }))).kind).toBe("duplicate");
    expect(store.db.select().from(orders).all()).toHaveLength(1);
  });

  test("a losing settlement past the drawdown limit halts trading and alerts", async () => {
    const store = memoryStore();
    const lim = limits({ maxDrawdown: d("0.04"), cooldownMs: 0 });
    const markets = tokenMarkets({ [TOKEN]: MARKET, "22": "0xcond2", "33": "0xcond3" });
    const ctx = paperContext(store, () => book, { limits: lim, markets });
    await placed(ctx, candidate({ size: d("36") }));
    const position = store.db.select().from(positions).get()!;
    settlePosition(store.db, position, false, NOW);
    expect(loadRiskState(store.db, "paper", lim, NOW).realisedPnl.lt(d("-8"))).toBe(true);
    const next = await processCandidate(ctx, candidate({ opportunityId: "opp-2", conditionId: "0xcond2", tokenId: "22" }));
    expect(rejectionCodes(next)).toContain("drawdown");
    expect(getHalt(store.db, "paper")?.reason).toContain("drawdown");
    expect(alertKeys(store)).toEqual(["drawdown_halt:paper"]);
    // Halted: even a fine opportunity is rejected (with a limit the drawdown no longer breaches, so
    // only the halt stands in its way), nothing is placed, and no second halt alert.
    const loose = paperContext(store, () => book, { limits: limits({ maxDrawdown: d("0.5"), cooldownMs: 0 }), markets });
    const third = await processCandidate(loose, candidate({ opportunityId: "opp-3", conditionId: "0xcond3", tokenId: "33" }));
    expect(rejectionCodes(third)).toEqual(["halted"]);
    expect(store.db.select().from(orders).all()).toHaveLength(1);
    expect(store.db.select().from(alerts).all()).toHaveLength(1);
  });

  test("a book that cannot be read fails the order with the reason", async () => {
    const store = memoryStore();
    const unreadable = () => {
      throw new Error("clob: HTTP 503");
    };
    const { order } = await placed(paperContext(store, unreadable), candidate(), "failed");
    expect(order.reason).toContain("503");
    expect(store.db.select().from(fills).all()).toHaveLength(0);
  });

  test("a scan's opportunity that takes every level up to its limit fills FOK on the book it was priced on", async () => {
    // Up asks 0.50 × 10 and 0.52 × 10, both taken: they cost 10.20; size × limit (10.40) would be killed.
    const asks: [string, string][] = [
      ["0.50", "10"],
      ["0.52", "10"],
    ];
    const market = updown({}, levels(...asks));
    const fields = scanMarkets([market], lagged, options).opportunities.find((found) => found.token_id === UP)!;
    const record = opportunityRecordSchema.parse(JSON.parse(JSON.stringify(stamp("opportunity", fields, new Date(SCAN_NOW)))));
    const parsed = candidateFromOpportunity(record);
    if (!parsed.ok) throw new Error(parsed.error);
    const ctx = paperContext(memoryStore(), () => bookOf(asks, UP), { markets: tokenMarkets({ [UP]: market.condition_id }), now: () => new Date(SCAN_NOW + 50) });
    const outcome = await placed(ctx, parsed.value, "filled");
    expect(outcome.order.budget!.toString()).toBe("10.2");
    expect(outcome.fills.map((fill) => fill.size.toString())).toEqual(["10", "10"]);
  });
});
