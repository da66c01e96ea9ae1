/**
 * `parseCommandArgs` is citty's `parseArgs` ported so that the cold path does not import citty: it
 * must give the same answer as citty itself — the same values (through the same Proxy lookups),
 * the same positionals, the same errors — for every command's flags, over hand-picked argument
 * lists and a seeded random corpus built from each command's own flag names.
 */
import { describe, expect, test } from "bun:test";
import { parseArgs as cittyParseArgs, type ArgsDef, type CommandDef } from "citty";
import { parseArgs as nodeUtilParseArgs } from "node:util";
import { camelCase, kebabCase, nodeParseArgs, parseCommandArgs } from "../../../core/cli/args.ts";
import { createRng } from "../../../core/sandbox/rng.ts";

const COMMANDS = ["config", "fees", "markets", "positions", "prices", "risk", "run", "sandbox", "scan", "stop", "trade"];

async function resolve<T>(value: T | Promise<T> | (() => T | Promise<T>)): Promise<T> {
  return typeof value === "function" ? await (value as () => T | Promise<T>)() : await value;
}

/** Every (sub)command's flag definitions, by name. */
async function commandDefs(): Promise<Map<string, ArgsDef>> {
  const defs = new Map<string, ArgsDef>();
  for (const name of COMMANDS) {
    const command = (await import(`../../../commands/${name}.ts`)).default as CommandDef<ArgsDef>;
    defs.set(name, (await resolve(command.args)) ?? {});
    const subs = command.subCommands ? await resolve(command.subCommands) : {};
    for (const [subName, sub] of Object.entries(subs)) defs.set(`${name} ${subName}`, ((await resolve((await resolve(sub)).args)) ?? {}) as ArgsDef);
  }
  return defs;
}

/** Definitions that exercise what the commands do not (yet) use. */
const SYNTHETIC: Record<string, ArgsDef> = {
  enum: { mode: { type: "enum", options: ["fast", "slow"] }, level: { type: "enum", options: ["a", "b"], default: "a" } },
  required: { name: { type: "string", required: true }, count: { type: "string", alias: ["c", "n"] } },
  positionals: { first: { type: "positional" }, second: { type: "positional", required: false }, third: { type: "positional", default: "x" }, flag: { type: "boolean", alias: "f" } },
  "short names": { x: { type: "string", alias: "xx" }, y: { type: "boolean" }, z: { type: "string", alias: "zed" } },
  "camel names": { dryRun: { type: "boolean" }, maxAge: { type: "string", default: "5s" }, "min-edge": { type: "string" }, "keep-going": { type: "boolean", default: true } },
  "bad default type": { port: { type: "string", default: 8787 as unknown as string }, verbose: { type: "boolean" } },
};

type Outcome = { error: string } | { values: Record<string, unknown>; lookups: Record<string, unknown> };

