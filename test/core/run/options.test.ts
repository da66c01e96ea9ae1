import { describe, expect, test } from "bun:test";
import { UsageError } from "../../../core/cli/errors.ts";
import { parseRunFlags, parseStopFlags, staleFlag } from "../../../core/run/options.ts";

describe("run flags", () => {
  test("defaults: paper, looping, no sandbox", () => {
    const options = parseRunFlags({});
    expect(options).toMatchObject({ status: false, live: false, once: false, quiet: false, partial: false, overrides: {}, largeLoss: "20" });
    expect([options.discoverEveryMs, options.summaryEveryMs, options.sandbox, options.durationMs]).toEqual([30_000, 60_000, undefined, undefined]);
  });

  test("risk flags become config overrides (validated by the config schema); cooldown in ms", () => {
    const flags = { bankroll: "500", "max-trade-size": "10", "min-edge": "0.05", cooldown: "5s" };
    expect(parseRunFlags(flags).overrides).toEqual({ bankroll: "500", max_trade_size: "10", min_edge: "0.05", cooldown_ms: 5_000 });
  });

  test("--sandbox with speed and seed; --duration", () => {
    expect(parseRunFlags({ sandbox: true }).sandbox).toEqual({ speed: 20, seed: 1 });
    expect(parseRunFlags({ sandbox: true, speed: "5", seed: "42", duration: "90s" })).toMatchObject({ sandbox: { speed: 5, seed: 42 }, durationMs: 90_000 });
  });

  test("--alert-if-stale: seconds or a duration, with --status only", () => {
    expect(staleFlag({ "alert-if-stale": "120" })).toBe(120_000);
    expect(staleFlag({ "alert-if-stale": "2m" })).toBe(120_000);
    expect(parseRunFlags({ status: true, "alert-if-stale": "120" }).alertIfStaleMs).toBe(120_000);
  });

  test.each([
    [{ "alert-if-stale": "120" }, /goes with --status/],
    [{ status: true, live: true }, /--status only reports/],
    [{ status: true, duration: "5s" }, /--status only reports/],
    [{ once: true, duration: "5s" }, /--once runs one cycle/],
    [{ speed: "5" }, /--speed goes with --sandbox/],
    [{ seed: "5" }, /--seed goes with --sandbox/],
    [{ sandbox: true, speed: "0" }, /--speed must be/],
    [{ "large-loss": "-3" }, /--large-loss must be/],
    [{ duration: "soon" }, /--duration must be a duration/],
    [{ status: true, "alert-if-stale": "0" }, /--alert-if-stale must be/],
  ])("%p is a usage error", (flags, message) => {
    expect(() => parseRunFlags(flags as Record<string, unknown>)).toThrow(UsageError);
    expect(() => parseRunFlags(flags as Record<string, unknown>)).toThrow(message);
  });
});

describe("pm-arb stop flags", () => {
  test("defaults and combinations", () => {
    expect(parseStopFlags({})).toEqual({ clear: false, reason: "manual stop", cancelOpen: false, waitMs: 10_000 });
    expect(parseStopFlags({ reason: " drawdown review ", "cancel-open": true, wait: "2s" })).toEqual({ clear: false, reason: "drawdown review", cancelOpen: true, waitMs: 2_000 });
    expect(() => parseStopFlags({ clear: true, reason: "x" })).toThrow(UsageError);
    expect(() => parseStopFlags({ reason: "  " })).toThrow(UsageError);
  });
});
