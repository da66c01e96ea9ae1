/** `pm-arb fees` end to end: the real CLI, spawned, stdout JSON lines, stderr one-liners, exit codes. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { feeRecordSchema } from "../../core/records/fee.ts";
import { type FakeVenue, startFakeVenue, TOKENS } from "../core/fees/fake-venue.ts";
import { CRYPTO_AT_HALF_100_SHARES } from "../core/fees/worked-example.ts";
import { CLI_ENTRY, runCli } from "../helpers/cli.ts";

const ROOT = join(import.meta.dir, "..", "..");

/** Like runCli, but stdout stays text (runCli parses it as JSON lines; tables are not). */
async function runText(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const proc = Bun.spawn([process.execPath, CLI_ENTRY, ...args], { env: { ...process.env, NO_COLOR: "1", TZ: "UTC" }, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, stdout, stderr };
}

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

  test("--schedule legacy-15m: 1.5625 at 0.50 × 100", async () => {
    const { code, lines } = await runCli(["fees", "--price", "0.5", "--size", "100", "--schedule", "legacy-15m"]);
    expect(code).toBe(0);
    expect([lines[0]!.fee, lines[0]!.source]).toEqual(["1.5625", "preset:legacy-15m"]);
  });

  test("--schedule none: zero fee", async () => {
    const { lines } = await runCli(["fees", "--price", "0.5", "--size", "100", "--schedule", "none"]);
    expect([lines[0]!.fee, lines[0]!.break_even]).toEqual(["0", "0.5"]);
  });

  test("--rate 0.04 --exponent 2: a schedule from flags", async () => {
    const { lines } = await runCli(["fees", "--price", "0.4", "--size", "100", "--rate", "0.04", "--exponent", "2"]);
    // 100 × 0.04 × 0.24² = 0.2304
    expect([lines[0]!.fee, lines[0]!.rate, lines[0]!.exponent, lines[0]!.source]).toEqual(["0.2304", "0.04", "2", "flag"]);
  });

  test("without --size: 100 shares", async () => {
    const { lines } = await runCli(["fees", "--price", "0.5"]);
    expect([lines[0]!.size, lines[0]!.fee]).toEqual(["100", "1.8"]);
  });

  test("--fair and --edge add gross edge, fee drag and net edge", async () => {
    const fair = await runCli(["fees", "--price", "0.5", "--size", "100", "--fair", "0.55"]);
    expect([fair.lines[0]!.gross_edge, fair.lines[0]!.fee_drag, fair.lines[0]!.net_edge]).toEqual(["0.05", "0.018", "0.032"]);
    const edge = await runCli(["fees", "--price", "0.5", "--size", "100", "--edge", "-0.01"]);
    expect([edge.lines[0]!.fair, edge.lines[0]!.net_edge]).toEqual(["0.49", "-0.028"]);
  });

  test("--table prints a readable table, not JSON", async () => {
    const { code, stdout } = await runText(["fees", "--price", "0.5", "--size", "100", "--table"]);
    expect(code).toBe(0);
    const [header, row] = stdout.trim().split("\n");
    expect(header).toMatch(/^type\s+ts\s+price\s+size\s+rate/);
    expect(row).toMatch(/^fee\s+\S+\s+0\.5\s+100\s+0\.072\s/);
  });
});

