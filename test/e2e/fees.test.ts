/** `pm-arb fees` end to end: the real CLI, spawned, stdout JSON lines, stderr one-liners, exit codes. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { feeRecordSchema } from "../../core/records/fee.ts";
import { type FakeVenue, startFakeVenue, TOKENS } from "../core/fees/fake-venue.ts";
import { CRYPTO_AT_HALF_100_SHARES } from "../core/fees/worked-example.ts";
import { expectUsageError, loadedModules, runCli } from "../helpers/cli.ts";

describe("pm-arb fees --price", () => {
  test("0.50 × 100, default crypto schedule: one fee record with exact strings", async () => {
    const { code, lines, stderr } = await runCli(["fees", "--price", "0.50", "--size", "100"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(lines.length).toBe(1);
    const record = feeRecordSchema.parse(lines[0]);
    const { ts: _ts, ...rest } = record;
    expect(rest).toEqual({ type: "fee", v: 1, ...CRYPTO_AT_HALF_100_SHARES });
  });

  test.each([
    ["--schedule legacy-15m: 1.5625 at 0.50 × 100", ["--price", "0.5", "--size", "100", "--schedule", "legacy-15m"], { fee: "1.5625", source: "preset:legacy-15m" }],
    ["--schedule none: zero fee", ["--price", "0.5", "--size", "100", "--schedule", "none"], { fee: "0", break_even: "0.5" }],
    // 100 × 0.04 × 0.24² = 0.2304
    ["a schedule from flags", ["--price", "0.4", "--size", "100", "--rate", "0.04", "--exponent", "2"], { fee: "0.2304", rate: "0.04", exponent: "2", source: "flag" }],
    ["without --size: 100 shares", ["--price", "0.5"], { size: "100", fee: "1.8" }],
    ["--fair adds gross edge, fee drag and net edge", ["--price", "0.5", "--size", "100", "--fair", "0.55"], { gross_edge: "0.05", fee_drag: "0.018", net_edge: "0.032" }],
    ["--edge adds the fair price and net edge", ["--price", "0.5", "--size", "100", "--edge", "-0.01"], { fair: "0.49", net_edge: "-0.028" }],
  ])("%s", async (_, args, fields) => {
    const { code, lines } = await runCli(["fees", ...args]);
    expect(code).toBe(0);
    expect(lines[0]).toMatchObject(fields);
  });

  test("--table prints a readable table, not JSON", async () => {
    const { code, stdout } = await runCli(["fees", "--price", "0.5", "--size", "100", "--table"]);
    expect(code).toBe(0);
    const [header, row] = stdout.trim().split("\n");
    expect(header).toMatch(/^type\s+ts\s+price\s+size\s+rate/);
    expect(row).toMatch(/^fee\s+\S+\s+0\.5\s+100\s+0\.072\s/);
  });
});

describe("bad input: exit 2, one line naming the flag, nothing on stdout", () => {
  const price = (got: string) => `pm-arb: error: --price must be a probability strictly between 0 and 1, such as 0.55; got ${got}`;
  const size = (got: string) => `pm-arb: error: --size must be a number of shares greater than 0 and at most 1e9, such as 100; got ${got}`;
  const rate = (got: string) => `pm-arb: error: --rate must be a fee rate from 0 to 1, such as 0.072; got ${got}`;
  const exponent = (got: string) => `pm-arb: error: --exponent must be a positive number up to 10, such as 1 or 2; got ${got}`;
  test.each([
    [["--price", "1.5"], price("1.5")],
    [["--price", "0"], price("0")],
    [["--price", "abc"], price('"abc"')],
    [["--price", "0.5", "--size", "-5"], size("-5")],
    [["--price", "0.5", "--size", "0"], size("0")],
    [["--price", "0.5", "--size", "ten"], size('"ten"')],
    [["--price", "0.5", "--schedule", "pilot"], 'pm-arb: error: --schedule must be one of crypto, legacy-15m, none; got "pilot"'],
    [["--price", "0.5", "--rate", "-0.01"], rate("-0.01")],
    [["--price", "0.5", "--rate", "1.01"], rate("1.01")],
    [["--price", "0.5", "--rate", "0.07", "--exponent", "0"], exponent("0")],
    [["--price", "0.5", "--rate", "0.07", "--exponent", "x"], exponent('"x"')],
    [["--price", "0.5", "--fair", "0.6", "--edge", "0.1"], "pm-arb: error: --fair and --edge are mutually exclusive; give one"],
    [["--price", "0.5", "--prise", "0.4"], "pm-arb: error: unknown flag --prise; did you mean --price?"],
    // Decimal inputs are finite and bounded: decimal.js reads this as Infinity (and quoted it, exit 0).
    [["--price", "0.5", "--size", "1e999999999999999999"], size("1e999999999999999999")],
    [["--price", "0.5", "--size", "1000000001"], size("1000000001")],
    // A repeated flag is not a silent pick of the last value (it quoted 0.6).
    [["--price", "0.5", "--price", "0.6"], "pm-arb: error: --price was given more than once; give it once"],
    [["--price", "0.5", "--size=10", "--size", "20"], "pm-arb: error: --size was given more than once; give it once"],
    // A boolean flag takes true or false only (--grid=no was --grid).
    [["--grid=no", "--size", "10"], "pm-arb: error: --grid is on or off: give --grid or --no-grid (or --grid=true / --grid=false); got --grid=no"],
  ])("fees %j", async (args, message) => {
    expectUsageError(await runCli(["fees", ...args]), message);
  });
});

describe("--grid", () => {
  test("99 fee records, 0.01 to 0.99", async () => {
    const { code, lines } = await runCli(["fees", "--grid", "--size", "100"]);
    expect(code).toBe(0);
    expect(lines.length).toBe(99);
    expect(lines.map((line) => line.price)).toEqual(Array.from({ length: 99 }, (_, i) => String((i + 1) / 100)));
    expect(lines[49]!.fee).toBe("1.8");
    for (const line of lines) feeRecordSchema.parse(line);
  });

  test("--table renders the grid as one table", async () => {
    const { stdout } = await runCli(["fees", "--grid", "--table", "--schedule", "legacy-15m"]);
    const rows = stdout.trim().split("\n");
    expect(rows.length).toBe(100);
    expect(rows[50]).toMatch(/^fee\s+\S+\s+0\.5\s+100\s+0\.25\s+2\s+true\s+preset:legacy-15m\s+1\.5625\s/);
  });
});

describe("stdin: JSON lines {price, size}", () => {
  test("one fee record per line; a bad line warns with its number and is skipped; exit 0", async () => {
    const stdin = ['{"price":"0.50","size":"100"}', "{oops", '{"price":"1.2","size":"1"}', '{"price":"0.3","size":"10"}', ""].join("\n");
    const { code, lines, stderr } = await runCli(["fees"], { stdin });
    expect(code).toBe(0);
    expect(lines.map((line) => `${line.price} × ${line.size}: ${line.fee}`)).toEqual(["0.5 × 100: 1.8", "0.3 × 10: 0.1512"]);
    expect(stderr).toContain("stdin line 2: invalid JSON");
    expect(stderr).toContain("stdin line 3: price must be strictly between 0 and 1; got 1.2; skipped");
  });

  test("nothing valid → exit 1, one error line", async () => {
    const { code, stdout, stderr } = await runCli(["fees"], { stdin: "nope\n[]\n" });
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain("pm-arb: error: no valid line on stdin (2 skipped)");
  });

  test("--price ignores stdin", async () => {
    const { lines } = await runCli(["fees", "--price", "0.4", "--size", "1"], { stdin: '{"price":"0.9","size":"1"}\n' });
    expect(lines.map((line) => line.price)).toEqual(["0.4"]);
  });
});

describe("--market / --token: the market's own schedule from the venue", () => {
  let venue: FakeVenue;
  beforeAll(() => {
    venue = startFakeVenue();
  });
  afterAll(() => venue.stop());
  const env = () => ({ PM_ARB_SANDBOX_URL: venue.url });

  test.each([
    ["--market with fees on", ["--market", "btc-updown-15m-1767200400"], { fee: "1.8", rate: "0.072", source: "gamma:btc-updown-15m-1767200400" }],
    ["--market with fees off → fee 0", ["--market", "will-the-un-vote-on-x"], { fee: "0", rate: "0" }],
    ["--market with rate as a string", ["--market", "eth-updown-15m-1767200400"], { fee: "1.5625", exponent: "2" }],
    ["--token reads the CLOB fd; token id stays a string", ["--token", TOKENS.feesOnUp], { fee: "1.8", source: `clob:${TOKENS.feesOnUp}` }],
  ])("%s", async (_, args, fields) => {
    const { code, lines } = await runCli(["fees", "--price", "0.5", "--size", "100", ...args], { env: env() });
    expect(code).toBe(0);
    expect(lines[0]).toMatchObject(fields);
  });

  test("the README's fees --market SLUG alone (no --price, nothing piped) quotes the market's schedule across the grid", async () => {
    const { code, lines } = await runCli(["fees", "--market", "btc-updown-15m-1767200400"], { env: env() });
    expect(code).toBe(0);
    expect(lines).toHaveLength(99);
    expect(lines.find((line) => line.price === "0.5")).toMatchObject({ fee: "1.8", rate: "0.072", source: "gamma:btc-updown-15m-1767200400" });
  });

  test("PM_ARB_GAMMA_URL / PM_ARB_CLOB_URL override the sandbox prefix", async () => {
    const { lines } = await runCli(["fees", "--price", "0.5", "--token", TOKENS.stringRateUp], {
      env: { PM_ARB_SANDBOX_URL: "http://127.0.0.1:1", PM_ARB_GAMMA_URL: `${venue.url}/gamma`, PM_ARB_CLOB_URL: `${venue.url}/clob` },
    });
    expect(lines[0]!.rate).toBe("0.25");
  });

  test.each([
    ["sol-updown-15m-1767200400", "pm-arb: error: gamma: market sol-updown-15m-1767200400 has fees enabled but no feeSchedule; its fee is unknown, refusing to guess"],
    ["gamma-is-down", "pm-arb: error: gamma: GET /gamma/markets/slug/gamma-is-down: HTTP 500"],
    ["gamma-sends-truncated", "pm-arb: error: gamma: GET /gamma/markets/slug/gamma-sends-truncated: invalid JSON"],
  ])("--market %s → exit 1, one line, nothing on stdout", async (slug, message) => {
    const { code, stdout, stderr } = await runCli(["fees", "--price", "0.5", "--market", slug], { env: env() });
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr.split("\n").filter(Boolean).length).toBe(1);
    expect(stderr.startsWith(message)).toBe(true);
  });

  test("--token whose CLOB answer is garbage → exit 1", async () => {
    const { code, stdout, stderr } = await runCli(["fees", "--price", "0.5", "--token", TOKENS.brokenClobUp], { env: env() });
    expect([code, stdout]).toEqual([1, ""]);
    expect(stderr).toMatch(/^pm-arb: error: clob: GET \/clob\/clob-markets\/0xf+: invalid JSON/);
  });

  test("--market with --rate → usage error (the market's schedule is not overridden silently)", async () => {
    expectUsageError(
      await runCli(["fees", "--price", "0.5", "--market", "x", "--rate", "0.01"], { env: env() }),
      "pm-arb: error: --market and --rate are mutually exclusive; give one",
    );
  });
});

describe("cold path", () => {
  const FORBIDDEN = /node_modules\/(zod|drizzle-orm|ethers|@polymarket)\//;

  const loaded = async (args: string[]) =>
    (await loadedModules("fees", args, { cwd: join(import.meta.dir, "..", ".."), env: { PM_ARB_SANDBOX_URL: "http://127.0.0.1:1" } })).modules;

  test.each([[["--price", "0.5", "--size", "100"]], [["--grid"]]])("fees %j loads none of zod, drizzle, ethers, @polymarket", async (args) => {
    const modules = await loaded(args);
    expect(modules.some((path) => path.endsWith("commands/fees.ts"))).toBe(true);
    expect(modules.some((path) => path.includes("node_modules/decimal.js/"))).toBe(true);
    expect(modules.filter((path) => FORBIDDEN.test(path))).toEqual([]);
    // citty parses the flags.
    expect(modules.some((path) => path.includes("node_modules/citty/"))).toBe(true);
  });

  test("the check can fail: the venue path does load zod", async () => {
    const modules = await loaded(["--price", "0.5", "--market", "x"]);
    expect(modules.some((path) => path.includes("node_modules/zod/"))).toBe(true);
  });
});
