/**
 * Command definitions and flag parsing without importing citty at start-up.
 *
 * Commands stay citty `CommandDef`s (the stack's command-definition format; `--help` still renders
 * with citty's `renderUsage`), but importing citty costs ~12–15 ms when running the sources (~5 ms
 * in the compiled binary), most of it its `node:util` import — a third of the cold-start budget.
 * So the cold path never loads it:
 * - `defineCommand` is citty's (the identity function), typed with citty's own types;
 * - `parseCommandArgs` is citty 0.2.2's `parseArgs` ported line for line, with the non-strict
 *   `node:util` `parseArgs` it delegates to, and scule's `camelCase`/`kebabCase` (both MIT). It
 *   returns what citty returns — the same object behind the same Proxy, the same `CLIError`s for a
 *   missing required flag or a bad enum value — and test/core/cli/args.test.ts checks that against
 *   citty itself for every command's flags over a corpus of argument lists.
 * - `closest` and `assertKnownArgs` (unknown flags are errors) live here too: `flags.ts` loads
 *   decimal.js, which `--help` does not need.
 */
import type { ArgsDef, CommandDef, ParsedArgs } from "citty";
import { UsageError } from "./errors.ts";

/** citty's `defineCommand` (it returns its argument), without loading citty. */
export function defineCommand<const T extends ArgsDef = ArgsDef>(def: CommandDef<T>): CommandDef<T> {
  return def;
}

/** citty's error for its own argument checks; `main` reports any error named "CLIError" as a usage error. */
export class CLIError extends Error {
  code: string;
  constructor(message: string, code: string) {
    super(message);
    this.name = "CLIError";
    this.code = code;
  }
}

// ---- scule 1.3.0 (camelCase, kebabCase), as citty bundles it ------------------------------------

const NUMBER_CHAR_RE = /\d/;
const STR_SPLITTERS = ["-", "_", "/", "."];

function isUppercase(char = ""): boolean | undefined {
  if (NUMBER_CHAR_RE.test(char)) return undefined;
  return char !== char.toLowerCase();
}

function splitByCase(str: string): string[] {
  const parts: string[] = [];
  if (!str || typeof str !== "string") return parts;
  let buff = "";
  let previousUpper: boolean | undefined;
  let previousSplitter: boolean | undefined;
  for (const char of str) {
    const isSplitter = STR_SPLITTERS.includes(char);
    if (isSplitter === true) {
      parts.push(buff);
      buff = "";
      previousUpper = undefined;
      continue;
    }
    const isUpper = isUppercase(char);
    if (previousSplitter === false) {
      if (previousUpper === false && isUpper === true) {
        parts.push(buff);
        buff = char;
        previousUpper = isUpper;
        continue;
      }
      if (previousUpper === true && isUpper === false && buff.length > 1) {
        const lastChar = buff.at(-1);
        parts.push(buff.slice(0, Math.max(0, buff.length - 1)));
        buff = lastChar + char;
        previousUpper = isUpper;
        continue;
      }
    }
    buff += char;
    previousUpper = isUpper;
    previousSplitter = isSplitter;
  }
  parts.push(buff);
  return parts;
}

const upperFirst = (str: string) => (str ? str[0]!.toUpperCase() + str.slice(1) : "");
const lowerFirst = (str: string) => (str ? str[0]!.toLowerCase() + str.slice(1) : "");
/** Lower-case words joined by single dashes ("max-age"): scule splits them only at the dashes. */
const SIMPLE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const camelCase = (str: string): string => {
  if (typeof str === "string" && SIMPLE.test(str)) return str.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return lowerFirst(str ? splitByCase(str).map(upperFirst).join("") : "");
};
export const kebabCase = (str: string): string => {
  if (typeof str === "string" && SIMPLE.test(str)) return str;
  return str ? splitByCase(str).map((p) => p.toLowerCase()).join("-") : "";
};

// ---- node:util parseArgs, non-strict (what citty calls), with positionals and defaults -----------

type NodeOption = { type: "string" | "boolean"; short?: string; default?: unknown };
type NodeOptions = Record<string, NodeOption>;

const own = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);
const optionType = (options: NodeOptions, name: string) => (own(options, name) ? options[name]!.type : undefined);

function longForShort(short: string, options: NodeOptions): string {
  const entry = Object.entries(options).find(([, option]) => option.short === short);
  return entry?.[0] ?? short;
}

