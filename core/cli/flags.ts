/**
 * Flag checking that citty leaves out: unknown flags are errors (a typo such as `--dryrun` must
 * never run silently), and numeric flags are parsed straight into Decimal, never through Number.
 */
import type { ArgsDef } from "citty";
import { Decimal } from "../decimal.ts";
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

const camel = (name: string) => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** The known name closest to `input`, when it is close enough to be a plausible typo. */
export function closest(input: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const name of known) {
    const score = distance(input, name);
    if (score < bestScore) [best, bestScore] = [name, score];
  }
  return bestScore <= Math.max(2, Math.floor(input.length / 3)) ? best : undefined;
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Throws a UsageError for the first flag or stray argument the command does not define. */
export function assertKnownArgs(rawArgs: string[], args: ArgsDef): void {
  const byName = new Map<string, { type?: string }>();
  for (const [name, def] of Object.entries(args)) {
    if (def.type === "positional") continue;
    const aliases = "alias" in def && def.alias ? ([] as string[]).concat(def.alias) : [];
    for (const key of [name, ...aliases]) byName.set(camel(key), def);
  }
  const positionals = Object.values(args).filter((def) => def.type === "positional").length;
  let seenPositionals = 0;
  for (let i = 0; i < rawArgs.length; i++) {
    const token = rawArgs[i]!;
    if (token === "--") break;
    if (!token.startsWith("-") || token === "-" || /^-\d/.test(token)) {
      seenPositionals++;
      // Commands with a positional take any number of them (`prices BTC ETH`).
      if (positionals === 0 && seenPositionals > 0) throw new UsageError(`unexpected argument "${token}"`);
      continue;
    }
    const body = token.replace(/^--?/, "");
    const [rawName, inlineValue] = body.split("=", 2) as [string, string | undefined];
    const name = camel(rawName);
    let def = byName.get(name);
    if (!def && name.startsWith("no") && name.length > 2) {
      const negated = byName.get(name[2]!.toLowerCase() + name.slice(3));
      if (negated?.type === "boolean") def = negated;
    }
    if (!def) {
      const suggestion = closest(kebab(name), [...byName.keys()].filter((key) => key.length > 1).map(kebab));
      throw new UsageError(`unknown flag ${token.split("=")[0]}${suggestion ? `; did you mean --${suggestion}?` : ""}`);
    }
    if (def.type !== "boolean" && inlineValue === undefined) {
      const value = rawArgs[i + 1];
      if (value === undefined) throw new UsageError(`flag --${kebab(name)} needs a value`);
      i++;
    }
  }
}

export type DecimalBounds = { min?: Decimal.Value; max?: Decimal.Value; minExclusive?: boolean; maxExclusive?: boolean };

/** Parses a flag's text into a Decimal within bounds, or throws a UsageError naming the flag. */
export function decimalFlag(flag: string, text: string | undefined, bounds: DecimalBounds = {}, form = "a number"): Decimal {
  const parsed = parseDecimal(text);
  if (!parsed.ok) throw new UsageError(`--${flag} must be ${form}; got ${JSON.stringify(text ?? "")}`);
  const value = parsed.value;
  const { min, max, minExclusive, maxExclusive } = bounds;
  const belowMin = min !== undefined && (minExclusive ? value.lte(min) : value.lt(min));
  const aboveMax = max !== undefined && (maxExclusive ? value.gte(max) : value.gt(max));
  if (belowMin || aboveMax) throw new UsageError(`--${flag} must be ${form}; got ${text}`);
  return value;
}

/** Parses a duration flag ("500ms", "2s", "5m", "1h", bare number = seconds) into milliseconds. */
export function durationFlag(flag: string, text: string | undefined): number {
  const match = text?.trim().match(/^(\d+(?:\.\d+)?)(ms|s|m|h)?$/);
  if (!match) throw new UsageError(`--${flag} must be a duration such as 500ms, 2s, 5m or 1h; got ${JSON.stringify(text ?? "")}`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? "s") as "ms" | "s" | "m" | "h"];
  return Math.round(Number(match[1]) * unit);
}

/** Comma- or space-separated list flag ("BTC,ETH" or repeated values). */
export function listFlag(text: string | string[] | undefined): string[] {
  if (text === undefined) return [];
  return ([] as string[]).concat(text).flatMap((part) => part.split(/[,\s]+/)).filter(Boolean);
}
