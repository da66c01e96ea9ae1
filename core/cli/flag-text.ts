/**
 * A flag's value as citty hands it over, read the same way by every command's options: absent or
 * negated (`--no-x`) is undefined; anything but text is a UsageError. (A flag given twice or without
 * its value never gets here: strict-args.ts refuses it first.)
 */
import { UsageError } from "./errors.ts";

export type Flags = Record<string, unknown>;

/** The parser keeps a kebab-case flag under its camel-case name too (`ends-within` → `endsWithin`). */
function flagValue(flags: Flags, name: string): unknown {
  return flags[name] ?? flags[name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())];
}

/** The text of a flag's value, or undefined. */
export function flagText(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null || value === false) return undefined;
  if (typeof value !== "string") throw new UsageError(`--${name} needs a value`);
  return value;
}

/** The text of `--name` among the parsed flags, or undefined. */
export function textFlag(flags: Flags, name: string): string | undefined {
  return flagText(name, flagValue(flags, name));
}

/** Whether boolean `--name` is set. */
export function boolFlag(flags: Flags, name: string): boolean {
  return flagValue(flags, name) === true;
}
