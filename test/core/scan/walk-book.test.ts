import { describe, expect, test } from "bun:test";
import { Decimal } from "../../../core/decimal.ts";
import { presetSchedule } from "../../../core/model/fee-schedule.ts";
import type { BookLevel } from "../../../core/model/market.ts";
import { walkComplement } from "../../../core/scan/complement.ts";
import { ceilToTick, floorSize, levelEdge, type WalkParams, walkAsks } from "../../../core/scan/walk-book.ts";

const d = (value: string | number) => new Decimal(value);
const book = (...levels: [string, string][]): BookLevel[] => levels.map(([price, size]) => ({ price: d(price), size: d(size) }));
/** Fills as `price × size` lines. */
const filled = (walk: { fills: BookLevel[] }) => walk.fills.map((fill) => `${fill.price} × ${fill.size}`);
const crypto = presetSchedule("crypto");
const none = presetSchedule("none");
const legacy = presetSchedule("legacy-15m");

const params = (overrides: Partial<WalkParams> = {}): WalkParams => ({
  fair: d("0.62"),
  schedule: crypto,
  minEdge: d("0.02"),
  maxSize: d("1000"),
  tickSize: d("0.01"),
  minSize: d("5"),
  ...overrides,
});

describe("fee per share at several prices (crypto schedule: 0.072 × p(1 − p))", () => {
  test.each([
    [crypto, "0.5", "0.018"],
    [crypto, "0.55", "0.01782"],
    [crypto, "0.3", "0.01512"],
    [crypto, "0.1", "0.00648"],
    [crypto, "0.9", "0.00648"],
    [crypto, "0.99", "0.0007128"],
    [legacy, "0.5", "0.015625"], // legacy 15m: 0.25 × (p(1 − p))²
    [legacy, "0.2", "0.0064"],
  ])("%# at %s", (schedule, price, fee) => expect(levelEdge(d("1"), { price: d(price), size: d("1") }, schedule).feePerShare.toString()).toBe(fee));
});

describe("walkAsks", () => {
  const asks = book(["0.50", "100"], ["0.55", "100"], ["0.58", "100"], ["0.60", "50"]);

  test("takes levels while net edge ≥ min edge, with fees at each level's price", () => {
    const walk = walkAsks(asks, params());
    expect(walk.status).toBe("ok");
    // 0.60 nets 0.62 − 0.60 − 0.01728 = 0.00272 < 0.02: stop before it.
    expect(filled(walk)).toEqual(["0.5 × 100", "0.55 × 100", "0.58 × 100"]);
    expect(walk.fills.map((fill) => fill.fee.toString())).toEqual(["1.8", "1.782", "1.75392"]);
    expect(walk.size.toString()).toBe("300");
    expect(walk.cost.toString()).toBe("163");
    expect(walk.fee.toString()).toBe("5.33592");
    expect(walk.limitPrice!.toString()).toBe("0.58");
    expect(walk.avgPrice!.toFixed(6)).toBe("0.543333");
    expect(walk.grossEdge!.toFixed(6)).toBe("0.076667");
    expect(walk.feePerShare!.toString()).toBe("0.0177864");
    expect(walk.netEdge!.toFixed(7)).toBe("0.0588803");
    expect(walk.expectedProfit!.toString()).toBe("17.66408");
    // Profit is size × net edge.
    expect(walk.size.times(walk.netEdge!).toFixed(8)).toBe(walk.expectedProfit!.toFixed(8));
  });

  test("stops at the maximum size, part-way through a level", () => {
    const walk = walkAsks(asks, params({ maxSize: d("150") }));
    expect(walk.size.toString()).toBe("150");
    expect(walk.fills.map((fill) => fill.size.toString())).toEqual(["100", "50"]);
    expect(walk.limitPrice!.toString()).toBe("0.55");
  });

  test("a gross edge the fee eats is fee_killed, with the numbers; the same edge on a fee-free market is an order", () => {
    const walk = walkAsks(book(["0.50", "100"]), params({ fair: d("0.53") }));
    expect(walk.status).toBe("fee_killed");
    expect([walk.top!.grossEdge, walk.top!.feePerShare, walk.top!.netEdge].map(String)).toEqual(["0.03", "0.018", "0.012"]);
    expect(walk.fills).toEqual([]);
    const free = walkAsks(book(["0.50", "100"]), params({ fair: d("0.53"), schedule: none }));
    expect([free.status, String(free.fee), String(free.netEdge)]).toEqual(["ok", "0", "0.03"]);
  });

  test("below the gross threshold; no liquidity", () => {
    expect(walkAsks(book(["0.61", "100"]), params()).status).toBe("below_threshold");
    expect(walkAsks([], params()).status).toBe("no_liquidity");
    expect(walkAsks(book(["0.50", "0"]), params()).status).toBe("no_liquidity");
  });

  test("unusable levels (zero size, price outside (0, 1)) are skipped where the walk meets them", () => {
    const walk = walkAsks(book(["0.50", "0"], ["0.51", "100"], ["0.52", "0"], ["0.53", "50"]), params());
    expect(filled(walk)).toEqual(["0.51 × 100", "0.53 × 50"]);
    expect(walk.top!.price.toString()).toBe("0.51");
    expect(walkAsks(book(["0", "10"], ["1", "10"]), params()).status).toBe("no_liquidity");
  });

  test("a total below the minimum order size is not an order", () => {
    const walk = walkAsks(book(["0.50", "3"], ["0.61", "100"]), params());
    expect(walk.status).toBe("below_min_size");
    expect(walk.size.toString()).toBe("3");
  });

  test("sizes round down to 2 decimals; fees round to 5 places per fill", () => {
    const walk = walkAsks(book(["0.50", "10.567"], ["0.51", "7.3333"]), params());
    expect(walk.fills.map((fill) => fill.size.toString())).toEqual(["10.56", "7.33"]);
    // 7.33 × 0.072 × 0.51 × 0.49 = 0.131887224 → 0.13189
    expect(walk.fills[1]!.fee.toString()).toBe("0.13189");
  });

  test("the limit price is the worst level rounded up onto the tick", () => {
    const walk = walkAsks(book(["0.505", "10"], ["0.555", "10"]), params());
    expect(walk.limitPrice!.toString()).toBe("0.56");
    const fine = walkAsks(book(["0.505", "10"], ["0.555", "10"]), params({ tickSize: d("0.001") }));
    expect(fine.limitPrice!.toString()).toBe("0.555");
  });
});

