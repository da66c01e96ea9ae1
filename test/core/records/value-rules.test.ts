/**
 * Values the venue and the models never produce make the whole record bad, wherever it is read:
 * a price of 0 or below, a tick size of 0 or below, a fee rate outside [0, 1], a 5000-digit number
 * in an opportunity. Honest values of the same fields stay good.
 */
import { describe, expect, test } from "bun:test";
import { marketRecordSchema } from "../../../core/records/market.ts";
import { opportunityRecordSchema } from "../../../core/records/opportunity.ts";
import { priceRecordSchema } from "../../../core/records/price.ts";

const TS = "2026-12-31T17:07:20.000Z";
const price = {
  type: "price",
  v: 1,
  ts: TS,
  symbol: "BTC",
  price: "97000.5",
  source: "binance",
  sources: ["binance"],
  source_ts: TS,
  received_at: TS,
  age_ms: 0,
  stale: false,
  settlement: "96810.2",
  settlement_ts: TS,
  settlement_age_ms: 0,
};
const fee = { rate: "0.072", exponent: "1", taker_only: true, source: "gamma:btc" };
const market = {
  type: "market",
  v: 1,
  ts: TS,
  id: "1",
  condition_id: `0x${"ab".repeat(32)}`,
  slug: "btc",
  question: "?",
  symbol: "BTC",
  kind: "above",
  strike: "97000",
  end: TS,
  resolution: { source: "binance", detail: "BTCUSDT" },
  outcomes: { Yes: "1", No: "2" },
  fee_status: "enabled",
  fee,
  tick_size: "0.01",
  min_size: "5",
  neg_risk: false,
  accepting_orders: true,
};
const opportunity = {
  type: "opportunity",
  v: 1,
  ts: TS,
  id: "opp_c03a065bd7ff901ce1517b3b",
  strategy: "fair_value",
  market_id: "1",
  condition_id: market.condition_id,
  slug: "btc",
  question: "?",
  symbol: "BTC",
  kind: "above",
  end: TS,
  seconds_left: 460,
  outcome: "Yes",
  token_id: "1",
  side: "BUY",
  limit_price: "0.5",
  size: "30",
  avg_price: "0.5",
  cost: "15",
  fair: "0.568",
  gross_edge: "0.068",
  fee: "0.54",
  fee_per_share: "0.018",
  net_edge: "0.05",
  expected_profit: "1.5",
  min_edge: "0.02",
  fee_schedule: fee,
  tick_size: "0.01",
  min_size: "5",
  neg_risk: false,
  accepting_orders: true,
  levels: [{ price: "0.5", size: "30", fee: "0.54" }],
  evaluated_at: TS,
  price_ts: TS,
  price_age_ms: 0,
  book_ts: TS,
  book_age_ms: 0,
  model: "above-lognormal",
  inputs: {},
  settlement: { source: "binance", basis: "settlement" },
};

const ok = (schema: { safeParse(value: unknown): { success: boolean } }, value: unknown) => schema.safeParse(value).success;

describe("record value rules", () => {
  test("the honest records are good", () => {
    expect(ok(priceRecordSchema, price)).toBe(true);
    expect(ok(marketRecordSchema, market)).toBe(true);
    expect(ok(opportunityRecordSchema, opportunity)).toBe(true);
  });

  test.each(["0", "0.000", "-5", "-0.01"])("a price of %s is a bad price record (price or settlement)", (value) => {
    expect(ok(priceRecordSchema, { ...price, price: value })).toBe(false);
    expect(ok(priceRecordSchema, { ...price, settlement: value })).toBe(false);
  });

  test.each(["0", "0.00", "-0.01"])("a tick size of %s is a bad market and a bad opportunity", (tick) => {
    expect(ok(marketRecordSchema, { ...market, tick_size: tick })).toBe(false);
    expect(ok(opportunityRecordSchema, { ...opportunity, tick_size: tick })).toBe(false);
  });

  test.each(["-0.072", "-1", "1.5"])("a fee rate of %s is a bad market and a bad opportunity", (rate) => {
    expect(ok(marketRecordSchema, { ...market, fee: { ...fee, rate } })).toBe(false);
    expect(ok(opportunityRecordSchema, { ...opportunity, fee_schedule: { ...fee, rate } })).toBe(false);
  });

  test("fee rates 0 and 1 are rates", () => {
    for (const rate of ["0", "1", "1.000"]) expect(ok(marketRecordSchema, { ...market, fee: { ...fee, rate } })).toBe(true);
  });

  test("a 5000-digit number is not an opportunity's decimal", () => {
    for (const field of ["net_edge", "fair", "limit_price", "size", "avg_price"]) expect(ok(opportunityRecordSchema, { ...opportunity, [field]: "9".repeat(5000) })).toBe(false);
    expect(ok(opportunityRecordSchema, { ...opportunity, levels: [{ price: "0.5", size: `30.${"0".repeat(5000)}`, fee: "0.54" }] })).toBe(false);
    expect(ok(opportunityRecordSchema, { ...opportunity, net_edge: `0.${"1".repeat(62)}` })).toBe(true);
  });
});
