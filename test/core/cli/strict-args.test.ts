import { describe, expect, test } from "bun:test";
import { type ArgsDef, parseArgs } from "citty";
import { UsageError } from "../../../core/cli/errors.ts";
import { assertStrictArgs } from "../../../core/cli/strict-args.ts";
import { closest } from "../../../core/suggest.ts";
import { thrown } from "../../helpers/thrown.ts";

const args = {
  "dry-run": { type: "boolean" },
  live: { type: "boolean" },
  complement: { type: "boolean", default: true },
  price: { type: "string" },
  fault: { type: "string", repeatable: true },
  symbols: { type: "positional", required: false },
  quiet: { type: "boolean", alias: "q" },
} as const;

const usageMessage = (fn: () => unknown) => thrown(UsageError, fn).message;

/** What citty itself makes of the arguments, unchecked. */
const cittyReads = (argv: string[]) => parseArgs(argv, args) as Record<string, unknown>;
const check = (argv: string[], def: ArgsDef = args) => usageMessage(() => assertStrictArgs(argv, def));

describe("assertStrictArgs", () => {
  test("accepts known flags, aliases, negations, inline values and positionals", () => {
    expect(() =>
      assertStrictArgs(["--dry-run", "--price", "0.5", "BTC", "ETH", "-q", "--no-live", "--fault", "a", "--fault=b", "--", "--anything", "--price"], args),
    ).not.toThrow();
    expect(() => assertStrictArgs(["--dryRun", "--price=0.4", "--no-complement"], args)).not.toThrow();
  });

  test("a typo such as --dryrun is an error suggesting the closest flag", () => {
    expect(check(["--dryrun"])).toBe("unknown flag --dryrun; did you mean --dry-run?");
    expect(check(["--lvie"])).toContain("did you mean --live?");
    expect(check(["--completely-different"])).toBe("unknown flag --completely-different");
  });

  test("a string flag without its value is an error; a negative number is a value", () => {
    expect(check(["--price"])).toBe("flag --price needs a value");
    expect(check(["--price", "--dry-run"])).toBe("flag --price needs a value");
    expect(() => assertStrictArgs(["--price", "-1"], args)).not.toThrow();
  });

  test("stray arguments are errors for commands without positionals", () => {
    expect(check(["live"], { live: { type: "boolean" } })).toBe('unexpected argument "live"');
  });

  // citty reads every value but "false" as true: --live=no would be live.
  test.each(["no", "0", "off", "FALSE", "", "yes"])("--live=%s is a usage error", (value) => {
    expect(cittyReads([`--live=${value}`]).live).toBe(true);
    expect(check([`--live=${value}`])).toBe(`--live is on or off: give --live or --no-live (or --live=true / --live=false); got --live=${value}`);
  });

  test("--live=true and --live=false mean what they say", () => {
    for (const value of ["true", "false"]) {
      expect(() => assertStrictArgs([`--live=${value}`], args)).not.toThrow();
      expect(cittyReads([`--live=${value}`]).live).toBe(value === "true");
    }
  });

  test("a --no- flag takes no value, and negates only boolean flags", () => {
    expect(check(["--no-live=false"])).toBe("--no-live takes no value; got --no-live=false");
    expect(check(["--no-price"])).toStartWith("unknown flag --no-price");
  });

  test("a one-letter flag goes alone: no clusters, no = value, no single-dash long names", () => {
    // citty reads -q=false as -q -= -f -a -l -s -e: quiet on.
    expect(cittyReads(["-q=false"]).quiet).toBe(true);
    expect(check(["-q=false"])).toBe('give -q without "=" (or --quiet=…)');
    expect(check(["-qv"])).toBe("unknown flag -qv");
    expect(check(["-price", "0.5"])).toBe("unknown flag -price; did you mean --price?");
  });

  test("a flag given twice is an error, in any of its forms; a repeatable one is not", () => {
    expect(cittyReads(["--price", "0.5", "--price", "0.6"]).price).toBe("0.6");
    expect(check(["--price", "0.5", "--price", "0.6"])).toBe("--price was given more than once; give it once");
    expect(check(["--price=0.5", "--price", "0.5"])).toBe("--price was given more than once; give it once");
    expect(check(["--live", "--no-live"])).toBe("--live was given more than once; give it once");
    expect(check(["-q", "--quiet"])).toBe("--quiet was given more than once; give it once");
    expect(check(["--dry-run", "--dryRun"])).toBe("--dry-run was given more than once; give it once");
    expect(() => assertStrictArgs(["--fault", "a", "--fault", "b", "--fault=c"], args)).not.toThrow();
  });
});

test("closest suggests only plausible typos", () => {
  expect(closest("fes", ["fees", "prices", "scan"])).toBe("fees");
  expect(closest("zzzzzz", ["fees", "scan"])).toBeUndefined();
});
