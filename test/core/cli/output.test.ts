import { expect, test } from "bun:test";
import { chooseFormat, renderTable, stamp } from "../../../core/cli/output.ts";

test("stamp puts type, version and an ISO UTC time on every record", () => {
  const record = stamp("fee", { price: "0.5" }, new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)));
  expect(record).toEqual({ type: "fee", v: 1, ts: "2026-01-02T03:04:05.006Z", price: "0.5" });
  expect(Object.keys(record).slice(0, 3)).toEqual(["type", "v", "ts"]);
});

test("--json and --table win; otherwise a terminal gets a table and a pipe gets JSON", () => {
  expect(chooseFormat({ json: true }, () => true)).toBe("json");
  expect(chooseFormat({ table: true }, () => false)).toBe("table");
  expect(chooseFormat({}, () => true)).toBe("table");
  expect(chooseFormat({}, () => false)).toBe("json");
});

test("tables align the union of columns and leave out the version", () => {
  const text = renderTable([
    { type: "price", v: 1, symbol: "BTC", price: "97000.1" },
    { type: "price", v: 1, symbol: "ETH", price: "3400", stale: true },
  ]);
  expect(text.split("\n")).toEqual(["type   symbol  price    stale", "price  BTC     97000.1", "price  ETH     3400     true"]);
});
