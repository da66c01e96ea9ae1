import { describe, expect, test } from "bun:test";
import { Decimal } from "../../../core/decimal.ts";
import { createRng } from "../../../core/sandbox/rng.ts";
import { add, cmp, div, exactOf, exactPower, mul, NotExact, parseExact, ROUND_CEIL, ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, sub, toPlaces, toText, type Exact } from "../../../core/scan/exact.ts";

const rng = createRng(11, "exact-decimals");

/** Decimal texts of every shape the walk meets and beyond: signs, zeros, long fractions, 40+ digits. */
function randomText(): string {
  const shape = rng.int(6);
  const digits = (n: number) => Array.from({ length: n }, () => String(rng.int(10))).join("");
  const sign = rng.int(4) === 0 ? "-" : "";
  if (shape === 0) return `${sign}0.${digits(1 + rng.int(3))}`; // prices, edges
  if (shape === 1) return `${sign}${rng.int(1000)}.${digits(rng.int(3))}`.replace(/\.$/, ""); // sizes
  if (shape === 2) return `${sign}0.${"0".repeat(rng.int(30))}${digits(1 + rng.int(12))}`; // tiny
  if (shape === 3) return `${sign}${digits(1 + rng.int(25))}.${digits(1 + rng.int(25))}`; // long
  if (shape === 4) return `${sign}${digits(1 + rng.int(45))}`; // big integers
  return `${sign}0.${digits(20 + rng.int(30))}`; // 40-digit quotients and beyond
}

const same = (exact: Exact, decimal: Decimal, what: string) => expect({ what, text: toText(exact) }).toEqual({ what, text: decimal.toString() });

describe("exact decimals are decimal.js's, digit for digit", () => {
  const N = 4000;
  // Around 2^53, where doubles give way to BigInts.
  const EDGES = ["9007199254740991", "-9007199254740991", "9007199254740992", "4503599627370496", "4503599627370497.5", "0.9007199254740993", "999999999999999", "1000000000000000", "0.000000000000001", "123456789.0123456"];
  const pairs = [...Array.from({ length: N }, () => [randomText(), randomText()] as const), ...EDGES.flatMap((a) => EDGES.map((b) => [a, b] as const))];

  test("parse and write back (toString, including exponential notation at the limits)", () => {
    for (const [a] of pairs) same(parseExact(a), new Decimal(a), a);
    for (const text of ["0", "-0", "0.000", "1e-30", "1e-29", "1e40", "1e39", "-1.5e-31", "123456789012345678901234567890123456789012345"]) {
      same(exactOf(new Decimal(text)), new Decimal(text), text);
    }
  });

  test("sums, differences and products, rounded to 40 significant digits half-up where longer", () => {
    for (const [a, b] of pairs) {
      const x = parseExact(a);
      const y = parseExact(b);
      same(add(x, y), new Decimal(a).plus(b), `${a} + ${b}`);
      same(sub(x, y), new Decimal(a).minus(b), `${a} - ${b}`);
      same(mul(x, y), new Decimal(a).times(b), `${a} * ${b}`);
      expect(cmp(x, y)).toBe(new Decimal(a).comparedTo(b));
    }
  });

  test("quotients, correctly rounded as decimal.js rounds them", () => {
    for (const [a, b] of pairs) {
      if (new Decimal(b).isZero()) continue;
      same(div(parseExact(a), parseExact(b)), new Decimal(a).dividedBy(b), `${a} / ${b}`);
    }
    // Ties at the 40th digit round away from zero.
    same(div(parseExact("1"), parseExact("8")), new Decimal(1).dividedBy(8), "1/8");
    same(div(parseExact("-2"), parseExact("3")), new Decimal(-2).dividedBy(3), "-2/3");
    expect(() => div(parseExact("1"), parseExact("0"))).toThrow(NotExact);
  });

  test("rounding to places (down, ceil, half-up, half-even) and integer powers", () => {
    for (const [a] of pairs) {
      const x = parseExact(a);
      const d = new Decimal(a);
      for (const places of [0, 2, 5, 12]) {
        same(toPlaces(x, places, ROUND_DOWN), d.toDecimalPlaces(places, Decimal.ROUND_DOWN), `${a} down ${places}`);
        same(toPlaces(x, places, ROUND_CEIL), d.toDecimalPlaces(places, Decimal.ROUND_CEIL), `${a} ceil ${places}`);
        same(toPlaces(x, places, ROUND_HALF_UP), d.toDecimalPlaces(places, Decimal.ROUND_HALF_UP), `${a} half-up ${places}`);
        same(toPlaces(x, places, ROUND_HALF_EVEN), d.toDecimalPlaces(places, Decimal.ROUND_HALF_EVEN), `${a} half-even ${places}`);
      }
    }
    // Exact ties.
    same(toPlaces(parseExact("0.125"), 2, ROUND_HALF_EVEN), new Decimal("0.125").toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN), "0.125");
    same(toPlaces(parseExact("-0.135"), 2, ROUND_HALF_EVEN), new Decimal("-0.135").toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN), "-0.135");
    expect(() => toPlaces(parseExact("0.5"), 0, Decimal.ROUND_FLOOR)).toThrow(NotExact);
    for (const [a] of pairs.slice(0, 500)) {
      for (const e of [0, 1, 2, 3]) {
        const power = exactPower(parseExact(a), e);
        if (power) same(power, new Decimal(a).pow(e), `${a}^${e}`);
      }
    }
  });

  test("texts that are not plain decimals are refused (the caller falls back to decimal.js)", () => {
    for (const text of ["1e5", "", ".5", "5.", "+1", "NaN", "0x10"]) expect(() => parseExact(text)).toThrow(NotExact);
  });
});
