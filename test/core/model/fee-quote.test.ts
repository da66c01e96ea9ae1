import { describe, expect, test } from "bun:test";
import { Decimal } from "../../../core/decimal.ts";
import { feePerShare, feeRecordFields, quoteFee, takerFee } from "../../../core/model/fee-quote.ts";
import { flagSchedule, presetSchedule } from "../../../core/model/fee-schedule.ts";
import { CRYPTO_AT_HALF_100_SHARES } from "../fees/worked-example.ts";

const d = (value: string) => new Decimal(value);
const crypto = presetSchedule("crypto");
const legacy = presetSchedule("legacy-15m");

describe("the one formula: fee = shares × rate × (p(1 − p))^exponent", () => {
  test("crypto 2026 at 0.50 × 100: fee 1.8, 0.018 a share, 3.6% of cost", () => {
    const fields = feeRecordFields(quoteFee({ price: d("0.50"), size: d("100"), schedule: crypto }));
    expect(fields).toEqual(CRYPTO_AT_HALF_100_SHARES);
  });

  test("legacy-15m (January 2026) at 0.50 × 100: 1.5625 — 1.5625¢ a share, 3.125% of cost", () => {
    const fields = feeRecordFields(quoteFee({ price: d("0.5"), size: d("100"), schedule: legacy }));
    expect(fields).toMatchObject({ fee: "1.5625", fee_per_share: "0.015625", fee_share_of_cost: "0.03125", break_even: "0.515625" });
  });

  test("the pilot's linear approximation charged half the January fee at 0.50", () => {
    // Pilot: 0.0312 × (0.5 − |p − 0.5|) of trade value → 0.0156 × $50 = $0.78 on 100 shares.
    const pilot = d("0.0312").times(d("0.5")).times(d("50"));
    expect(pilot.toString()).toBe("0.78");
    expect(takerFee(legacy, d("0.5"), d("100")).dividedBy(pilot).toDecimalPlaces(4).toString()).toBe("2.0032");
  });

  test.each([
    // price, size, schedule, fee, fee_per_share
    ["0.3", "100", crypto, "1.512", "0.01512"],
    ["0.7", "100", crypto, "1.512", "0.01512"],
    ["0.01", "100", crypto, "0.07128", "0.0007128"],
    ["0.99", "250", crypto, "0.1782", "0.0007128"],
    ["0.1", "100", legacy, "0.2025", "0.002025"],
    ["0.99", "100", legacy, "0.00245", "0.0000245025"],
    ["0.5", "100", presetSchedule("none"), "0", "0"],
  ] as const)("p=%s size=%s", (price, size, schedule, fee, perShare) => {
    expect(feeRecordFields(quoteFee({ price: d(price), size: d(size), schedule }))).toMatchObject({ fee, fee_per_share: perShare });
  });

  test("fee-free schedule: break-even is the price itself", () => {
    const fields = feeRecordFields(quoteFee({ price: d("0.42"), size: d("10"), schedule: presetSchedule("none") }));
    expect(fields).toMatchObject({ break_even: "0.42", fee_share_of_cost: "0" });
  });

  test("a non-integer exponent works (rate 0.1, exponent 0.5 at 0.50 → 0.05 a share)", () => {
    const fields = feeRecordFields(quoteFee({ price: d("0.5"), size: d("100"), schedule: flagSchedule(d("0.1"), d("0.5")) }));
    expect(fields).toMatchObject({ fee_per_share: "0.05", fee: "5", source: "flag" });
  });
});

describe("rounding: fee to 5 places, half up (the venue's documented precision)", () => {
  test.each([
    ["0.0007128 → 0.00071", crypto, "0.01", "1", "0.00071"],
    ["an exact half rounds up: 0.000005 → 0.00001", flagSchedule(d("0.1")), "0.5", "0.0002", "0.00001"],
    ["below half rounds down to zero", flagSchedule(d("0.1")), "0.5", "0.0001", "0"],
  ] as const)("%s", (_, schedule, price, size, fee) => {
    expect(takerFee(schedule, d(price), d(size)).toString()).toBe(fee);
  });
  test("per-share fee is not rounded to 5 places", () => {
    expect(feePerShare(legacy, d("0.01")).toString()).toBe("0.0000245025");
  });
  test("ratios use the fee actually charged", () => {
    const fields = feeRecordFields(quoteFee({ price: d("0.01"), size: d("1"), schedule: crypto }));
    expect(fields).toMatchObject({ fee: "0.00071", fee_share_of_cost: "0.071", fee_share_of_payout: "0.00071" });
  });
});

describe("edge: gross, fee drag, net in probability points", () => {
  const edgeFields = (edge: { fair?: string; edge?: string }) => {
    const fields = feeRecordFields(
      quoteFee({ price: d("0.5"), size: d("100"), schedule: crypto, fair: edge.fair ? d(edge.fair) : undefined, edge: edge.edge ? d(edge.edge) : undefined }),
    );
    return [fields.fair, fields.gross_edge, fields.fee_drag, fields.net_edge];
  };
  test.each([
    ["--fair 0.55 at 0.50 crypto: gross 0.05, drag 0.018, net 0.032", { fair: "0.55" }, ["0.55", "0.05", "0.018", "0.032"]],
    ["--edge 0.03 is the same as --fair price + 0.03", { edge: "0.03" }, ["0.53", "0.03", "0.018", "0.012"]],
    ["an edge smaller than the fee is a net loss", { fair: "0.51" }, ["0.51", "0.01", "0.018", "-0.008"]],
    ["negative edge", { edge: "-0.02" }, ["0.48", "-0.02", "0.018", "-0.038"]],
  ])("%s", (_, edge, expected) => {
    expect(edgeFields(edge)).toEqual(expected);
  });
  test("no fair, no edge: no edge fields at all", () => {
    const fields = feeRecordFields(quoteFee({ price: d("0.5"), size: d("100"), schedule: crypto }));
    expect("net_edge" in fields || "fair" in fields).toBe(false);
  });
});
