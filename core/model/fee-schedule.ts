/**
 * Polymarket fee schedules as data. Every schedule the venue has published is one formula:
 *
 *     fee (collateral) = shares × rate × (p × (1 − p)) ^ exponent      (takers only; makers pay 0)
 *
 * Presets: `crypto` (0.072, 1: the 2026 per-market crypto schedule, the default), `legacy-15m`
 * (0.25, 2: January 2026, kept for back-testing old fills), `none`.
 *
 * Not a schedule, on purpose: the pilot's linear `0.0312 × (0.5 − |p − 0.5|)` applied to trade value.
 * It read "1.56 at 0.50" as a percentage of cost; it is cents per share, so the pilot understated
 * the January fee by half, and its straight-line shape is not the venue's curve elsewhere either
 * (see docs/records.md#fee).
 */
import { Decimal, ONE, ZERO } from "../decimal.ts";
import { type Parsed, parseDecimal } from "../safe-parse.ts";

export type FeeSchedule = {
  /** Fee rate (0 ≤ rate ≤ 1). */
  rate: Decimal;
  /** Exponent applied to p × (1 − p); positive. */
  exponent: Decimal;
  /** True when only takers pay (every schedule Polymarket has published so far). */
  taker_only: boolean;
  /** Where the schedule came from: "preset:<name>", "flag", "gamma:<slug>", "clob:<token>". */
  source: string;
};

/** A schedule as record fields, decimals as strings. */
export const scheduleFields = ({ rate, exponent, taker_only, source }: FeeSchedule) => ({ rate: rate.toString(), exponent: exponent.toString(), taker_only, source });

export const PRESET_NAMES = ["crypto", "legacy-15m", "none"] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** The preset used when neither a schedule, a rate nor a market is given. */
export const DEFAULT_PRESET: PresetName = "crypto";

const PRESETS: Record<PresetName, { rate: string; exponent: string }> = {
  crypto: { rate: "0.072", exponent: "1" },
  "legacy-15m": { rate: "0.25", exponent: "2" },
  none: { rate: "0", exponent: "1" },
};

export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

export function presetSchedule(name: PresetName): FeeSchedule {
  const preset = PRESETS[name];
  return { rate: new Decimal(preset.rate), exponent: new Decimal(preset.exponent), taker_only: true, source: `preset:${name}` };
}

/** A schedule typed in by hand (`--rate R [--exponent E]`); bounds are checked by the caller's flag parsing. */
export function flagSchedule(rate: Decimal, exponent: Decimal = ONE): FeeSchedule {
  return { rate, exponent, taker_only: true, source: "flag" };
}

/** Checks a schedule's numbers: 0 ≤ rate ≤ 1 and exponent > 0. */
export function checkSchedule(rate: Decimal, exponent: Decimal): string | undefined {
  if (rate.lt(ZERO) || rate.gt(ONE)) return `rate ${rate.toString()} is outside [0, 1]`;
  if (!exponent.gt(ZERO)) return `exponent ${exponent.toString()} is not positive`;
  return undefined;
}

/**
 * Builds a schedule from a venue's raw fields (rate may be a number or a string). Never throws:
 * a missing or malformed rate or exponent is a failure, not a zero — fees fail closed.
 */
export function venueSchedule(raw: { rate: unknown; exponent: unknown; takerOnly?: unknown }, source: string): Parsed<FeeSchedule> {
  const rate = parseDecimal(raw.rate);
  if (!rate.ok) return { ok: false, error: `fee rate: ${rate.error}` };
  let exponent = parseDecimal(raw.exponent);
  // A zero rate makes the exponent irrelevant; fee-free markets may publish e: 0 or none at all.
  if (rate.value.isZero() && !(exponent.ok && exponent.value.gt(ZERO))) exponent = { ok: true, value: ONE };
  if (!exponent.ok) return { ok: false, error: `fee exponent: ${exponent.error}` };
  const problem = checkSchedule(rate.value, exponent.value);
  if (problem) return { ok: false, error: problem };
  if (raw.takerOnly !== undefined && raw.takerOnly !== null && typeof raw.takerOnly !== "boolean") {
    return { ok: false, error: `takerOnly is not a boolean: ${JSON.stringify(raw.takerOnly)}` };
  }
  // Every published schedule is taker-only; an absent flag means the venue's documented default.
  const takerOnly = typeof raw.takerOnly === "boolean" ? raw.takerOnly : true;
  return { ok: true, value: { rate: rate.value, exponent: exponent.value, taker_only: takerOnly, source } };
}

/** A fee-free market (`feesEnabled: false`). */
export function feeFreeSchedule(source: string): FeeSchedule {
  return { rate: ZERO, exponent: ONE, taker_only: true, source };
}
