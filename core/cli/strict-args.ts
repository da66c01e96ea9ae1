/**
 * The strict layer over citty's parser. citty (and node:util's parseArgs under it) is lenient where a
 * trading CLI cannot be: it accepts flags it does not define (`--dryrun` would run for real), reads
 * any value of a boolean flag but "false" as true (`--live=no` would trade live), and keeps the last
 * of a repeated flag (`--price 0.5 --price 0.6` quotes 0.6). Each is a UsageError here, raised on the
 * raw arguments before citty parses them.
 */
import type { ArgDef, ArgsDef } from "citty";
import { closest } from "../suggest.ts";
import { UsageError } from "./errors.ts";

/**
 * A flag that may be given more than once (`--fault a --fault b`): mark its definition with
 * `repeatable: true`. citty keeps only the last value, so the command reads every value from its raw
 * arguments.
 */
type Repeatable = { repeatable?: boolean };

type Flag = { name: string; def: ArgDef & Repeatable };

// citty also accepts a flag under its camel-case name (`--dryRun` for `--dry-run`).
const camel = (name: string) => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function unknownFlag(token: string, name: string, flags: Map<string, Flag>): UsageError {
  const longNames = [...new Set([...flags.values()].map((flag) => flag.name))].filter((key) => key.length > 1);
  const suggestion = closest(kebab(name), longNames);
  return new UsageError(`unknown flag ${token}${suggestion ? `; did you mean --${suggestion}?` : ""}`);
}

/**
 * Throws a UsageError for the first argument citty would read differently from what was meant: a
 * flag or stray argument the command does not define, a boolean flag given a value other than
 * true/false (or a `--no-` flag given any value), a short flag in any form but `-x` alone, a
 * value-taking flag without its value, or a flag given twice that is not repeatable.
 */
export function assertStrictArgs(rawArgs: string[], args: ArgsDef): void {
  const flags = new Map<string, Flag>();
  for (const [name, def] of Object.entries(args)) {
    if (def.type === "positional") continue;
    const aliases = "alias" in def && def.alias !== undefined ? ([] as string[]).concat(def.alias) : [];
    for (const key of [name, ...aliases]) flags.set(camel(key), { name, def });
  }
  const takesPositionals = Object.values(args).some((def) => def.type === "positional");
  const seen = new Set<string>();
  for (let i = 0; i < rawArgs.length; i++) {
    const token = rawArgs[i]!;
    if (token === "--") break;
    if (!token.startsWith("-") || token === "-" || /^-\d/.test(token)) {
      // Commands with a positional take any number of them (`prices BTC ETH`).
      if (!takesPositionals) throw new UsageError(`unexpected argument "${token}"`);
      continue;
    }
    const long = token.startsWith("--");
    const body = token.slice(long ? 2 : 1);
    const equals = body.indexOf("=");
    const rawName = equals < 0 ? body : body.slice(0, equals);
    const inline = equals < 0 ? undefined : body.slice(equals + 1);
    const negated = long && rawName.startsWith("no-") && flags.get(camel(rawName.slice(3)))?.def.type === "boolean";
    const flag = flags.get(camel(negated ? rawName.slice(3) : rawName));
    if (!flag || (!long && rawName.length !== 1)) throw unknownFlag(token.split("=")[0]!, rawName, flags);
    const { name, def } = flag;
    // citty reads `-q=false` as -q -= -f -a -l -s -e, and `-c=file` as the value "=file".
    if (!long && inline !== undefined) throw new UsageError(`give ${token.split("=")[0]} without "=" (or --${name}=…)`);
    if (negated && inline !== undefined) throw new UsageError(`--no-${name} takes no value; got ${token}`);
    if (def.type === "boolean" && inline !== undefined && inline !== "true" && inline !== "false") {
      throw new UsageError(`--${name} is on or off: give --${name} or --no-${name} (or --${name}=true / --${name}=false); got ${token}`);
    }
    if (def.type !== "boolean" && inline === undefined) {
      const value = rawArgs[i + 1];
      if (value === undefined || (value.startsWith("--") && value.length > 2)) throw new UsageError(`flag --${name} needs a value`);
      i++;
    }
    if (seen.has(name) && !def.repeatable) throw new UsageError(`--${name} was given more than once; give it once`);
    seen.add(name);
  }
}
