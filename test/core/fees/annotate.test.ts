import { describe, expect, test } from "bun:test";
import { Decimal } from "../../../core/decimal.ts";
import { type AnnotateResult, annotateLines } from "../../../core/fees/annotate.ts";
import { feeRecordFields } from "../../../core/model/fee-quote.ts";
import { presetSchedule } from "../../../core/model/fee-schedule.ts";

async function* from(lines: string[]) {
  for (const line of lines) yield line;
}

async function annotate(lines: string[], extra: { size?: Decimal; fair?: Decimal } = {}) {
  const warnings: string[] = [];
  const result: AnnotateResult = { quoted: 0, skipped: 0 };
  const rows = [];
  for await (const quote of annotateLines(from(lines), { schedule: presetSchedule("crypto"), ...extra, warn: (line, reason) => warnings.push(`${line}: ${reason}`) }, result)) {
    rows.push(feeRecordFields(quote));
  }
  return { rows, warnings, result };
}

describe("stdin annotation", () => {
  test("one quote per valid line; strings and numbers both accepted", async () => {
    const { rows, warnings, result } = await annotate(['{"price":"0.50","size":"100"}', '{"price":0.3,"size":10}', ""]);
    expect(rows.map((row) => `${row.price} × ${row.size}: ${row.fee}`)).toEqual(["0.5 × 100: 1.8", "0.3 × 10: 0.1512"]);
    expect(warnings).toEqual([]);
    expect(result).toEqual({ quoted: 2, skipped: 0 });
  });

  test("bad lines are reported with their line number and skipped", async () => {
    const { rows, warnings, result } = await annotate([
      '{"price":"0.5","size":"1"}',
      "not json",
      '{"price":"1.5","size":"1"}',
      '{"price":"0.5","size":"0"}',
      '{"size":"5"}',
      "[1,2]",
      "",
      '{"price":"0.5","size":"abc"}',
      '{"price":"0.4","size":"2"}',
    ]);
    expect(rows.map((row) => row.price)).toEqual(["0.5", "0.4"]);
    expect(result).toEqual({ quoted: 2, skipped: 6 });
    expect(warnings.map((w) => w.split(":")[0])).toEqual(["2", "3", "4", "5", "6", "8"]);
    expect(warnings[1]).toContain("price must be strictly between 0 and 1; got 1.5");
    expect(warnings[3]).toContain("missing price");
  });

  test("a line without size uses --size; without either it is skipped", async () => {
    expect((await annotate(['{"price":"0.5"}'], { size: new Decimal(10) })).rows[0]!.fee).toBe("0.18");
    const { warnings } = await annotate(['{"price":"0.5"}']);
    expect(warnings[0]).toContain("missing size");
  });

  test("a line's own fair overrides --fair", async () => {
    const { rows } = await annotate(['{"price":"0.5","size":"100","fair":"0.6"}', '{"price":"0.5","size":"100"}'], { fair: new Decimal("0.52") });
    expect(rows.map((row) => row.net_edge)).toEqual(["0.082", "0.002"]);
  });
});
