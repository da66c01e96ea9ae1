#!/usr/bin/env bun
/**
 * Start-up time of the cold commands against bare Bun: `fees --price 0.5 --size 100` and `--help`,
 * each run from the sources (`bun commands/index.ts`) and from the shipped executable (dist/pm-arb,
 * `bun run build`; built first when missing), and `bun -e 0` — N runs each (default 30), all cases
 * interleaved so drift and other load hit them alike, after 3 warm-up rounds. Prints each case's
 * median and min, and the median's ratio to `bun -e 0` (envelope ≤ 2.5× for the shipped entry, issue
 * #13), with the machine's load average before and after. The CPU time each run used (user + system)
 * is shown beside it: on a loaded machine the wall clock also counts the time spent waiting for a
 * core, the CPU time does not.
 *
 *   bun bench/startup.ts [N] [--entry path] [--no-build]
 *
 * --entry: measure another build of the CLI instead of dist/pm-arb, e.g. a `bun build --target=bun`
 * bundle (a .js file, run with this Bun) or another `bun build --compile` executable (run directly).
 * --no-build: do not build dist/pm-arb when it is missing (measure the sources only).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { BINARY, ensureBuilt, loadAverage, median, ROOT } from "./common.ts";

const args = process.argv.slice(2);
const entryIndex = args.indexOf("--entry");
const entry = entryIndex >= 0 ? args.splice(entryIndex, 2)[1]! : BINARY;
const noBuild = args.includes("--no-build");
const runs = Number.parseInt(args.filter((arg) => !arg.startsWith("--"))[0] ?? "30", 10);
if (!Number.isInteger(runs) || runs < 1) {
  console.error("usage: bun bench/startup.ts [N] [--entry path] [--no-build]");
  process.exit(2);
}

if (entryIndex < 0 && !noBuild) ensureBuilt();

// A script runs under this Bun; anything else (a `bun build --compile` executable) runs directly.
const asCli = (path: string) => (/\.[cm]?[jt]s$/.test(path) ? [process.execPath, path] : [path]);
const source = asCli(join(ROOT, "commands", "index.ts"));
const shipped = existsSync(entry) ? asCli(entry) : undefined;
const label = entryIndex >= 0 ? "entry" : "binary";

const FEES = ["fees", "--price", "0.5", "--size", "100"];
const cases: { name: string; argv: string[] }[] = [
  { name: "bun -e 0", argv: [process.execPath, "-e", "0"] },
  { name: "source fees --price 0.5 --size 100", argv: [...source, ...FEES] },
  { name: "source --help", argv: [...source, "--help"] },
  ...(shipped
    ? [
        { name: `${label} fees --price 0.5 --size 100`, argv: [...shipped, ...FEES] },
        { name: `${label} --help`, argv: [...shipped, "--help"] },
      ]
    : []),
];

/** Wall-clock and CPU milliseconds of one run. */
function timeOnce(argv: string[]): { wall: number; cpu: number } {
  const start = Bun.nanoseconds();
  const result = Bun.spawnSync(argv, { stdout: "ignore", stderr: "pipe", stdin: "ignore", env: { ...process.env, NO_COLOR: "1" } });
  const wall = (Bun.nanoseconds() - start) / 1e6;
  if (result.exitCode !== 0) throw new Error(`${argv.join(" ")} exited ${result.exitCode}: ${result.stderr.toString().trim()}`);
  return { wall, cpu: Number(result.resourceUsage.cpuTime.total) / 1000 };
}

const loadBefore = loadAverage();
for (let i = 0; i < 3; i++) for (const c of cases) timeOnce(c.argv); // warm-up: file cache, Bun's transpiler cache

const samples = new Map(cases.map((c) => [c.name, [] as { wall: number; cpu: number }[]]));
for (let i = 0; i < runs; i++) for (const c of cases) samples.get(c.name)!.push(timeOnce(c.argv));

const ENVELOPE = 2.5;
const wallOf = (name: string) => samples.get(name)!.map((sample) => sample.wall);
const cpuOf = (name: string) => samples.get(name)!.map((sample) => sample.cpu);
const base = { wall: median(wallOf("bun -e 0")), cpu: median(cpuOf("bun -e 0")) };
console.log(
  `${label}: ${shipped ? entry : "(none; sources only)"}\nruns: ${runs} each, interleaved, after 3 warm-up rounds; Bun ${Bun.version}; load average ${loadBefore} → ${loadAverage()}\n`,
);
console.log(`${"case".padEnd(40)}  ${"median ms".padStart(9)}  ${"min ms".padStart(7)}  ${"vs bun -e 0".padStart(11)}  ${"cpu ms".padStart(7)}  ${"cpu vs".padStart(7)}`);
for (const c of cases) {
  const wall = median(wallOf(c.name));
  const cpu = median(cpuOf(c.name));
  const ratio = wall / base.wall;
  const verdict = !c.name.startsWith(label) ? "" : ratio <= ENVELOPE ? "  ok" : `  over ${ENVELOPE}x`;
  const columns = [
    wall.toFixed(1).padStart(9),
    Math.min(...wallOf(c.name))
      .toFixed(1)
      .padStart(7),
    `${ratio.toFixed(2)}x`.padStart(11),
    cpu.toFixed(1).padStart(7),
    `${(cpu / base.cpu).toFixed(2)}x`.padStart(7),
  ];
  console.log(`${c.name.padEnd(40)}  ${columns.join("  ")}${verdict}`);
}