describe("tick and size rounding", () => {
  test.each([
    ["0.5", "0.01", "0.5"],
    ["0.501", "0.01", "0.51"],
    ["0.0005", "0.001", "0.001"],
    ["0.9991", "0.001", "1"],
  ])("ceilToTick(%s, %s) = %s", (price, tick, ceiled) => expect(ceilToTick(d(price), d(tick)).toString()).toBe(ceiled));
  test("floorSize", () => expect(["10.999", "0.009", "5"].map((size) => floorSize(d(size)).toString())).toEqual(["10.99", "0", "5"]));
});

describe("walkComplement", () => {
  const a = book(["0.45", "100"], ["0.47", "100"]);
  const b = book(["0.48", "50"], ["0.50", "200"]);
  const base = { minEdge: d("0.02"), maxSize: d("1000"), tickSize: d("0.01"), minSize: d("5") };

  test("fee-free: pairs while 1 − total ≥ min edge, across levels of both sides, up to the maximum size", () => {
    const found = walkComplement(a, b, { ...base, schedule: none })!;
    // 0.45+0.48 (50), 0.45+0.50 (50), 0.47+0.50 (100): 0.93, 0.95, 0.97 all ≤ 0.98.
    expect(found.size.toString()).toBe("200");
    expect(found.legs.map(filled)).toEqual([
      ["0.45 × 100", "0.47 × 100"],
      ["0.48 × 50", "0.5 × 150"],
    ]);
    expect(found.pairCost.toString()).toBe("0.955");
    expect(found.netEdge.toString()).toBe("0.045");
    expect(found.expectedProfit.toString()).toBe("9");
    expect(found.legs[1].limitPrice.toString()).toBe("0.5");
    expect(walkComplement(a, b, { ...base, maxSize: d("75"), schedule: none })!.size.toString()).toBe("75");
  });

  test("with crypto fees only the first pair level clears the edge", () => {
    const found = walkComplement(a, b, { ...base, schedule: crypto })!;
    // 0.45+0.48 with fees 0.01782+0.0179712 nets 0.0342088; 0.45+0.50 nets 0.01418 < 0.02.
    expect(found.size.toString()).toBe("50");
    expect(found.pairFee.toString()).toBe("0.0357912");
    expect(found.netEdge.toString()).toBe("0.0342088");
  });

  test("a fair book (sum ≥ 1 − fees) has no complement; too small is none", () => {
    expect(walkComplement(book(["0.51", "100"]), book(["0.50", "100"]), { ...base, schedule: crypto })).toBeUndefined();
    expect(walkComplement(book(["0.40", "3"]), book(["0.40", "3"]), { ...base, schedule: none })).toBeUndefined();
    expect(walkComplement([], book(["0.40", "3"]), { ...base, schedule: none })).toBeUndefined();
  });

  test("skips zero-size levels on either side", () => {
    const found = walkComplement(book(["0.40", "0"], ["0.45", "100"]), book(["0.48", "50"], ["0.49", "0"], ["0.50", "200"]), { ...base, schedule: none })!;
    expect(found.legs[0].fills.map((fill) => fill.price.toString())).toEqual(["0.45"]);
    expect(found.legs[1].fills.map((fill) => fill.price.toString())).toEqual(["0.48", "0.5"]);
    expect(found.size.toString()).toBe("100");
  });
});