function run(parse: (argv: string[], def: ArgsDef) => Record<string, unknown>, argv: string[], def: ArgsDef): Outcome {
  let parsed: Record<string, unknown>;
  try {
    parsed = parse([...argv], def);
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` };
  }
  const lookups: Record<string, unknown> = {};
  for (const [name, arg] of Object.entries(def)) {
    const aliases = "alias" in arg && arg.alias ? ([] as string[]).concat(arg.alias) : [];
    for (const key of [name, camelCase(name), kebabCase(name), ...aliases, `no-${name}`, "_"]) lookups[key] = parsed[key];
  }
  return { values: { ...parsed }, lookups };
}

const citty = (argv: string[], def: ArgsDef) => cittyParseArgs(argv, def) as Record<string, unknown>;
const ported = (argv: string[], def: ArgsDef) => parseCommandArgs(argv, def) as Record<string, unknown>;

/** Tokens a user (or a typo) could give for these flags. */
function vocabulary(def: ArgsDef): string[] {
  const words = ["--", "-", "BTC", "eth", "0.5", "-0.03", "-5", "false", "true", "", "=", "--=x", "---x", "-qv", "-vq", "-q5", "--no-", "--unknown", "-z"];
  for (const [name, arg] of Object.entries(def)) {
    const aliases = "alias" in arg && arg.alias ? ([] as string[]).concat(arg.alias) : [];
    for (const key of [name, camelCase(name), kebabCase(name), ...aliases]) {
      const dash = key.length === 1 ? "-" : "--";
      words.push(`${dash}${key}`, `--${key}=1.5`, `--${key}=`, `--${key}=false`, `--no-${key}`, `-${key}`, `--${key}=a=b`);
    }
  }
  return words;
}

describe("parseCommandArgs agrees with citty's parseArgs", () => {
  const HAND_PICKED = [
    [],
    ["--price", "0.5", "--size", "100"],
    ["--price=0.5", "--size=100", "--json"],
    ["--price", "0.5", "--price", "0.6"],
    ["-q", "--verbose", "--no-json", "--table=false"],
    ["--json=true", "--quiet=0", "-v"],
    ["--no-complement", "--explain", "--min-edge", "0.03", "--max-size=5"],
    ["--minEdge", "0.03", "--max-price-age", "2s", "--vol", "-0.5"],
    ["BTC", "ETH", "--mode", "median", "--max-age", "binance=2s,coingecko=90s"],
    ["--symbols", "BTC,ETH", "--", "--not-a-flag", "x"],
    ["--fault", "a", "--fault=b", "--port", "0", "--seed", "7"],
    ["--live", "--dry-run", "--timeout", "5s"],
    ["--config", "--json"],
    ["--price"],
    ["-qv"],
    ["-"],
    ["-5"],
    ["--complement", "--no-complement"],
    ["--no-complement", "--complement"],
  ];

  test("every command's flags, hand-picked argument lists and a seeded random corpus", async () => {
    const defs = await commandDefs();
    for (const [name, def] of Object.entries(SYNTHETIC)) defs.set(`synthetic ${name}`, def);
    expect(defs.size).toBeGreaterThan(COMMANDS.length);
    const rng = createRng(11, "args-corpus");
    let compared = 0;
    for (const [name, def] of defs) {
      const words = vocabulary(def);
      const lists = [...HAND_PICKED];
      for (let i = 0; i < 300; i++) lists.push(Array.from({ length: 1 + rng.int(6) }, () => words[rng.int(words.length)]!));
      for (const argv of lists) {
        const expected = run(citty, argv, def);
        const actual = run(ported, argv, def);
        if (!Bun.deepEquals(actual, expected, true)) expect({ command: name, argv, actual }).toEqual({ command: name, argv, actual: expected });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(3000);
  });

  test("the errors are citty's: a missing required flag, a bad enum value, a missing positional", () => {
    const errors = [
      [[], SYNTHETIC.required!],
      [["--mode", "medium"], SYNTHETIC.enum!],
      [["--flag"], SYNTHETIC.positionals!],
    ] as const;
    for (const [argv, def] of errors) {
      const expected = run(citty, [...argv], def);
      expect("error" in expected).toBe(true);
      expect(run(ported, [...argv], def)).toEqual(expected);
    }
  });
});

describe("camelCase and kebabCase are scule's", () => {
  test("on flag-like names, odd ones included", async () => {
    // citty bundles scule; its chunk is not an export, so compare through citty's own alias handling:
    // a flag `name` is reachable under camelCase(name) and kebabCase(name) in citty's result.
    const names = ["price", "max-age", "min-edge", "lag-ms", "a-1b", "dryRun", "DryRun", "dry_run", "tag-id", "x", "X", "HTTPServer", "with.dot", "a--b", "-lead", "trail-", "mixed-Case", "ABC-def", "v2-api", "9lives", "ünï-code"];
    for (const name of names) {
      const parsed = cittyParseArgs([`--${name}`, "v"], { [name]: { type: "string" } }) as Record<string, unknown>;
      const keys = Object.keys(parsed).filter((key) => key !== "_").sort();
      const ours = [...new Set([name, camelCase(name), kebabCase(name)])].sort();
      expect({ name, keys }).toEqual({ name, keys: ours });
    }
  });
});

describe("nodeParseArgs is Bun's node:util parseArgs (strict: false, positionals allowed)", () => {
  test("short groups, short values, --x=v, terminators and defaults over a seeded random corpus", () => {
    const options = { a: { type: "boolean" }, s: { type: "string" }, long: { type: "string", short: "l" }, flag: { type: "boolean", short: "f" }, d: { type: "string", default: "dflt" } } as const;
    const words = ["-a", "-s", "-as", "-sa", "-af", "-fa", "-fl", "-lf", "-afl", "-a-", "-s-", "-a-s", "-a--", "--", "-", "-x", "-xy", "-xs", "--long", "--long=v", "--long=", "--flag=no", "--=z", "---q", "v", "-5", "-a5", "-al5", "-a=5", "-s=5", "-=", "--d", "--d=x", "-dd", "x=y", "----", "--__proto__", "--constructor", ""];
    const rng = createRng(5, "node-parse-args");
    const outcome = (parse: () => { values: object; positionals: string[] }) => {
      try {
        const { values, positionals } = parse();
        return { values: { ...values }, positionals };
      } catch (error) {
        return { error: (error as Error).message };
      }
    };
    for (let i = 0; i < 5000; i++) {
      const args = Array.from({ length: 1 + rng.int(4) }, () => words[rng.int(words.length)]!);
      const expected = outcome(() => nodeUtilParseArgs({ args: [...args], options, strict: false, allowPositionals: true }));
      const actual = outcome(() => nodeParseArgs([...args], options as never));
      if (!Bun.deepEquals(actual, expected, true)) expect({ args, actual }).toEqual({ args, actual: expected });
    }
  });
});