/** Exported for the test that checks it against `node:util` itself. */
export function nodeParseArgs(args: string[], options: NodeOptions): { values: Record<string, unknown>; positionals: string[] } {
  // node validates each default against its option's type (citty then falls back to no options at all).
  for (const [name, option] of Object.entries(options)) {
    if (option.default !== undefined && typeof option.default !== option.type) throw new TypeError(`options.${name}.default must be a ${option.type}`);
  }
  const values: Record<string, unknown> = Object.create(null);
  const positionals: string[] = [];
  const store = (name: string, value: string | undefined) => {
    if (name === "__proto__") return;
    values[name] = value ?? true;
  };
  const remaining = args.slice();
  while (remaining.length > 0) {
    const arg = remaining.shift()!;
    const next = remaining[0];
    if (arg === "--") {
      positionals.push(...remaining);
      break;
    }
    if (arg.length === 2 && arg[0] === "-" && arg[1] !== "-") {
      // -f [value]
      const name = longForShort(arg[1]!, options);
      store(name, optionType(options, name) === "string" && next != null ? remaining.shift() : undefined);
      continue;
    }
    if (arg.length > 2 && arg[0] === "-" && arg[1] !== "-") {
      const name = longForShort(arg[1]!, options);
      if (optionType(options, name) !== "string") {
        // -abc → -a -b -c; a string option in the middle takes the rest as its value (-abfFILE → -a -b
        // -fFILE), the last one the next argument. Each letter is an option, "-" too (-a- → a and "-").
        for (let index = 1; index < arg.length; index++) {
          const long = longForShort(arg[index]!, options);
          const isString = optionType(options, long) === "string";
          if (index === arg.length - 1) store(long, isString && next != null ? remaining.shift() : undefined);
          else if (isString) {
            store(long, arg.slice(index + 1));
            break;
          } else store(long, undefined);
        }
      } else store(name, arg.slice(2)); // -fVALUE
      continue;
    }
    if (arg.length > 2 && arg.startsWith("--")) {
      const equals = arg.indexOf("=", 3);
      if (equals < 0) {
        // --foo [value]
        const name = arg.slice(2);
        store(name, optionType(options, name) === "string" && next != null ? remaining.shift() : undefined);
      } else store(arg.slice(2, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)); // --foo=bar
      continue;
    }
    positionals.push(arg);
  }
  for (const [name, option] of Object.entries(options)) {
    if (option.default !== undefined && values[name] === undefined) values[name] = option.default;
  }
  return { values, positionals };
}

// ---- citty 0.2.2: parseRawArgs and parseArgs -----------------------------------------------------

type RawOptions = { boolean: string[]; string: string[]; alias: Record<string, string[]>; default: Record<string, unknown> };

function parseRawArgs(args: string[], opts: RawOptions): Record<string, unknown> & { _: string[] } {
  const booleans = new Set(opts.boolean);
  const strings = new Set(opts.string);
  const aliasMap = opts.alias;
  const defaults = opts.default;
  const aliasToMain = new Map<string, string>();
  const mainToAliases = new Map<string, string[]>();
  for (const [key, targets] of Object.entries(aliasMap)) {
    for (const target of targets) {
      aliasToMain.set(key, target);
      if (!mainToAliases.has(target)) mainToAliases.set(target, []);
      mainToAliases.get(target)!.push(key);
      aliasToMain.set(target, key);
      if (!mainToAliases.has(key)) mainToAliases.set(key, []);
      mainToAliases.get(key)!.push(target);
    }
  }
  const options: NodeOptions = {};
  const getType = (name: string): "boolean" | "string" => {
    if (booleans.has(name)) return "boolean";
    for (const alias of mainToAliases.get(name) || []) if (booleans.has(alias)) return "boolean";
    return "string";
  };
  const isStringType = (name: string): boolean => {
    if (strings.has(name)) return true;
    for (const alias of mainToAliases.get(name) || []) if (strings.has(alias)) return true;
    return false;
  };
  const allOptions = new Set([...booleans, ...strings, ...Object.keys(aliasMap), ...Object.values(aliasMap).flat(), ...Object.keys(defaults)]);
  for (const name of allOptions) if (!options[name]) options[name] = { type: getType(name), default: defaults[name] };
  for (const [alias, main] of aliasToMain.entries()) if (alias.length === 1 && options[main] && !options[main].short) options[main].short = alias;
  const processedArgs: string[] = [];
  const negatedFlags: Record<string, boolean> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      processedArgs.push(...args.slice(i));
      break;
    }
    if (arg.startsWith("--no-")) {
      negatedFlags[arg.slice(5)] = true;
      continue;
    }
    processedArgs.push(arg);
  }
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = nodeParseArgs(processedArgs, options);
  } catch {
    parsed = { values: {}, positionals: processedArgs };
  }
  const out: Record<string, unknown> & { _: string[] } = { _: [] };
  out._ = parsed.positionals;
  for (const [key, value] of Object.entries(parsed.values)) {
    let coerced = value;
    if (getType(key) === "boolean" && typeof value === "string") coerced = value !== "false";
    else if (isStringType(key) && typeof value === "boolean") coerced = "";
    out[key] = coerced;
  }
  for (const [name] of Object.entries(negatedFlags)) {
    out[name] = false;
    const mainName = aliasToMain.get(name);
    if (mainName) out[mainName] = false;
    const aliases = mainToAliases.get(name);
    if (aliases) for (const alias of aliases) out[alias] = false;
  }
  for (const [alias, main] of aliasToMain.entries()) {
    if (out[alias] !== undefined && out[main] === undefined) out[main] = out[alias];
    if (out[main] !== undefined && out[alias] === undefined) out[alias] = out[main];
    if (out[alias] !== out[main] && defaults[main] === out[main]) out[main] = out[alias];
  }
  return out;
}

