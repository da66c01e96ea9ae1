/**
 * The venue's account reads are believed only when every number in them reads: garbage fails the
 * read (it is never a fill of zero), and only a JSON null from the order lookup means "not shown".
 */
import { expect, test } from "bun:test";
import { readOpenOrders, readOrderLookup, readServerTime, readTrades } from "../../../../../core/adapters/polymarket/execution/venue-reads.ts";

const trade = {
  id: "t-1",
  taker_order_id: "0xabc",
  market: "0xcond",
  asset_id: "123",
  side: "BUY",
  size: "10.5",
  price: "0.52",
  status: "matched",
  trader_side: "TAKER",
  maker_orders: [{ order_id: "0xmaker", price: "0.52", matched_amount: "10.5" }],
};
const order = { id: "0xabc", status: "live", market: "0xcond", asset_id: "123", original_size: "10", size_matched: "0", price: "0.5", associate_trades: [], metadata: "0x01" };

test("a readable trade: exact decimals, upper-case status", () => {
  const [read] = readTrades([trade]);
  expect(read!.size.toString()).toBe("10.5");
  expect(read!.status).toBe("MATCHED");
  expect(read!.makerOrders[0]!.matchedAmount.toString()).toBe("10.5");
});

test.each([
  ["NaN", { ...trade, size: "NaN" }],
  ["an empty amount", { ...trade, maker_orders: [{ ...trade.maker_orders[0], matched_amount: "" }] }],
  ["null price", { ...trade, price: null }],
  ["a negative size", { ...trade, size: "-1" }],
  ["no order id", { ...trade, taker_order_id: "" }],
])("a trade with %s fails the whole read", (_, bad) => {
  expect(() => readTrades([trade, bad])).toThrow(/unreadable trades from the venue/);
});

test("open orders: garbage sizes fail the read", () => {
  expect(readOpenOrders([order])[0]!.status).toBe("LIVE");
  expect(() => readOpenOrders([{ ...order, size_matched: "NaN" }])).toThrow(/unreadable open orders/);
});

test("the lookup: null is 'not shown'; an order is read; anything else fails", () => {
  expect(readOrderLookup(null)).toBeUndefined();
  expect(readOrderLookup(order)?.id).toBe("0xabc");
  for (const bad of ["", {}, { ...order, price: "NaN" }, []]) expect(() => readOrderLookup(bad)).toThrow(/unreadable order/);
});

test("the venue's time: whole seconds to milliseconds; garbage fails", () => {
  expect(readServerTime(1_795_000_000)).toBe(1_795_000_000_000);
  expect(readServerTime("1795000000")).toBe(1_795_000_000_000);
  for (const bad of ["NaN", null, "", 0, 1.5, { time: 1 }]) expect(() => readServerTime(bad)).toThrow(/unreadable time/);
});
