import { describe, expect, test } from "bun:test";
import { stamp } from "../../../core/cli/output.ts";
import type { Market } from "../../../core/model/market.ts";
import { opportunityRecordSchema } from "../../../core/records/opportunity.ts";
import { rejectedRecordSchema } from "../../../core/records/rejected.ts";
import { opportunityId } from "../../../core/scan/opportunity-id.ts";
import type { ReferencePrice } from "../../../core/scan/reference-price.ts";
import { type ScanOptions, type ScanPrices, scanMarkets } from "../../../core/scan/scan.ts";
import { book, DOWN, d, END, EXCHANGE, lagged, levels, NOW, options, prices, SETTLEMENT, START, UP, updown } from "./fixture.ts";

describe("scanMarkets: fair value opportunities", () => {
  test("prices Up against the settlement stream and walks the asks", () => {
    const result = scanMarkets([updown()], lagged, options);
    expect(result.opportunities.length).toBe(1);
    const opp = result.opportunities[0]!;
    expect(opp).toMatchObject({
      outcome: "Up",
      token_id: UP,
      model: "updown-lognormal",
      settlement: { source: "chainlink", basis: "settlement" },
      inputs: { spot: "97150", reference: "97000", reference_proxy: false },
      limit_price: "0.52",
      size: "200",
      price_age_ms: 800,
      book_age_ms: 500,
      seconds_left: 300,
      fee_schedule: { rate: "0.072", exponent: "1", taker_only: true, source: "gamma:btc-updown-15m-1795608000" },
    });
    expect(Number(opp.fair)).toBeGreaterThan(0.7);
    expect(opp.levels.length).toBe(2);
    // Net edge = gross − fee per share, and profit = size × net.
    expect(d(opp.gross_edge).minus(opp.fee_per_share).toFixed(10)).toBe(d(opp.net_edge).toFixed(10));
    expect(d(opp.size).times(opp.net_edge).toFixed(6)).toBe(d(opp.expected_profit).toFixed(6));
    // The whole record validates.
    expect(opportunityRecordSchema.safeParse(stamp("opportunity", opp, new Date(NOW))).success).toBe(true);
  });

  test("the id is deterministic: same market, outcome and window → same id, whatever the prices", () => {
    const a = scanMarkets([updown()], lagged, options).opportunities[0]!;
    const richer = prices({ settlement: { price: d("97300"), ts: NOW - 100, source: "rtds" } });
    const b = scanMarkets([updown()], richer, { ...options, now: NOW + 1000 }).opportunities[0]!;
    expect(a.id).toBe(b.id);
    expect(a.id).toBe(opportunityId({ condition_id: `0x${"ab".repeat(32)}`, token_id: UP, window_start: START, end: END, strategy: "fair_value" }));
    expect(opportunityId({ condition_id: `0x${"ab".repeat(32)}`, token_id: DOWN, window_start: START, end: END, strategy: "fair_value" })).not.toBe(a.id);
  });

  test("without a fresh settlement value: the exchange price minus the live basis, and the record says so", () => {
    const result = scanMarkets([updown()], prices({ exchange: EXCHANGE, basis: d("20") }), options);
    expect(result.opportunities[0]).toMatchObject({ settlement: { basis: "exchange+basis" }, inputs: { spot: "97150", spot_raw: "97170", basis: "20" } });
  });

  const proxy: ReferencePrice = { price: d("97020"), ts: START, source: "binance-candle", proxy: true };

  test("a Binance-candle opening value on a Chainlink window is a proxy, corrected by the basis", () => {
    const result = scanMarkets([updown()], prices({ settlement: SETTLEMENT, basis: d("20") }, proxy), options);
    expect(result.opportunities[0]!.inputs).toMatchObject({ reference_proxy: true, reference_corrected: true, reference: "97000", reference_raw: "97020" });
  });

  test("a proxy opening value with no basis known prices both ends on the exchange", () => {
    const result = scanMarkets([updown()], prices({ settlement: SETTLEMENT, exchange: EXCHANGE }, proxy), options);
    // The live basis is measured from the two fresh quotes: 97170 − 97150 = 20.
    expect(result.opportunities[0]!.inputs.reference).toBe("97000");
    const onlyExchange = scanMarkets([updown()], prices({ exchange: EXCHANGE }, proxy), options);
    expect(onlyExchange.opportunities[0]!.settlement.basis).toBe("exchange");
    expect(onlyExchange.opportunities[0]!.inputs.reference).toBe("97020");
  });
});

