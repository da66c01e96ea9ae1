import { describe, expect, test } from "bun:test";
import { Decimal } from "../../../core/decimal.ts";
import { feeRecord } from "../../../core/fees/run.ts";
import { quoteFee } from "../../../core/model/fee-quote.ts";
import { presetSchedule } from "../../../core/model/fee-schedule.ts";
import { feeRecordSchema } from "../../../core/records/fee.ts";

const now = new Date("2026-12-31T17:00:00.000Z");

describe("fee record schema", () => {
  test("what the writer builds validates, envelope first", () => {
    const record = feeRecord(quoteFee({ price: new Decimal("0.5"), size: new Decimal("100"), schedule: presetSchedule("crypto"), fair: new Decimal("0.55") }), now);
    expect(feeRecordSchema.parse(record)).toEqual(record);
    expect(Object.keys(record).slice(0, 3)).toEqual(["type", "v", "ts"]);
    expect(record.ts).toBe("2026-12-31T17:00:00.000Z");
  });

  test("decimals must be strings, not JSON numbers", () => {
    const record = feeRecord(quoteFee({ price: new Decimal("0.5"), size: new Decimal("100"), schedule: presetSchedule("crypto") }), now);
    expect(feeRecordSchema.safeParse({ ...record, fee: 1.8 }).success).toBe(false);
    expect(feeRecordSchema.safeParse({ ...record, type: "price" }).success).toBe(false);
  });
});