const noColor = (() => {
  const env = globalThis.process?.env ?? {};
  return env.NO_COLOR === "1" || env.TERM === "dumb" || env.TEST || env.CI;
})();
const cyan = (text: string) => (noColor ? text : `\u001B[36m${text}\u001B[39m`);
const toArray = <T>(value: T | T[] | undefined): T[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

type ResolvedArg = { name: string; type?: string; alias: string[]; default?: unknown; required?: boolean; options?: string[] };

/** citty's `parseArgs(rawArgs, argsDef)`: same result, same errors, without loading citty. */
export function parseCommandArgs<T extends ArgsDef = ArgsDef>(rawArgs: string[], argsDef: ArgsDef): ParsedArgs<T> {
  const parseOptions: RawOptions = { boolean: [], string: [], alias: {}, default: {} };
  const args: ResolvedArg[] = Object.entries(argsDef || {}).map(([name, def]) => ({ ...def, name, alias: toArray((def as { alias?: string | string[] }).alias) }));
  for (const arg of args) {
    if (arg.type === "positional") continue;
    if (arg.type === "string" || arg.type === "enum") parseOptions.string.push(arg.name);
    else if (arg.type === "boolean") parseOptions.boolean.push(arg.name);
    if (arg.default !== undefined) parseOptions.default[arg.name] = arg.default;
    if (arg.alias) parseOptions.alias[arg.name] = arg.alias;
    const camelName = camelCase(arg.name);
    const kebabName = kebabCase(arg.name);
    if (camelName !== arg.name || kebabName !== arg.name) {
      const existingAliases = toArray(parseOptions.alias[arg.name] || []);
      if (camelName !== arg.name && !existingAliases.includes(camelName)) existingAliases.push(camelName);
      if (kebabName !== arg.name && !existingAliases.includes(kebabName)) existingAliases.push(kebabName);
      if (existingAliases.length > 0) parseOptions.alias[arg.name] = existingAliases;
    }
  }
  const parsed = parseRawArgs(rawArgs, parseOptions);
  const [...positionalArguments] = parsed._;
  const parsedArgsProxy = new Proxy(parsed, {
    get(target, prop) {
      const key = prop as string;
      return target[key] ?? target[camelCase(key)] ?? target[kebabCase(key)];
    },
  }) as Record<string, unknown>;
  for (const arg of args) {
    if (arg.type === "positional") {
      const next = positionalArguments.shift();
      if (next !== undefined) parsedArgsProxy[arg.name] = next;
      else if (arg.default === undefined && arg.required !== false) throw new CLIError(`Missing required positional argument: ${arg.name.toUpperCase()}`, "EARG");
      else parsedArgsProxy[arg.name] = arg.default;
    } else if (arg.type === "enum") {
      const argument = parsedArgsProxy[arg.name] as string | undefined;
      const options = arg.options || [];
      if (argument !== undefined && options.length > 0 && !options.includes(argument)) {
        throw new CLIError(`Invalid value for argument: ${cyan(`--${arg.name}`)} (${cyan(argument)}). Expected one of: ${options.map((o) => cyan(o)).join(", ")}.`, "EARG");
      }
    } else if (arg.required && parsedArgsProxy[arg.name] === undefined) throw new CLIError(`Missing required argument: --${arg.name}`, "EARG");
  }
  return parsedArgsProxy as ParsedArgs<T>;
}

// ---- strict checks citty leaves out ---------------------------------------------------------------

const camel = (name: string) => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

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
