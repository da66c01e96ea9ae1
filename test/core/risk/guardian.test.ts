import { describe, expect, test } from "bun:test";
import { maxCost } from "../../../core/ledger/max-cost.ts";
import { evaluateRisk, type ReasonCode } from "../../../core/risk/guardian.ts";
import type { RiskState } from "../../../core/risk/state.ts";
import { candidate, d, KNOWN, level, limits, NOW, riskState } from "../trade/fixtures.ts";

const L = limits();

describe("risk guardian: approvals and cuts", () => {
  test("a small, fresh, edgy opportunity is approved in full", () => {
    const decision = evaluateRisk(candidate({ size: d("10") }), riskState(), L, NOW, KNOWN);
    expect(decision.approved).toBe(true);
    expect(decision.budget.toString()).toBe("5");
    expect(decision.size.toString()).toBe("10");
    expect(decision.reasons).toEqual([]);
    expect(decision.maxCost.lte(L.maxTradeSize)).toBe(true);
  });

  test("the budget is what the levels found cost, not size × limit", () => {
    const found = candidate({ size: d("10"), limitPrice: d("0.53"), cost: d("5.159"), levels: [level("0.50", "4.7"), level("0.53", "5.3")] });
    const decision = evaluateRisk(found, riskState(), L, NOW, KNOWN);
    expect(decision.budget.toString()).toBe("5.15");
  });

  // 60 shares at 0.50 → budget 30; bound with the worst-case fee (7.128% per dollar) 32.1385.
  // [name, state, limit overrides, expected budget, cut codes]
  const cuts: [string, Partial<RiskState>, Partial<typeof L>, string, ReasonCode[]][] = [
    ["max_trade_size 20", {}, {}, "18.66", ["max_trade_size"]],
    ["market exposure headroom 10", { exposureByMarket: new Map([["0xcond1", d("40")]]) }, {}, "9.33", ["max_trade_size", "max_market_exposure"]],
    ["total exposure headroom 5", { exposureByMarket: new Map([["0xother", d("145")]]), openTokens: new Set(["t2"]) }, {}, "4.66", ["max_trade_size", "max_total_exposure"]],
    [
      "free cash 10 after losses",
      { realisedPnl: d("-60"), exposureByMarket: new Map([["0xother", d("130")]]), openTokens: new Set(["t2"]) },
      { maxDrawdown: d("0.9"), dailyLossLimit: d("100") },
      "9.33",
      ["max_trade_size", "bankroll"],
    ],
  ];
  test.each(cuts)("cut by %s", (_, partial, limitOverrides, budget, codes) => {
    const lim = limits(limitOverrides);
    const decision = evaluateRisk(candidate({ size: d("60") }), riskState(partial), lim, NOW, KNOWN);
    expect(decision.approved).toBe(true);
    expect(decision.budget.toString()).toBe(budget);
    expect(decision.size.toString()).toBe(d(budget).times(2).toString());
    expect(decision.reasons.map((reason) => [reason.code, reason.kind])).toEqual(codes.map((code) => [code, "cut"]));
    // Whatever was cut, the bound stays inside every limit.
    const market = partial.exposureByMarket?.get("0xcond1") ?? d("0");
    const total = [...(partial.exposureByMarket?.values() ?? [])].reduce((sum, value) => sum.plus(value), d("0"));
    expect(decision.maxCost.lte(lim.maxTradeSize)).toBe(true);
    expect(decision.maxCost.plus(market).lte(lim.maxMarketExposure)).toBe(true);
    expect(decision.maxCost.plus(total).lte(lim.maxTotalExposure)).toBe(true);
    expect(decision.maxCost.plus(total).lte(lim.bankroll.plus(partial.realisedPnl ?? 0))).toBe(true);
    expect(decision.maxCost).toEqual(maxCost(decision.budget, candidate().feeSchedule, d("0.01")));
  });
});

