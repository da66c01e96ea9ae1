import { describe, expect, test } from "bun:test";
import { Decimal } from "../../core/decimal.ts";
import { decimalOr, optionalDecimal, parseDecimal, parseJson, parseStringArray } from "../../core/safe-parse.ts";

describe("parseDecimal", () => {
  test.each([
    ["0.5", "0.5"],
    [" 97000.01000000 ", "97000.01"],
    ["1e-3", "0.001"],
    ["-2.5E2", "-250"],
    [".25", "0.25"],
    [42, "42"],
    [0.1, "0.1"],
    ["123456789012345678901234567890.123456789", "123456789012345678901234567890.123456789"],
  ])("accepts %p", (input, expected) => {
    const parsed = parseDecimal(input);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.value.toString()).toBe(expected);
  });

  const garbage = [null, undefined, "", "   ", "NaN", "nan", "Infinity", "-Infinity", "inf", "1,000", "0x10", "12abc", "1.2.3", Number.NaN, Number.POSITIVE_INFINITY, {}, [], true];
  test.each(garbage.map((value) => [value]))("rejects %p without throwing", (input) => {
    const parsed = parseDecimal(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.length).toBeGreaterThan(0);
  });

  test("decimalOr returns the caller's default only for bad input", () => {
    expect(decimalOr("", new Decimal(7)).toString()).toBe("7");
    expect(decimalOr("NaN", new Decimal(7)).toString()).toBe("7");
    expect(decimalOr("3", new Decimal(7)).toString()).toBe("3");
    expect(optionalDecimal(null)).toBeUndefined();
    expect(optionalDecimal("0.01")?.toString()).toBe("0.01");
  });
});

describe("parseJson", () => {
  test("truncated JSON and HTML pages are failures, not exceptions", () => {
    expect(parseJson('{"price": "1').ok).toBe(false);
    const html = parseJson("<html><body>502</body></html>");
    expect(html.ok).toBe(false);
    if (!html.ok) expect(html.error).toContain("<html>");
    expect(parseJson('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
  });
});

describe("parseStringArray", () => {
  const tokenId = "71321045679252212594626385532706912750332728571942532289631379312455583992563";
  test("accepts JSON-encoded strings and real arrays alike", () => {
    expect(parseStringArray('["Up", "Down"]')).toEqual({ ok: true, value: ["Up", "Down"] });
    expect(parseStringArray(["Yes", "No"])).toEqual({ ok: true, value: ["Yes", "No"] });
    expect(parseStringArray(`["${tokenId}"]`)).toEqual({ ok: true, value: [tokenId] });
    expect(parseStringArray([0.5, 1])).toEqual({ ok: true, value: ["0.5", "1"] });
  });
  test("refuses numbers that already lost digits, nulls and non-arrays", () => {
    expect(parseStringArray([Number(tokenId)]).ok).toBe(false);
    expect(parseStringArray("[null]").ok).toBe(false);
    expect(parseStringArray('{"a":1}').ok).toBe(false);
    expect(parseStringArray("").ok).toBe(false);
    expect(parseStringArray(null).ok).toBe(false);
  });
});
