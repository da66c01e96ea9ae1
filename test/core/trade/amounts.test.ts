import { describe, expect, test } from "bun:test";
import { Decimal } from "../../../core/decimal.ts";
import { amountProblem, fromUnits, largestValidSize, onTick, sizeStep, tickFloor, toUnits } from "../../../core/trade/amounts.ts";

const d = (value: string) => new Decimal(value);

describe("venue amounts", () => {
  test.each([
    ["0.50", "0.02"],
    ["0.53", "1"],
    ["0.25", "0.04"],
    ["0.555", "2"],
    ["0.1", "0.1"],
    ["0.0025", "4"],
    ["0.0001", "100"],
  ])("share step at %s is %s", (price, step) => {
    expect(sizeStep(d(price)).toString()).toBe(step);
  });

  test.each([
    ["7.33", "0.53", "7"],
    ["37.77", "0.50", "37.76"],
    ["4.99", "0.53", "4"],
    ["0.5", "0.53", "0"],
    ["13", "0.555", "12"],
  ])("largest valid size ≤ %s at %s is %s, and its cost is whole cents", (max, price, expected) => {
    const size = largestValidSize(d(max), d(price));
    expect(size.toString()).toBe(expected);
    expect(size.times(price).decimalPlaces()).toBeLessThanOrEqual(2);
  });

  test("tick checks", () => {
    expect(onTick(d("0.53"), d("0.01"))).toBe(true);
    expect(onTick(d("0.535"), d("0.01"))).toBe(false);
    expect(onTick(d("0.99"), d("0.01"))).toBe(true);
    expect(onTick(d("0.995"), d("0.001"))).toBe(true);
    expect(onTick(d("1"), d("0.01"))).toBe(false);
    expect(onTick(d("0"), d("0.01"))).toBe(false);
    expect(tickFloor(d("0.537"), d("0.01")).toString()).toBe("0.53");
  });

  test.each([
    ["0.53", "7", "0.01", "5", undefined],
    ["0.535", "7", "0.01", "5", "not on the market's tick"],
    ["0.53", "4", "0.01", "5", "below the market's minimum order size"],
    ["0.53", "7.5", "0.01", "5", "more than 2 decimals; the venue rejects"],
    ["0.5", "7.555", "0.01", "5", "more than 2 decimals"],
  ])("price %s size %s tick %s min %s → %s", (price, size, tick, min, problem) => {
    const found = amountProblem(d(price), d(size), d(tick), d(min));
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });

  test("6-decimal units round trip, refusing finer amounts", () => {
    expect(toUnits(d("3.71"))).toBe("3710000");
    expect(fromUnits("3710000").toString()).toBe("3.71");
    expect(() => toUnits(d("0.0000001"))).toThrow();
  });
});
