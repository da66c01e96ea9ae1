import { describe, expect, test } from "bun:test";
import { UsageError } from "../../../core/cli/errors.ts";
import { type FeesFlags, parseFeesFlags } from "../../../core/fees/options.ts";
import { thrown } from "../../helpers/thrown.ts";

const parse = (flags: FeesFlags, piped: boolean | (() => boolean) = false) => parseFeesFlags(flags, piped);

const usage = (flags: FeesFlags, piped: boolean | (() => boolean) = false): string => thrown(UsageError, () => parse(flags, piped)).message;

describe("modes", () => {
  test("--price → single quote, default crypto schedule", () => {
    const options = parse({ price: "0.50", size: "100" });
    expect(options.mode).toBe("single");
    expect(options.price?.toString()).toBe("0.5");
    expect(options.size?.toString()).toBe("100");
    expect(options.schedule.kind === "fixed" && options.schedule.schedule.source).toBe("preset:crypto");
  });
  test("--grid → grid", () => expect(parse({ grid: true }).mode).toBe("grid"));
  test("no --price and piped stdin → stdin", () => expect(parse({}, true).mode).toBe("stdin"));
  test("--price wins over piped stdin", () => expect(parse({ price: "0.4" }, true).mode).toBe("single"));
  test("nothing to quote on a terminal → usage", () => expect(usage({})).toContain("give --price P"));
  test("--market or --token alone on a terminal → that schedule across the grid", () => {
    expect(parse({ market: "btc-updown-15m-1767200400" }).mode).toBe("grid");
    expect(parse({ token: "123" }).mode).toBe("grid");
    expect(parse({ market: "btc-updown-15m-1767200400" }, true).mode).toBe("stdin");
  });
  test("--price with --grid → usage", () => expect(usage({ price: "0.5", grid: true })).toBe("--price and --grid are mutually exclusive; give one"));
});

describe("schedules", () => {
  test("--schedule legacy-15m", () => {
    const options = parse({ price: "0.5", schedule: "legacy-15m" });
    expect(options.schedule.kind === "fixed" && options.schedule.schedule.rate.toString()).toBe("0.25");
  });
  test("--rate R defaults exponent 1; --exponent E sets it", () => {
    const a = parse({ price: "0.5", rate: "0.04" });
    const b = parse({ price: "0.5", rate: "0.04", exponent: "2" });
    expect(a.schedule.kind === "fixed" && [a.schedule.schedule.exponent.toString(), a.schedule.schedule.source]).toEqual(["1", "flag"]);
    expect(b.schedule.kind === "fixed" && b.schedule.schedule.exponent.toString()).toBe("2");
  });
  test("--rate 0 and --rate 1 are allowed", () => {
    expect(parse({ price: "0.5", rate: "0" }).mode).toBe("single");
    expect(parse({ price: "0.5", rate: "1" }).mode).toBe("single");
  });
  test("--token and --market choose the venue's schedule", () => {
    const token = "71321045679252212594626385532706912750332728571942532289631379312455583992563";
    expect(parse({ price: "0.5", token }).schedule).toEqual({ kind: "token", tokenId: token });
    expect(parse({ price: "0.5", market: "btc-updown-15m-1767200400" }).schedule).toEqual({ kind: "market", slug: "btc-updown-15m-1767200400" });
  });
});

describe("bad input → UsageError naming the flag and the accepted form", () => {
  test.each([
    [{ price: "1.2" }, "--price must be a probability strictly between 0 and 1, such as 0.55; got 1.2"],
    [{ price: "0" }, "--price must be a probability strictly between 0 and 1, such as 0.55; got 0"],
    [{ price: "1" }, "--price must be a probability strictly between 0 and 1, such as 0.55; got 1"],
    [{ price: "abc" }, '--price must be a probability strictly between 0 and 1, such as 0.55; got "abc"'],
    [{ price: "0.5", size: "0" }, "--size must be a number of shares greater than 0 and at most 1e9, such as 100; got 0"],
    [{ price: "0.5", size: "-5" }, "--size must be a number of shares greater than 0 and at most 1e9, such as 100; got -5"],
    [{ price: "0.5", size: "1e999x" }, '--size must be a number of shares greater than 0 and at most 1e9, such as 100; got "1e999x"'],
    [{ price: "0.5", schedule: "pilot" }, '--schedule must be one of crypto, legacy-15m, none; got "pilot"'],
    [{ price: "0.5", rate: "-0.1" }, "--rate must be a fee rate from 0 to 1, such as 0.072; got -0.1"],
    [{ price: "0.5", rate: "1.5" }, "--rate must be a fee rate from 0 to 1, such as 0.072; got 1.5"],
    [{ price: "0.5", rate: "0.07", exponent: "0" }, "--exponent must be a positive number up to 10, such as 1 or 2; got 0"],
    [{ price: "0.5", rate: "0.07", exponent: "-1" }, "--exponent must be a positive number up to 10, such as 1 or 2; got -1"],
    [{ price: "0.5", rate: "0.07", exponent: "two" }, '--exponent must be a positive number up to 10, such as 1 or 2; got "two"'],
    [{ price: "0.5", exponent: "2" }, "--exponent goes with --rate R"],
    [{ price: "0.5", schedule: "crypto", rate: "0.07" }, "--schedule and --rate are mutually exclusive; give one"],
    [{ price: "0.5", fair: "0.6", edge: "0.1" }, "--fair and --edge are mutually exclusive; give one"],
    [{ price: "0.5", fair: "1.1" }, "--fair must be a probability from 0 to 1, such as 0.6; got 1.1"],
    [{ price: "0.5", edge: "2" }, "--edge must be a probability difference from -1 to 1, such as 0.03; got 2"],
    [{ price: "0.5", token: "0xabc" }, '--token must be a CLOB token id (decimal digits, as a string); got "0xabc"'],
    [{ price: "0.5", market: "../etc/passwd" }, "--market must be a market slug"],
    [{ price: "0.5", token: "1", market: "a" }, "--token and --market are mutually exclusive; give one"],
    [{ price: "0.5", market: "a", rate: "0.07" }, "--market and --rate are mutually exclusive; give one"],
    [{ price: "0.5", token: "1", schedule: "none" }, "--token and --schedule are mutually exclusive; give one"],
    [{ price: "0.5", size: "1e999999999999999999" }, "--size must be a number of shares greater than 0 and at most 1e9, such as 100; got 1e999999999999999999"],
    [{ price: "0.5", rate: "0.07", exponent: "11" }, "--exponent must be a positive number up to 10, such as 1 or 2; got 11"],
  ] as [FeesFlags, string][])("%j", (flags, message) => {
    expect(usage(flags)).toContain(message);
  });
});

describe("stdin is probed only when it matters", () => {
  test("--price and --grid never call the probe", () => {
    const probe = () => {
      throw new Error("stdin probed");
    };
    expect(parse({ price: "0.5" }, probe).mode).toBe("single");
    expect(parse({ grid: true }, probe).mode).toBe("grid");
  });
  test("without them, the probe decides", () => {
    expect(parse({}, () => true).mode).toBe("stdin");
    expect(usage({}, () => false)).toContain("nothing to quote");
  });
});
