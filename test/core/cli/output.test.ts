import { describe, expect, test } from "bun:test";
import { chooseFormat, renderTable, stamp, stampedJson } from "../../../core/cli/output.ts";

describe("output", () => {
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

  test("stampedJson writes what JSON.stringify(stamp(...)) writes, for records of every shape", () => {
    const now = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6));
    const line = stampedJson("opportunity", now);
    const records: object[] = [
      {},
      { id: "opp_1", net_edge: "0.05", nested: { a: [1, "2", null] }, flag: true },
      { "2": "index-like first", b: 1 },
      { b: 1, "10": "index-like later" },
      { type: "own type", x: 1 },
      { x: 1, v: 2 },
      { ts: "own time" },
      { undefined_field: undefined, text: 'quote " and \\ and \n' },
      { toJSON: () => ({ replaced: true }) },
      { "": "empty key", "-1": "not an index" },
    ];
    for (const record of records) expect(line(record)).toBe(JSON.stringify(stamp("opportunity", record, now)));
  });
});
