/**
 * `pm-arb run` and `pm-arb stop` flags → typed options. Scan options are scan's own parser
 * (core/scan/options.ts); risk limits are config overrides validated by the config schema, so a
 * flag and its config key can never disagree about what is valid.
 */
import { UsageError } from "../cli/errors.ts";
import { boolFlag, type Flags, textFlag } from "../cli/flag-text.ts";
import { decimalFlag, durationFlag, MAX_AMOUNT, storeFlag } from "../cli/flags.ts";
import { DEFAULT_LATENCY_MS } from "./paper-venue.ts";
import type { StopOptions } from "./stop.ts";

function durationOf(flags: Flags, name: string, fallback: number, min = 1): number {
  const text = textFlag(flags, name);
  if (text === undefined) return fallback;
  const ms = durationFlag(name, text);
  if (ms < min) throw new UsageError(`--${name} must be at least ${min} ms; got ${JSON.stringify(text)}`);
  return ms;
}

export function parseStopFlags(flags: Flags): StopOptions {
  const clear = boolFlag(flags, "clear");
  const reason = textFlag(flags, "reason");
  const cancelOpen = boolFlag(flags, "cancel-open");
  if (clear && (reason !== undefined || cancelOpen)) throw new UsageError("--clear re-arms; it takes neither --reason nor --cancel-open");
  if (reason !== undefined && reason.trim() === "") throw new UsageError("--reason must not be empty");
  return { clear, reason: reason?.trim() ?? "manual stop", cancelOpen, waitMs: durationOf(flags, "wait", 10_000, 0) };
}

/** `--alert-if-stale 120` (seconds, or a duration such as 2m). */
export function staleFlag(flags: Flags): number | undefined {
  const text = textFlag(flags, "alert-if-stale");
  if (text === undefined) return undefined;
  const ms = /^\d+$/.test(text.trim())
    ? decimalFlag("alert-if-stale", text, { min: 1, max: 86_400 }, "seconds from 1 to 86400, or a duration such as 2m").toNumber() * 1000
    : durationFlag("alert-if-stale", text);
  if (ms < 1000) throw new UsageError(`--alert-if-stale must be at least 1 second; got ${JSON.stringify(text)}`);
  return ms;
}

/** Risk flags, each the config key of the same name (validated by the config schema, like the same keys in a file). */
const RISK_FLAGS = ["bankroll", "max-trade-size", "max-market-exposure", "max-total-exposure", "max-open-positions", "daily-loss-limit", "max-drawdown", "min-edge"];

export type SandboxChoice = { speed: number; seed: number };

/** `--sandbox` with its `--speed` and `--seed` (which go with it only); undefined without `--sandbox`. */
export function parseSandboxChoice(flags: Flags): SandboxChoice | undefined {
  const speedText = textFlag(flags, "speed");
  const seedText = textFlag(flags, "seed");
  if (!boolFlag(flags, "sandbox")) {
    if (speedText !== undefined || seedText !== undefined) throw new UsageError(`--${speedText !== undefined ? "speed" : "seed"} goes with --sandbox`);
    return undefined;
  }
  return {
    speed: speedText === undefined ? 20 : decimalFlag("speed", speedText, { min: 1, max: 100 }, "a simulated-time speed from 1 to 100").toNumber(),
    seed: seedText === undefined ? 1 : decimalFlag("seed", seedText, { min: 0, max: 4_294_967_295 }, "an integer seed").floor().toNumber(),
  };
}

export type RunOptions = {
  status: boolean;
  /** `--alert-if-stale`: the watchdog threshold (ms). */
  alertIfStaleMs?: number;
  live: boolean;
  once: boolean;
  sandbox?: SandboxChoice;
  durationMs?: number;
  quiet: boolean;
  partial: boolean;
  /** Config overrides from the risk flags (and the sandbox URL once it is known). */
  overrides: Record<string, unknown>;
  /** The flags as given, for scan's own parser. */
  scanFlags: Flags;
  discoverEveryMs: number;
  summaryEveryMs: number;
  largeLoss: string;
  providers?: string;
  configPath?: string;
  /** `--latency`: a paper order reaches the book this much later (ms). */
  latencyMs: number;
  /** `--replay DIR`: the loop on a recording, on its clock (paper only). */
  replay?: string;
};

const TRADING_FLAGS = ["live", "once", "sandbox", "duration", "partial"];

export function parseRunFlags(flags: Flags): RunOptions {
  const status = boolFlag(flags, "status");
  const alertIfStaleMs = staleFlag(flags);
  if (alertIfStaleMs !== undefined && !status) throw new UsageError("--alert-if-stale goes with --status (pm-arb run --status --alert-if-stale 120)");
  if (status) {
    const extra = TRADING_FLAGS.find((name) => boolFlag(flags, name) || textFlag(flags, name) !== undefined);
    if (extra) throw new UsageError(`--status only reports; it takes no --${extra}`);
  }
  const once = boolFlag(flags, "once");
  const sandbox = parseSandboxChoice(flags);
  const durationText = textFlag(flags, "duration");
  if (once && durationText !== undefined) throw new UsageError("--once runs one cycle; it takes no --duration");
  const replay = textFlag(flags, "replay");
  if (replay !== undefined) {
    if (replay.trim() === "") throw new UsageError("--replay needs a recording directory");
    const extra = ["live", "once", "sandbox", "duration", "status", "db"].find((name) => boolFlag(flags, name) || textFlag(flags, name) !== undefined);
    if (extra) throw new UsageError(`--replay is paper trading on a recording's own clock, in a fresh store of its own; it takes no --${extra}`);
  }
  const latencyMs = durationOf(flags, "latency", DEFAULT_LATENCY_MS, 0);
  if (latencyMs > 60_000) throw new UsageError(`--latency must be at most 60s; got ${JSON.stringify(textFlag(flags, "latency"))}`);
  const overrides: Record<string, unknown> = { ...storeFlag(flags) };
  for (const flag of RISK_FLAGS) {
    const value = textFlag(flags, flag);
    if (value !== undefined) overrides[flag.replaceAll("-", "_")] = value;
  }
  const cooldown = textFlag(flags, "cooldown");
  if (cooldown !== undefined) overrides.cooldown_ms = durationFlag("cooldown", cooldown);
  const largeLoss = textFlag(flags, "large-loss") ?? "20";
  decimalFlag("large-loss", largeLoss, { min: 0, max: MAX_AMOUNT, minExclusive: true }, `a loss in collateral above 0 and at most ${MAX_AMOUNT}, such as 20`);
  return {
    status,
    ...(alertIfStaleMs !== undefined ? { alertIfStaleMs } : {}),
    live: boolFlag(flags, "live"),
    once,
    ...(sandbox ? { sandbox } : {}),
    ...(durationText !== undefined ? { durationMs: durationOf(flags, "duration", 0, 1) } : {}),
    quiet: boolFlag(flags, "quiet"),
    partial: boolFlag(flags, "partial"),
    overrides,
    scanFlags: flags,
    discoverEveryMs: durationOf(flags, "discover-every", 30_000, 1_000),
    summaryEveryMs: durationOf(flags, "summary-every", 60_000, 1_000),
    largeLoss,
    ...(textFlag(flags, "providers") !== undefined ? { providers: textFlag(flags, "providers") } : {}),
    ...(textFlag(flags, "config") !== undefined ? { configPath: textFlag(flags, "config") } : {}),
    latencyMs,
    ...(replay !== undefined ? { replay } : {}),
  };
}
