import { describe, expect, test } from "bun:test";
import { UsageError } from "../../../core/cli/errors.ts";
import { decimalFlag, durationFlag, listFlag } from "../../../core/cli/flags.ts";
import { thrown } from "../../helpers/thrown.ts";

const usageMessage = (fn: () => unknown) => thrown(UsageError, fn).message;

describe("decimalFlag", () => {
  test("parses into Decimal without going through Number", () => {
    expect(decimalFlag("size", "0.1000000000000000000001", { min: 0, max: 1 }, "a size").toString()).toBe("0.1000000000000000000001");
  });
  test("enforces bounds and names the flag and form", () => {
    const bounds = { min: 0, max: 1, minExclusive: true, maxExclusive: true };
    expect(usageMessage(() => decimalFlag("price", "1", bounds, "a probability between 0 and 1 (exclusive)"))).toBe(
      "--price must be a probability between 0 and 1 (exclusive); got 1",
    );
    expect(usageMessage(() => decimalFlag("price", "abc", bounds, "a price"))).toContain('got "abc"');
    expect(usageMessage(() => decimalFlag("price", undefined, bounds, "a price"))).toContain("--price");
    expect(decimalFlag("price", "0.99", bounds, "a price").toString()).toBe("0.99");
  });
  test.each(["1e999999999999999999", "-1e999999999999999999", "1e9000000000000001"])("%s is Infinity to decimal.js: refused, whatever the bounds", (text) => {
    const wide = { min: "-1e9000000000000000000", max: "1e9000000000000000000" };
    expect(usageMessage(() => decimalFlag("size", text, wide, "a size"))).toBe(`--size must be a size; got ${text}`);
  });
});

describe("durationFlag and listFlag", () => {
  test.each([
    ["500ms", 500],
    ["2s", 2000],
    ["1.5s", 1500],
    ["5m", 300_000],
    ["1h", 3_600_000],
  ])("%s is %d ms", (text, ms) => expect(durationFlag("interval", text)).toBe(ms));
  test("a bare number is refused with a hint, never read as seconds", () => {
    expect(usageMessage(() => durationFlag("ends-within", "30"))).toBe("--ends-within needs a unit: 30s, 30m or 30h? (durations are written such as 500ms, 2s, 5m or 1h)");
  });
  test("bad durations name the flag", () => {
    expect(usageMessage(() => durationFlag("interval", "soon"))).toContain("--interval");
  });
  test("a duration too long for a number is refused, not Infinity", () => {
    const text = `${"9".repeat(400)}h`;
    expect(usageMessage(() => durationFlag("duration", text))).toBe(`--duration is too long a duration; got "${text}"`);
  });
  test("lists split on commas and spaces", () => {
    expect(listFlag("BTC,ETH SOL")).toEqual(["BTC", "ETH", "SOL"]);
    expect(listFlag(undefined)).toEqual([]);
  });
});