describe("bad input: exit 2, one line naming the flag, nothing on stdout", () => {
  test.each([
    [["--price", "1.5"], "pm-arb: error: --price must be a probability strictly between 0 and 1, such as 0.55; got 1.5"],
    [["--price", "0"], "pm-arb: error: --price must be a probability strictly between 0 and 1, such as 0.55; got 0"],
    [["--price", "abc"], 'pm-arb: error: --price must be a probability strictly between 0 and 1, such as 0.55; got "abc"'],
    [["--price", "0.5", "--size", "-5"], "pm-arb: error: --size must be a number of shares greater than 0 and at most 1e9, such as 100; got -5"],
    [["--price", "0.5", "--size", "0"], "pm-arb: error: --size must be a number of shares greater than 0 and at most 1e9, such as 100; got 0"],
    [["--price", "0.5", "--size", "ten"], 'pm-arb: error: --size must be a number of shares greater than 0 and at most 1e9, such as 100; got "ten"'],
    [["--price", "0.5", "--schedule", "pilot"], 'pm-arb: error: --schedule must be one of crypto, legacy-15m, none; got "pilot"'],
    [["--price", "0.5", "--rate", "-0.01"], "pm-arb: error: --rate must be a fee rate from 0 to 1, such as 0.072; got -0.01"],
    [["--price", "0.5", "--rate", "1.01"], "pm-arb: error: --rate must be a fee rate from 0 to 1, such as 0.072; got 1.01"],
    [["--price", "0.5", "--rate", "0.07", "--exponent", "0"], "pm-arb: error: --exponent must be a positive number up to 10, such as 1 or 2; got 0"],
    [["--price", "0.5", "--rate", "0.07", "--exponent", "x"], 'pm-arb: error: --exponent must be a positive number up to 10, such as 1 or 2; got "x"'],
    [["--price", "0.5", "--fair", "0.6", "--edge", "0.1"], "pm-arb: error: --fair and --edge are mutually exclusive; give one"],
    [["--price", "0.5", "--prise", "0.4"], "pm-arb: error: unknown flag --prise; did you mean --price?"],
    // Decimal inputs are finite and bounded: decimal.js reads this as Infinity (and quoted it, exit 0).
    [
      ["--price", "0.5", "--size", "1e999999999999999999"],
      "pm-arb: error: --size must be a number of shares greater than 0 and at most 1e9, such as 100; got 1e999999999999999999",
    ],
    [["--price", "0.5", "--size", "1000000001"], "pm-arb: error: --size must be a number of shares greater than 0 and at most 1e9, such as 100; got 1000000001"],
    // A repeated flag is not a silent pick of the last value (it quoted 0.6).
    [["--price", "0.5", "--price", "0.6"], "pm-arb: error: --price was given more than once; give it once"],
    [["--price", "0.5", "--size=10", "--size", "20"], "pm-arb: error: --size was given more than once; give it once"],
    // A boolean flag takes true or false only (--grid=no was --grid).
    [["--grid=no", "--size", "10"], "pm-arb: error: --grid is on or off: give --grid or --no-grid (or --grid=true / --grid=false); got --grid=no"],
  ])("fees %j", async (args, message) => {
    const { code, stdout, stderr } = await runCli(["fees", ...args]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(`${message}\n`);
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
    const { stdout } = await runText(["fees", "--grid", "--table", "--schedule", "legacy-15m"]);
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
    expect(lines.map((line) => [line.price, line.size, line.fee])).toEqual([
      ["0.5", "100", "1.8"],
      ["0.3", "10", "0.1512"],
    ]);
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

  test("--market with fees on", async () => {
    const { code, lines } = await runCli(["fees", "--price", "0.5", "--size", "100", "--market", "btc-updown-15m-1767200400"], { env: env() });
    expect(code).toBe(0);
    expect([lines[0]!.fee, lines[0]!.rate, lines[0]!.source]).toEqual(["1.8", "0.072", "gamma:btc-updown-15m-1767200400"]);
  });

  test("--market with fees off → fee 0", async () => {
    const { lines } = await runCli(["fees", "--price", "0.5", "--size", "100", "--market", "will-the-un-vote-on-x"], { env: env() });
    expect([lines[0]!.fee, lines[0]!.rate]).toEqual(["0", "0"]);
  });

  test("--market with rate as a string", async () => {
    const { lines } = await runCli(["fees", "--price", "0.5", "--size", "100", "--market", "eth-updown-15m-1767200400"], { env: env() });
    expect([lines[0]!.fee, lines[0]!.exponent]).toEqual(["1.5625", "2"]);
  });

  test("--token reads the CLOB fd; token id stays a string", async () => {
    const { code, lines } = await runCli(["fees", "--price", "0.5", "--size", "100", "--token", TOKENS.feesOnUp], { env: env() });
    expect(code).toBe(0);
    expect([lines[0]!.fee, lines[0]!.source]).toEqual(["1.8", `clob:${TOKENS.feesOnUp}`]);
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
    const { code, stderr } = await runCli(["fees", "--price", "0.5", "--market", "x", "--rate", "0.01"], { env: env() });
    expect(code).toBe(2);
    expect(stderr).toBe("pm-arb: error: --market and --rate are mutually exclusive; give one\n");
  });
});

describe("cold path", () => {
  const FORBIDDEN = /node_modules\/(zod|drizzle-orm|ethers|@polymarket)\//;

  async function loadedModules(args: string[]): Promise<string[]> {
    const script = [
      `const { runCli } = await import(${JSON.stringify(join(ROOT, "core/cli/main.ts"))});`,
      `const table = { fees: { description: "", load: () => import(${JSON.stringify(join(ROOT, "commands/fees.ts"))}) } };`,
      `process.exitCode = await runCli(table, ${JSON.stringify(args)});`,
      `console.error("MODULES" + JSON.stringify(Object.keys(require.cache)));`,
    ].join("\n");
    const proc = Bun.spawn([process.execPath, "-e", script], {
      cwd: ROOT,
      stdout: "pipe",
      stderr: "pipe",
      stdin: "ignore",
      env: { ...process.env, NO_COLOR: "1", PM_ARB_SANDBOX_URL: "http://127.0.0.1:1" },
    });
    const [stderr] = await Promise.all([new Response(proc.stderr).text(), new Response(proc.stdout).text(), proc.exited]);
    const line = stderr.split("\n").find((text) => text.startsWith("MODULES"));
    if (!line) throw new Error(`no module list; stderr: ${stderr}`);
    return JSON.parse(line.slice("MODULES".length)) as string[];
  }

  test("fees --price loads none of zod, drizzle, ethers, @polymarket", async () => {
    const modules = await loadedModules(["fees", "--price", "0.5", "--size", "100"]);
    expect(modules.some((path) => path.endsWith("commands/fees.ts"))).toBe(true);
    expect(modules.some((path) => path.includes("node_modules/decimal.js/"))).toBe(true);
    expect(modules.filter((path) => FORBIDDEN.test(path))).toEqual([]);
    // citty parses the flags.
    expect(modules.some((path) => path.includes("node_modules/citty/"))).toBe(true);
  });

  test("fees --grid is cold too", async () => {
    const modules = await loadedModules(["fees", "--grid"]);
    expect(modules.filter((path) => FORBIDDEN.test(path))).toEqual([]);
  });

  test("the check can fail: the venue path does load zod", async () => {
    const modules = await loadedModules(["fees", "--price", "0.5", "--market", "x"]);
    expect(modules.some((path) => path.includes("node_modules/zod/"))).toBe(true);
  });
});
