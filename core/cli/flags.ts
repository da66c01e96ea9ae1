/**
 * The flags every command shares, and the readers of flag values: decimals go straight from flag
 * text into Decimal, never through Number, and must be finite and within the flag's bounds. (The
 * arguments citty parses are checked first by strict-args.ts.)
 */
import type { ArgsDef } from "citty";
import type { Decimal } from "../decimal.ts";
import { parseDecimal } from "../safe-parse.ts";
import { UsageError } from "./errors.ts";

/** Flags every command accepts; `main` reads them before the command runs. */
export const commonArgs = {
  json: { type: "boolean", description: "Force JSON lines on stdout" },
  table: { type: "boolean", description: "Force a readable table on stdout" },
  quiet: { type: "boolean", alias: "q", description: "Only warnings and errors on stderr" },
  verbose: { type: "boolean", alias: "v", description: "Debug logs and stack traces on stderr" },
  config: { type: "string", description: "Config file (default ./pm-arb.config.json)", valueHint: "file" },
} as const satisfies ArgsDef;

/** `--db`, on every command that reads or writes the store. */
export const storeArgs = {
  db: {
    type: "string",
    description: "The store, a SQLite file (default: config db / PM_ARB_DB, else $XDG_DATA_HOME/pm-arb/pm-arb.sqlite or ~/.local/share/pm-arb/pm-arb.sqlite)",
    valueHint: "path",
  },
} as const satisfies ArgsDef;

/** `--db PATH` as options: `{ db }`, or nothing when not given (the configuration decides). */
export function storeFlag(flags: Record<string, unknown>): { db?: string } {
  const db = flags.db;
  if (db === undefined || db === false) return {};
  if (typeof db !== "string" || db.trim() === "") throw new UsageError("--db needs the path of a store file, e.g. --db ./paper.sqlite");
  return { db };
}

/**
 * The most shares or collateral a flag takes: far beyond any order a book can fill, far below sizes
 * whose fees and costs would print in exponent form.
 */
export const MAX_AMOUNT = "1e9";

/** Both ends are required: every number a flag takes is bounded (`1e999999999` is Infinity to decimal.js). */
export type DecimalBounds = { min: Decimal.Value; max: Decimal.Value; minExclusive?: boolean; maxExclusive?: boolean };

/** Parses a flag's text into a finite Decimal within bounds, or throws a UsageError naming the flag and its form. */
export function decimalFlag(flag: string, text: string | undefined, bounds: DecimalBounds, form: string): Decimal {
  const parsed = parseDecimal(text);
  if (!parsed.ok) throw new UsageError(`--${flag} must be ${form}; got ${JSON.stringify(text ?? "")}`);
  const value = parsed.value;
  const { min, max, minExclusive, maxExclusive } = bounds;
  const belowMin = minExclusive ? value.lte(min) : value.lt(min);
  const aboveMax = maxExclusive ? value.gte(max) : value.gt(max);
  if (!value.isFinite() || belowMin || aboveMax) throw new UsageError(`--${flag} must be ${form}; got ${text}`);
  return value;
}

/**
 * Parses a duration flag ("500ms", "2s", "5m", "1h") into milliseconds. The unit is required: a bare
 * `--ends-within 30` reads as minutes to some and seconds to others, so it is refused with a hint.
 */
export function durationFlag(flag: string, text: string | undefined): number {
  const trimmed = text?.trim() ?? "";
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) throw new UsageError(`--${flag} needs a unit: ${trimmed}s, ${trimmed}m or ${trimmed}h? (durations are written such as 500ms, 2s, 5m or 1h)`);
  const match = trimmed.match(/^(\d+(?:\.\d+)?)(ms|s|m|h)$/);
  if (!match) throw new UsageError(`--${flag} must be a duration such as 500ms, 2s, 5m or 1h; got ${JSON.stringify(text ?? "")}`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as "ms" | "s" | "m" | "h"];
  const ms = Math.round(Number(match[1]) * unit);
  // A digit string long enough is Infinity to Number.
  if (!Number.isSafeInteger(ms)) throw new UsageError(`--${flag} is too long a duration; got ${JSON.stringify(text)}`);
  return ms;
}

/** A comma- or space-separated list flag ("BTC,ETH"); given once, like every flag that is not repeatable. */
export function listFlag(text: string | undefined): string[] {
  if (text === undefined) return [];
  return text.split(/[,\s]+/).filter(Boolean);
}