describe("scanMarkets: rejections", () => {
  const reasonOf = (market: Market, p: ScanPrices = lagged, o: ScanOptions = options) => {
    const result = scanMarkets([market], p, o);
    expect(result.opportunities).toEqual([]);
    expect(result.rejected.length).toBe(1);
    const rejected = result.rejected[0]!;
    expect(rejectedRecordSchema.safeParse(stamp("rejected", rejected, new Date(NOW))).success).toBe(true);
    return rejected;
  };

  test("fees fail closed: an unknown schedule is rejected, never priced as fee-free", () => {
    const rejected = reasonOf(updown({ fee: { status: "unknown", reason: "fees enabled but no feeSchedule published" } }));
    expect(rejected.reason).toBe("fee_unknown");
    expect(rejected.detail).toMatch(/not priced as fee-free/);
  });

  test("killed by the fee: gross, fee and net shown", () => {
    // P(Up) = 0.797955; ask 0.77 → gross 0.027955 ≥ 0.02, fee 0.0127512 → net 0.0152038.
    const rejected = reasonOf(updown({}, levels(["0.77", "100"]), levels(["0.40", "100"])));
    expect(rejected).toMatchObject({
      reason: "fee_killed",
      outcome: "Up",
      best_ask: "0.77",
      fair: "0.797955",
      gross_edge: "0.027955",
      fee_per_share: "0.0127512",
      net_edge: "0.0152038",
    });
    expect(Number(rejected.gross_edge)).toBeGreaterThanOrEqual(0.02);
    expect(Number(rejected.net_edge)).toBeLessThan(0.02);
    expect(rejected.detail).toMatch(/killed by the fee/);
  });

  test("the same book on a fee-free market is an opportunity", () => {
    const result = scanMarkets([updown({ fee: { status: "disabled" } }, levels(["0.77", "100"]), levels(["0.40", "100"]))], lagged, options);
    expect(result.opportunities.map((opp) => [opp.outcome, opp.fee])).toEqual([["Up", "0"]]);
    expect(result.opportunities[0]!.fee_schedule.rate).toBe("0");
  });

  test.each([
    ["not_accepting", () => reasonOf(updown({ accepting_orders: false }))],
    ["expiring", () => reasonOf(updown(), lagged, { ...options, now: END - 10_000 })],
    ["stale_price", () => reasonOf(updown(), prices({ settlement: { price: d("97150"), ts: NOW - 9000, source: "rtds" } }))],
    ["no_price", () => reasonOf(updown(), prices({}))],
    ["no_book", () => reasonOf(updown({ books: { [UP]: book(UP, levels(["0.5", "10"])) } }))],
    ["stale_book", () => reasonOf(updown({ books: { [UP]: book(UP, levels(["0.5", "10"]), NOW - 60_000), [DOWN]: book(DOWN, []) } }))],
    ["not_started", () => reasonOf(updown({ window_start: NOW + 60_000, end: NOW + 960_000 }))],
    ["no_reference", () => reasonOf(updown(), { ...lagged, refs: new Map() })],
    ["below_threshold", () => reasonOf(updown({}, levels(["0.79", "100"]), levels(["0.30", "100"])))],
    ["no_liquidity", () => reasonOf(updown({}, [], []))],
    ["below_min_size", () => reasonOf(updown({}, levels(["0.50", "3"]), levels(["0.40", "1"])))],
  ] as const)("guard: %s", (reason, rejectedFor) => {
    expect(rejectedFor().reason).toBe(reason);
  });

  test("a settlement-stream opening value is never compared with an uncorrected exchange price", () => {
    const rejected = reasonOf(updown(), prices({ exchange: EXCHANGE }));
    expect(rejected.reason).toBe("no_price");
    expect(rejected.detail).toMatch(/settlement stream/);
  });
});

describe("scanMarkets: complement and other kinds", () => {
  test("buying both outcomes under 1 after fees is reported as two legs of one group", () => {
    // Up at 0.79 is below its fair-value edge; the pair costs 0.94 + fees 0.0211248.
    const result = scanMarkets([updown({}, levels(["0.79", "100"]), levels(["0.15", "100"]))], lagged, options);
    const legs = result.opportunities.filter((opp) => opp.strategy === "complement");
    expect(legs.length).toBe(2);
    expect(legs[0]!.complement!.group_id).toBe(legs[1]!.complement!.group_id);
    expect(legs.map((leg) => leg.outcome)).toEqual(["Up", "Down"]);
    expect(legs[0]!.size).toBe("100");
    expect(legs[0]!.net_edge).toBe(legs[1]!.net_edge);
    // 1 − 0.94 − (0.072 × 0.79 × 0.21 + 0.072 × 0.15 × 0.85) = 0.0388752
    expect(legs[0]!.net_edge).toBe("0.0388752");
    expect(result.opportunities.filter((opp) => opp.strategy === "fair_value").map((opp) => opp.outcome)).toEqual(["Down"]);
    expect(legs[0]!.id).not.toBe(legs[1]!.id);
    const off = scanMarkets([updown({}, levels(["0.79", "100"]), levels(["0.15", "100"]))], lagged, { ...options, complement: false });
    expect(off.opportunities.filter((opp) => opp.strategy === "complement")).toEqual([]);
  });

  const yesNo = (kind: Market["kind"], extra: Partial<Market>, yesAsk: string): Market =>
    updown({
      kind,
      window: undefined,
      window_start: undefined,
      end: NOW + 86_400_000,
      resolution: { source: "binance", detail: "BTCUSDT 1m candle" },
      outcomes: [
        { label: "Yes", token_id: UP },
        { label: "No", token_id: DOWN },
      ],
      books: { [UP]: book(UP, levels([yesAsk, "100"])), [DOWN]: book(DOWN, levels(["0.99", "100"])) },
      ...extra,
    });
  const exchange = prices({ exchange: { price: d("97000"), ts: NOW - 100, source: "binance" } });

  test("above, range and touch use their lognormal formulas on the exchange (Binance-settled: on the source)", () => {
    const result = scanMarkets(
      [
        yesNo("above", { strike: d("96000") }, "0.50"),
        yesNo("range", { low: d("96000"), high: d("98000") }, "0.20"),
        yesNo("touch", { barrier: d("99000"), direction: "up" }, "0.20"),
      ],
      exchange,
      options,
    );
    expect(result.opportunities.map((opp) => [opp.kind, opp.model, opp.outcome, opp.settlement.basis])).toEqual([
      ["above", "above-lognormal", "Yes", "settlement"],
      ["range", "range-lognormal", "Yes", "settlement"],
      ["touch", "touch-lognormal", "Yes", "settlement"],
    ]);
    // N((ln(97000/96000) − σ²T/2)/(σ√T)), σ 0.6, one day.
    expect(result.opportunities[0]!.fair).toBe("0.623385");
    expect(result.opportunities[0]!.inputs.strike).toBe("96000");
    expect(result.opportunities[2]!.inputs.direction).toBe("up");
    expect(result.priced.length).toBe(3);
  });
});
