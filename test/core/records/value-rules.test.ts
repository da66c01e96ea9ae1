/**
 * Values the venue and the models never produce make the whole record bad, wherever it is read:
 * a price of 0 or below, a tick size of 0 or below, a fee rate outside [0, 1], a 5000-digit number
 * in an opportunity. Honest values of the same fields (a market and opportunity as the writers build them) stay good.
 */
import { expect, test } from "bun:test";
import { stamp } from "../../../core/cli/output.ts";
import { marketFields } from "../../../core/markets/market-record.ts";
import { marketRecordSchema } from "../../../core/records/market.ts";
import { opportunityRecordSchema } from "../../../core/records/opportunity.ts";
import { priceRecordSchema } from "../../../core/records/price.ts";
import { scanMarkets } from "../../../core/scan/scan.ts";
import { lagged, NOW, options, priceRecord, updown } from "../scan/fixture.ts";

const price = priceRecord({ settlement: "96810.2", settlement_ts: "2026-11-25T12:00:00.000Z", settlement_age_ms: 1000 });
const market = stamp("market", marketFields(updown()));
const fee = market.fee!;
const opportunity = stamp("opportunity", scanMarkets([updown()], lagged, options).opportunities[0]!, new Date(NOW));

const ok = (schema: { safeParse(value: unknown): { success: boolean } }, value: unknown) => schema.safeParse(value).success;

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
