import { describe, expect, test } from "bun:test";
import { amountPlaces, amountProblem, buyCost, centsFloor, fromUnits, marketBuyTaker, onTick, tickFloor, toUnits } from "../../../core/ledger/amounts.ts";
import { d } from "../trade/fixtures.ts";

describe("venue amounts for a marketable BUY", () => {
  test("tick checks", () => {
    expect(onTick(d("0.53"), d("0.01"))).toBe(true);
    expect(onTick(d("0.535"), d("0.01"))).toBe(false);
    expect(onTick(d("0.99"), d("0.01"))).toBe(true);
    expect(onTick(d("0.995"), d("0.001"))).toBe(true);
    expect(onTick(d("1"), d("0.01"))).toBe(false);
    expect(onTick(d("0"), d("0.01"))).toBe(false);
    expect(tickFloor(d("0.537"), d("0.01")).toString()).toBe("0.53");
    expect(centsFloor(d("3.659")).toString()).toBe("3.65");
  });

  test.each([
    ["0.1", 3],
    ["0.01", 4],
    ["0.001", 5],
    ["0.0001", 6],
  ])("tick %s allows %d taker decimals (the client's rounding config)", (tick, places) => {
    expect(amountPlaces(d(tick))).toBe(places);
  });

  // The client: taker = budget / price; more decimals than allowed → round up at places + 4, then down.
  test.each([
    ["3.65", "0.53", 4, "6.8867"],
    ["10", "0.5", 4, "20"],
    ["18.66", "0.57", 4, "32.7368"],
    ["1", "0.3", 4, "3.3333"],
    ["2", "0.333", 5, "6.006"],
  ])("budget %s at %s → taker %s", (budget, price, places, taker) => {
    expect(marketBuyTaker(d(budget), d(price), places).toString()).toBe(taker);
  });

  test.each([
    ["0.53", "3.65", "0.01", "5", undefined],
    ["0.535", "3.65", "0.01", "5", "not on the market's tick"],
    ["0.53", "3.655", "0.01", "5", "more than 2 decimals"],
    ["0.53", "0.99", "0.01", "1", "$1 minimum"],
    ["0.53", "2.5", "0.01", "5", "below the market's minimum order size 5"],
    ["0.53", "3", "0.02", "5", "not one the venue uses"],
  ])("price %s budget %s tick %s min %s → %s", (price, budget, tick, min, problem) => {
    const found = amountProblem(d(price), d(budget), d(tick), d(min));
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });

  test("a buyer pays size × price rounded up to the micro-unit", () => {
    expect(buyCost(d("4.113207"), d("0.53")).toString()).toBe("2.18");
    expect(buyCost(d("3"), d("0.51")).toString()).toBe("1.53");
  });

  test("6-decimal units round trip, refusing finer amounts", () => {
    expect(toUnits(d("3.71"))).toBe("3710000");
    expect(fromUnits("3710000").toString()).toBe("3.71");
    expect(() => toUnits(d("0.0000001"))).toThrow();
  });
});
