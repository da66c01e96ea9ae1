import { expect, test } from "bun:test";
import { Decimal } from "../../../core/decimal.ts";
import { median } from "../../../core/oracle/median.ts";
import { SortedDecimals } from "../../../core/oracle/sorted-decimals.ts";

const d = (value: string | number) => new Decimal(value);

test("the median follows inserts and removals, duplicates included, as a full sort would", () => {
  const sorted = new SortedDecimals();
  const live: Decimal[] = [];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let step = 0; step < 2000; step++) {
    if (live.length > 0 && next() % 3 === 0) {
      const [gone] = live.splice(next() % live.length, 1);
      expect(sorted.remove(gone!)).toBe(true);
    } else {
      // Few distinct values, so equal values are common.
      const value = d((next() % 41) - 20).div(8);
      sorted.insert(value);
      live.push(value);
    }
    expect(sorted.size).toBe(live.length);
    if (live.length > 0) expect(sorted.median().toString()).toBe(median(live).toString());
  }
});

test("removing a value that is not there changes nothing", () => {
  const sorted = new SortedDecimals();
  for (const value of ["1", "3", "2"]) sorted.insert(d(value));
  expect(sorted.remove(d("2.5"))).toBe(false);
  expect(sorted.remove(d("9"))).toBe(false);
  expect(sorted.size).toBe(3);
  expect(sorted.median().toString()).toBe("2");
});

test("an even count takes the mean of the two middle values; empty throws", () => {
  const sorted = new SortedDecimals();
  expect(() => sorted.median()).toThrow(/median of no values/);
  for (const value of ["10", "1", "4", "7"]) sorted.insert(d(value));
  expect(sorted.median().toString()).toBe("5.5");
});
