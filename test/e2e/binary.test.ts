/**
 * The shipped entry point: the compiled bytecode executable `bun run build` makes (dist/pm-arb).
 * Built here with package.json's own build command into a temp dir (never a stale dist/), copied
 * away from the checkout, and run from a temp cwd: the cold commands, help, usage errors, lazily
 * loaded commands (citty's --help, zod, consola, the HTTP clients), the .env autoload, and the
 * store's migrations embedded in the binary. `scan` over the sandbox must print what the sources print.
 */

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expectUsageError, runCli } from "../helpers/cli.ts";
import { useTestSandbox } from "../helpers/sandbox.ts";
import { storeRows } from "../helpers/store.ts";
import { tempDir } from "../helpers/temp.ts";

const ROOT = join(import.meta.dir, "..", "..");
const dir = tempDir();
const cwd = tempDir();
const binary = join(dir, "pm-arb");
const pmArb = (args: string[], options: { env?: Record<string, string>; stdin?: string } = {}) => runCli(args, { ...options, cwd, entry: [binary] });

beforeAll(async () => {
  const script = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts.build!;
  expect(script).toContain("--outfile dist/pm-arb");
  const argv = script.replace("--outfile dist/pm-arb", `--outfile ${join(dir, "built")}`).split(/\s+/);
  expect(argv[0]).toBe("bun");
  const build = Bun.spawnSync([process.execPath, ...argv.slice(1)], { cwd: ROOT, stdout: "pipe", stderr: "pipe" });
  if (build.exitCode !== 0) throw new Error(`build failed: ${build.stderr.toString()}`);
  copyFileSync(join(dir, "built"), binary);
  Bun.spawnSync(["chmod", "+x", binary]);
}, 120_000);
// Two copies of a ~115 MB executable: not left in the temp dir until the run ends.
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sandbox = useTestSandbox({ seed: 42, lagMs: 30_000, speed: 0, startAt: Math.floor(Date.now() / 60_000) * 60_000 - 2 * 3_600_000 });

