import { expect, test } from "bun:test";
import { Decimal } from "../../../core/decimal.ts";
import { gridPrices, quoteGrid } from "../../../core/fees/grid.ts";
import { feeRecordFields } from "../../../core/model/fee-quote.ts";
import { presetSchedule } from "../../../core/model/fee-schedule.ts";

test("99 exact prices, 0.01 to 0.99", () => {
  const prices = gridPrices().map((p) => p.toString());
  expect(prices.length).toBe(99);
  expect(prices.slice(0, 3)).toEqual(["0.01", "0.02", "0.03"]);
  expect(prices[28]).toBe("0.29"); // 0.01 × 29 in floats is 0.29000000000000004
  expect(prices.at(-1)).toBe("0.99");
});

test("the crypto curve peaks at 0.50 and is symmetric", () => {
  const rows = quoteGrid(presetSchedule("crypto"), new Decimal(100)).map(feeRecordFields);
  const fees = rows.map((row) => new Decimal(row.fee));
  const peak = fees.reduce((best, fee, i) => (fee.gt(fees[best]!) ? i : best), 0);
  expect(rows[peak]!.price).toBe("0.5");
  expect(rows[peak]!.fee).toBe("1.8");
  for (let i = 0; i < 49; i++) expect(rows[i]!.fee).toBe(rows[98 - i]!.fee);
  expect(rows[0]!.fee).toBe("0.07128");
});

test("edge fields carry through the grid", () => {
  const rows = quoteGrid(presetSchedule("crypto"), new Decimal(100), { fair: new Decimal("0.6") }).map(feeRecordFields);
  expect(rows[49]!.net_edge).toBe("0.082"); // 0.6 − 0.5 − 0.018
  expect(rows[59]!.net_edge).toBe("-0.01728"); // 0.6 − 0.6 − 0.072 × 0.24
});