describe("risk guardian: every limit rejects with its reason", () => {
  const since = "2026-06-01T00:00:00.000Z";
  const rejections: [ReasonCode, Partial<RiskState>, Parameters<typeof candidate>[0], Partial<typeof L>][] = [
    ["kill_switch", { killSwitch: { reason: "operator", since } }, {}, {}],
    ["halted", { halt: { reason: "drawdown 25%", since } }, {}, {}],
    ["drawdown", { realisedPnl: d("-50"), highWaterMark: d("220") }, {}, {}],
    ["daily_loss", { realisedPnlToday: d("-40"), realisedPnl: d("-40") }, {}, { maxDrawdown: d("0.5") }],
    ["min_edge", {}, { netEdge: d("0.019") }, {}],
    ["stale_price", {}, { priceAgeMs: 2950 }, {}],
    ["stale_book", {}, { bookAgeMs: 6000 }, {}],
    ["market_ended", {}, { end: NOW }, {}],
    ["cooldown", { lastOrderAt: new Map([["0xcond1", NOW.getTime() - 29_999]]) }, {}, {}],
    ["max_open_positions", { openTokens: new Set(Array.from({ length: 10 }, (_, i) => `t${i}`)) }, {}, {}],
    ["max_market_exposure", { exposureByMarket: new Map([["0xcond1", d("50")]]) }, {}, {}],
    ["max_total_exposure", { exposureByMarket: new Map(Object.entries({ a: d("100"), b: d("50") })), openTokens: new Set(["x", "y"]) }, {}, {}],
    [
      "bankroll",
      { realisedPnl: d("-60"), exposureByMarket: new Map([["a", d("140")]]), openTokens: new Set(["x"]), highWaterMark: d("200") },
      {},
      { maxDrawdown: d("0.9"), dailyLossLimit: d("100") },
    ],
    ["min_size", {}, { size: d("4") }, {}],
    ["min_size", { exposureByMarket: new Map([["0xcond1", d("48")]]) }, {}, {}],
    ["invalid", {}, { limitPrice: d("0") }, {}],
  ];
  test.each(rejections)("%s", (code, partial, overrides, limitOverrides) => {
    const decision = evaluateRisk(candidate(overrides), riskState(partial), limits(limitOverrides), NOW, KNOWN);
    expect(decision.approved).toBe(false);
    expect(decision.size.toString()).toBe("0");
    const reason = decision.reasons.find((item) => item.code === code);
    expect(reason?.kind).toBe("reject");
    expect(reason?.message.length).toBeGreaterThan(10);
  });

  test("every reason is reported, not just the first", () => {
    const decision = evaluateRisk(candidate({ netEdge: d("0"), priceAgeMs: 10_000, bookAgeMs: 10_000 }), riskState({ killSwitch: { reason: "stop", since } }), L, NOW, KNOWN);
    expect(decision.reasons.map((reason) => reason.code)).toEqual(["kill_switch", "min_edge", "stale_price", "stale_book"]);
  });

  test("a drawdown breach asks the caller to halt; an existing halt does not re-ask", () => {
    const breach = evaluateRisk(candidate(), riskState({ realisedPnl: d("-50"), highWaterMark: d("220") }), L, NOW, KNOWN);
    expect(breach.haltNow).toContain("drawdown");
    const halted = evaluateRisk(candidate(), riskState({ realisedPnl: d("-50"), highWaterMark: d("220"), halt: { reason: "x", since } }), L, NOW, KNOWN);
    expect(halted.haltNow).toBeUndefined();
    expect(halted.reasons.map((reason) => reason.code)).toEqual(["halted"]);
  });

  test("ages grow with the time since the opportunity was evaluated", () => {
    const old = candidate({ evaluatedAt: new Date(NOW.getTime() - 2_900), priceAgeMs: 200 });
    expect(evaluateRisk(old, riskState(), L, NOW, KNOWN).reasons.map((reason) => reason.code)).toEqual(["stale_price"]);
  });

  test("adding to a token already held does not count as a new position", () => {
    const tokens = new Set(Array.from({ length: 9 }, (_, i) => `t${i}`));
    tokens.add(candidate().tokenId);
    const decision = evaluateRisk(candidate({ size: d("10") }), riskState({ openTokens: tokens }), L, NOW, KNOWN);
    expect(decision.approved).toBe(true);
  });

  test("a decision's budget caps a later re-check", () => {
    const decision = evaluateRisk(candidate({ size: d("10") }), riskState(), L, NOW, { ...KNOWN, budgetCap: d("3") });
    expect(decision.budget.toString()).toBe("3");
    expect(decision.size.toString()).toBe("6");
    expect(decision.reasons.map((reason) => reason.code)).toEqual(["decision_size"]);
  });
});

describe("risk guardian: re-armed high-water mark", () => {
  test("after a re-arm below the bankroll, drawdown is measured from the new mark", () => {
    const rearmed = riskState({ realisedPnl: d("-40"), highWaterMark: d("160") });
    expect(evaluateRisk(candidate({ size: d("10") }), rearmed, limits({ dailyLossLimit: d("100") }), NOW, KNOWN).approved).toBe(true);
    const fallen = riskState({ realisedPnl: d("-75"), highWaterMark: d("160") });
    const decision = evaluateRisk(candidate({ size: d("10") }), fallen, limits({ dailyLossLimit: d("100") }), NOW, KNOWN);
    expect(decision.haltNow).toContain("drawdown");
  });
});
