import { describe, expect, test } from "bun:test";
import { UsageError } from "../../../core/cli/errors.ts";
import { assertKnownArgs, closest, decimalFlag, durationFlag, listFlag } from "../../../core/cli/flags.ts";

const args = {
  "dry-run": { type: "boolean" },
  live: { type: "boolean" },
  price: { type: "string" },
  symbols: { type: "positional" },
  quiet: { type: "boolean", alias: "q" },
} as const;

function usageMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error("expected a UsageError");
}

describe("assertKnownArgs", () => {
  test("accepts known flags, aliases, negations, inline values and positionals", () => {
    expect(() => assertKnownArgs(["--dry-run", "--price", "0.5", "BTC", "ETH", "-q", "--no-live", "--price=0.4", "--", "--anything"], args)).not.toThrow();
    expect(() => assertKnownArgs(["--dryRun"], args)).not.toThrow();
  });

  test("a typo such as --dryrun is an error suggesting the closest flag", () => {
    expect(usageMessage(() => assertKnownArgs(["--dryrun"], args))).toBe("unknown flag --dryrun; did you mean --dry-run?");
    expect(usageMessage(() => assertKnownArgs(["--lvie"], args))).toContain("did you mean --live?");
    expect(usageMessage(() => assertKnownArgs(["--completely-different"], args))).toBe("unknown flag --completely-different");
  });

  test("a string flag without its value is an error; a negative number is a value", () => {
    expect(usageMessage(() => assertKnownArgs(["--price"], args))).toContain("--price needs a value");
    expect(() => assertKnownArgs(["--price", "-1"], args)).not.toThrow();
  });

  test("stray arguments are errors for commands without positionals", () => {
    expect(usageMessage(() => assertKnownArgs(["live"], { live: { type: "boolean" } }))).toBe('unexpected argument "live"');
  });
});

describe("closest", () => {
  test("suggests only plausible typos", () => {
    expect(closest("fes", ["fees", "prices", "scan"])).toBe("fees");
    expect(closest("zzzzzz", ["fees", "scan"])).toBeUndefined();
  });
});

describe("decimalFlag", () => {
  test("parses into Decimal without going through Number", () => {
    expect(decimalFlag("size", "0.1000000000000000000001").toString()).toBe("0.1000000000000000000001");
  });
  test("enforces bounds and names the flag and form", () => {
    const bounds = { min: 0, max: 1, minExclusive: true, maxExclusive: true };
    expect(usageMessage(() => decimalFlag("price", "1", bounds, "a probability between 0 and 1 (exclusive)"))).toBe("--price must be a probability between 0 and 1 (exclusive); got 1");
    expect(usageMessage(() => decimalFlag("price", "abc", bounds))).toContain('got "abc"');
    expect(usageMessage(() => decimalFlag("price", undefined, bounds))).toContain("--price");
    expect(decimalFlag("price", "0.99", bounds).toString()).toBe("0.99");
  });
});

describe("durationFlag and listFlag", () => {
  test.each([
    ["500ms", 500],
    ["2s", 2000],
    ["1.5s", 1500],
    ["5m", 300_000],
    ["1h", 3_600_000],
    ["3", 3000],
  ])("%s is %d ms", (text, ms) => expect(durationFlag("interval", text)).toBe(ms));
  test("bad durations name the flag", () => {
    expect(usageMessage(() => durationFlag("interval", "soon"))).toContain("--interval");
  });
  test("lists split on commas and spaces", () => {
    expect(listFlag("BTC,ETH SOL")).toEqual(["BTC", "ETH", "SOL"]);
    expect(listFlag(["BTC", "ETH,XRP"])).toEqual(["BTC", "ETH", "XRP"]);
    expect(listFlag(undefined)).toEqual([]);
  });
});
