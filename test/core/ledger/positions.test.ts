import { describe, expect, test } from "bun:test";
import { resolutionOfRow } from "../../../core/adapters/polymarket/gamma/resolutions.ts";
import { settlePosition } from "../../../core/ledger/positions.ts";
import { summaryFields } from "../../../core/risk/summary.ts";
import { positions } from "../../../core/store/schema.ts";
import { processCandidate } from "../../../core/trade/engine.ts";
import { bookOf, memoryStore, paperContext, tokenMarkets } from "../trade/engine-helpers.ts";
import { candidate, d, limits, MARKET, NOW, TOKEN } from "../trade/fixtures.ts";

describe("resolution from Gamma rows", () => {
  const row = (extra: Record<string, unknown>) => ({ conditionId: "0xc", closed: true, outcomePrices: '["1", "0"]', clobTokenIds: '["111", "222"]', ...extra });
  test.each([
    ["closed, 1/0 as JSON text", row({}), ["111"]],
    ["closed, 0/1 as arrays", row({ outcomePrices: ["0", "1"], clobTokenIds: ["111", "222"] }), ["222"]],
    ["closed, 1.0/0.0", row({ outcomePrices: '["0.0", "1.0"]' }), ["222"]],
  ])("%s", (_, raw, winners) => {
    expect([...resolutionOfRow(raw)!.winners]).toEqual(winners);
  });
  test.each([
    ["still open", row({ closed: false })],
    ["closed but not resolved (prices 0.52/0.48)", row({ outcomePrices: '["0.52", "0.48"]' })],
    ["a 50/50 void", row({ outcomePrices: '["0.5", "0.5"]' })],
    ["two winners", row({ outcomePrices: '["1", "1"]' })],
    ["token count mismatch", row({ clobTokenIds: '["111"]' })],
    ["garbage", "nope"],
  ])("%s → not settled", (_, raw) => {
    expect(resolutionOfRow(raw)).toBeUndefined();
  });
});

describe("settlement P&L after fees", () => {
  test("a winner pays size − cost − fees, a loser −cost − fees; booked once; the summary adds it up", async () => {
    const store = memoryStore();
    const books = new Map([
      [TOKEN, bookOf([["0.40", "50"]], TOKEN)],
      ["999", bookOf([["0.60", "50"]], "999")],
    ]);
    const ctx = paperContext(store, (token) => books.get(token)!, { limits: limits({ cooldownMs: 0 }), markets: tokenMarkets({ [TOKEN]: MARKET, "999": "0xcond2" }) });
    await processCandidate(ctx, candidate({ limitPrice: d("0.40"), size: d("25") }));
    await processCandidate(ctx, candidate({ opportunityId: "opp-b", conditionId: "0xcond2", tokenId: "999", limitPrice: d("0.60"), size: d("25") }));
    const [won, lost] = store.db.select().from(positions).all();
    // 25 shares at 0.40: cost 10, fee 25 × 0.072 × 0.24 = 0.432.
    expect([won!.size.toString(), won!.cost.toString(), won!.fees.toString()]).toEqual(["25", "10", "0.432"]);
    const a = settlePosition(store.db, won!, true, NOW);
    const b = settlePosition(store.db, lost!, false, NOW);
    expect(a.realisedPnl.toString()).toBe("14.568");
    expect(b.realisedPnl.toString()).toBe(lost!.cost.plus(lost!.fees).negated().toString());
    expect(settlePosition(store.db, a, false, NOW).realisedPnl.toString()).toBe("14.568");
    const summary = summaryFields(store.db, "paper", limits(), NOW);
    expect(summary.realised_pnl).toBe(a.realisedPnl.plus(b.realisedPnl).toString());
    expect(summary.realised_pnl_today).toBe(summary.realised_pnl);
    expect([summary.wins, summary.losses, summary.win_rate]).toEqual([1, 1, "0.5"]);
    expect(summary.fees_paid).toBe(won!.fees.plus(lost!.fees).toString());
    expect(summary.exposure).toBe("0");
    expect(summary.open_positions).toBe(0);
  });
});