describe("the compiled executable", () => {
  test("linked onto the PATH as the README says, it runs as pm-arb with no Bun on the PATH", async () => {
    const bin = join(dir, "bin");
    mkdirSync(bin);
    symlinkSync(binary, join(bin, "pm-arb"));
    // The PATH holds that one folder: no bun, no node.
    const shell = Bun.spawnSync(["/bin/sh", "-c", "pm-arb --version"], { cwd, env: { PATH: bin, HOME: cwd }, stdout: "pipe", stderr: "pipe" });
    expect(shell.exitCode).toBe(0);
    expect(shell.stdout.toString().trim()).toBe("0.1.0");
  });

  test("fees --price 0.5 --size 100 prints the fee record the sources print", async () => {
    const [built, source] = await Promise.all([pmArb(["fees", "--price", "0.5", "--size", "100"]), runCli(["fees", "--price", "0.5", "--size", "100"])]);
    expect([built.code, built.stderr]).toEqual([0, ""]);
    expect(built.lines).toHaveLength(1);
    expect(built.lines[0]).toMatchObject({ type: "fee", fee: "1.8", break_even: "0.518" });
    const { ts: _a, ...ours } = built.lines[0]!;
    const { ts: _b, ...theirs } = source.lines[0]!;
    expect(ours).toEqual(theirs);
  });

  test("--help lists the commands; a command's --help renders with citty", async () => {
    const top = await pmArb(["--help"]);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain("Commands:");
    const fees = await pmArb(["fees", "--help"]);
    expect(fees.code).toBe(0);
    expect(fees.stdout).toContain("--price");
    expect(fees.stdout).not.toContain("\x1b[");
  });

  test("usage errors exit 2 with one line: unknown flag, missing value, bad boolean, repeated flag, unknown command", async () => {
    expectUsageError(await pmArb(["fees", "--price", "0.5", "--szie", "10"]), "pm-arb: error: unknown flag --szie; did you mean --size?");
    expectUsageError(await pmArb(["fees", "--price"]), "pm-arb: error: flag --price needs a value");
    expectUsageError(await pmArb(["fees", "--grid=no"]), "pm-arb: error: --grid is on or off: give --grid or --no-grid (or --grid=true / --grid=false); got --grid=no");
    expectUsageError(await pmArb(["fees", "--price", "0.5", "--price", "0.6"]), "pm-arb: error: --price was given more than once; give it once");
    expectUsageError(await pmArb(["fes"]), /unknown command "fes"; did you mean "fees"\?/);
  });

  test("config: the .env in the cwd is loaded, the effective values printed", async () => {
    writeFileSync(join(cwd, ".env"), "PM_ARB_BANKROLL=321\n");
    const { code, lines } = await pmArb(["config", "--json"]);
    expect(code).toBe(0);
    expect(lines[0]).toMatchObject({ type: "config", bankroll: "321" });
  });

  test("positions --summary migrates a fresh store from the migrations inside the binary", async () => {
    const db = join(dir, "store.sqlite");
    const { code, lines, stderr } = await pmArb(["positions", "--summary"], { env: { PM_ARB_DB: db } });
    expect([code, stderr]).toEqual([0, ""]);
    expect(lines[0]).toMatchObject({ type: "summary", mode: "paper", open_positions: 0 });
    const journal = JSON.parse(readFileSync(join(ROOT, "drizzle", "meta", "_journal.json"), "utf8")) as { entries: unknown[] };
    expect(storeRows(db, "select count(*) as n from __drizzle_migrations")).toEqual([{ n: journal.entries.length }]);
  });

  test("the venue path (lazy zod and HTTP chunks): an unreachable venue is exit 1, one line", async () => {
    const { code, stdout, stderr } = await pmArb(["fees", "--price", "0.5", "--market", "btc-updown-15m-1"], { env: { PM_ARB_SANDBOX_URL: "http://127.0.0.1:1" } });
    expect([code, stdout]).toEqual([1, ""]);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toStartWith("pm-arb: error: gamma:");
  });

  test("markets --books | scan on the sandbox: the same opportunities as the sources", async () => {
    const at = new Date(await sandbox.admin.advance(7 * 60_000 + 20_000)).toISOString();
    const markets = await pmArb(["markets", "--books", "--at", at], { env: sandbox.env });
    expect(markets.code).toBe(0);
    expect(markets.lines.length).toBeGreaterThan(0);
    const args = ["scan", "--at", at, "--vol", "0.6", "--explain"];
    const [built, source] = await Promise.all([pmArb(args, { env: sandbox.env, stdin: markets.stdout }), runCli(args, { env: sandbox.env, stdin: markets.stdout, cwd })]);
    expect(built.code).toBe(0);
    expect(built.stderr).toMatch(/scan: \d+ markets, \d+ opportunities/);
    const strip = (lines: Record<string, unknown>[]) => lines.map(({ ts: _ts, ...rest }) => rest);
    expect(strip(built.lines)).toEqual(strip(source.lines));
    expect(built.lines.some((line) => line.type === "opportunity" || line.type === "rejected")).toBe(true);
  });

  test("report: the page's script (uPlot inside) is bundled into the binary, the same as the sources make", async () => {
    const db = join(cwd, "report.sqlite");
    const pages = [join(cwd, "built.html"), join(cwd, "source.html")];
    const [built, source] = await Promise.all([
      pmArb(["report", "--out", pages[0]!], { env: { PM_ARB_DB: db } }),
      runCli(["report", "--out", pages[1]!], { env: { PM_ARB_DB: db } }),
    ]);
    expect([built.code, source.code]).toEqual([0, 0]);
    const script = (path: string) => readFileSync(path, "utf8").match(/<script>(.*)<\/script>/s)?.[1] ?? "";
    expect(script(pages[0]!)).toContain("u-legend"); // uPlot's own class names
    expect(script(pages[0]!)).toBe(script(pages[1]!));
  });
});
