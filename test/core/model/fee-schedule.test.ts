import { describe, expect, test } from "bun:test";
import { DEFAULT_PRESET, PRESET_NAMES, presetSchedule, venueSchedule } from "../../../core/model/fee-schedule.ts";

const plain = (s: ReturnType<typeof presetSchedule>) => ({ rate: s.rate.toString(), exponent: s.exponent.toString(), taker_only: s.taker_only, source: s.source });

describe("presets", () => {
  test("crypto (2026) is rate 0.072, exponent 1, and the default; legacy-15m (January 2026) is rate 0.25, exponent 2; none is rate 0", () => {
    expect(DEFAULT_PRESET).toBe("crypto");
    expect(plain(presetSchedule("crypto"))).toEqual({ rate: "0.072", exponent: "1", taker_only: true, source: "preset:crypto" });
    expect(plain(presetSchedule("legacy-15m"))).toEqual({ rate: "0.25", exponent: "2", taker_only: true, source: "preset:legacy-15m" });
    expect(presetSchedule("none").rate.toString()).toBe("0");
  });
  test("the pilot's linear formula is not shipped as a schedule", () => {
    expect([...PRESET_NAMES]).toEqual(["crypto", "legacy-15m", "none"]);
  });
});

describe("venueSchedule: rate as number or string, fail closed", () => {
  test.each([
    ["numbers", { rate: 0.072, exponent: 1, takerOnly: true }, "gamma:x", { rate: "0.072", exponent: "1", taker_only: true }],
    ["strings", { rate: "0.25", exponent: "2", takerOnly: true }, "clob:1", { rate: "0.25", exponent: "2", taker_only: true }],
    ["takerOnly absent → the documented default, taker only", { rate: 0.03, exponent: 1 }, "gamma:x", { rate: "0.03", exponent: "1", taker_only: true }],
    ["takerOnly false is kept", { rate: 0.03, exponent: 1, takerOnly: false }, "gamma:x", { rate: "0.03", exponent: "1", taker_only: false }],
    ["rate 0 with exponent 0 (fee-free compact form) is fee-free, exponent normalised to 1", { rate: 0, exponent: 0 }, "clob:1", { rate: "0", exponent: "1", taker_only: true }],
  ])("%s", (_, raw, source, expected) => {
    const parsed = venueSchedule(raw, source);
    expect(parsed.ok && plain(parsed.value)).toEqual({ ...expected, source });
  });
  test.each([
    [{ rate: null, exponent: 1 }, "fee rate: missing value"],
    [{ rate: "", exponent: 1 }, "fee rate: empty string"],
    [{ rate: "7%", exponent: 1 }, "fee rate: not a number"],
    [{ rate: 0.07, exponent: undefined }, "fee exponent: missing value"],
    [{ rate: 1.5, exponent: 1 }, "rate 1.5 is outside [0, 1]"],
    [{ rate: -0.1, exponent: 1 }, "rate -0.1 is outside [0, 1]"],
    [{ rate: 0.07, exponent: 0 }, "exponent 0 is not positive"],
    [{ rate: 0.07, exponent: 1, takerOnly: "yes" }, "takerOnly is not a boolean"],
  ])("%j is refused", (raw, message) => {
    const parsed = venueSchedule(raw, "gamma:x");
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toContain(message);
  });
});
