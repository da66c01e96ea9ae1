#!/usr/bin/env bun
/**
 * Start-up time of the cold commands against bare Bun: `fees --price 0.5 --size 100`, `--help` and
 * `bun -e 0`, run N times each (default 30), interleaved so drift hits all three alike, after a
 * warm-up round. Prints medians and each median's ratio to `bun -e 0` (target ≤ 2.0×).
 *
 *   bun bench/startup.ts [N] [--entry path]
 *
 * --entry: another build of the CLI, e.g. a `bun build --target=bun --bytecode` bundle (a .js file,
 * run with this Bun) or a `bun build --compile --bytecode` executable (run directly).
 */
import { join } from "node:path";

const args = process.argv.slice(2);
const entryIndex = args.indexOf("--entry");
const entry = entryIndex >= 0 ? args.splice(entryIndex, 2)[1]! : join(import.meta.dir, "..", "commands", "index.ts");
const runs = Number.parseInt(args[0] ?? "30", 10);
if (!Number.isInteger(runs) || runs < 1) {
  console.error("usage: bun bench/startup.ts [N] [--entry path]");
  process.exit(2);
}

// A script runs under this Bun; anything else (a `bun build --compile` executable) runs directly.
const cli = /\.[cm]?[jt]s$/.test(entry) ? [process.execPath, entry] : [entry];
const cases: { name: string; argv: string[] }[] = [
  { name: "bun -e 0", argv: [process.execPath, "-e", "0"] },
  { name: "fees --price 0.5 --size 100", argv: [...cli, "fees", "--price", "0.5", "--size", "100"] },
  { name: "--help", argv: [...cli, "--help"] },
];

function timeOnce(argv: string[]): number {
  const start = Bun.nanoseconds();
  const result = Bun.spawnSync(argv, { stdout: "ignore", stderr: "pipe", stdin: "ignore", env: { ...process.env, NO_COLOR: "1" } });
  const elapsed = (Bun.nanoseconds() - start) / 1e6;
  if (result.exitCode !== 0) throw new Error(`${argv.slice(1).join(" ")} exited ${result.exitCode}: ${result.stderr.toString().trim()}`);
  return elapsed;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

for (let i = 0; i < 3; i++) for (const c of cases) timeOnce(c.argv); // warm-up: file cache, Bun's transpiler cache

const samples = new Map(cases.map((c) => [c.name, [] as number[]]));
for (let i = 0; i < runs; i++) for (const c of cases) samples.get(c.name)!.push(timeOnce(c.argv));

const base = median(samples.get("bun -e 0")!);
console.log(`entry: ${entry}\nruns: ${runs} each, interleaved, after 3 warm-up rounds; Bun ${Bun.version}\n`);
console.log(`${"case".padEnd(30)}  ${"median ms".padStart(9)}  ${"min ms".padStart(7)}  ${"vs bun -e 0".padStart(11)}`);
for (const c of cases) {
  const values = samples.get(c.name)!;
  const m = median(values);
  const ratio = m / base;
  const flag = c.name === "bun -e 0" ? "" : ratio <= 2 ? "  ok" : "  over 2.0x";
  console.log(`${c.name.padEnd(30)}  ${m.toFixed(1).padStart(9)}  ${Math.min(...values).toFixed(1).padStart(7)}  ${`${ratio.toFixed(2)}x`.padStart(11)}${flag}`);
}
