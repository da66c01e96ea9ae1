/** What the benches share: their flags, their statistics, the machine's load and the shipped executable. */
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";

export const ROOT = join(import.meta.dir, "..");
export const BINARY = join(ROOT, "dist", "pm-arb");

/** `--name N` among the arguments, else `fallback`. */
export function numberFlag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index > 1 && process.argv[index + 1] ? Number(process.argv[index + 1]) : fallback;
}

/** The value at quantile `q` of `values` (nearest rank; NaN when there are none). */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

/** The middle value, or the mean of the two middle ones. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The machine's 1, 5 and 15 minute load averages. */
export const loadAverage = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");

/** Builds dist/pm-arb when it is missing; exits on a failed build. */
export function ensureBuilt(): void {
  if (existsSync(BINARY)) return;
  console.error("dist/pm-arb is missing: bun run build");
  if (Bun.spawnSync([process.execPath, "run", "build"], { cwd: ROOT, stdout: "inherit", stderr: "inherit" }).exitCode !== 0) process.exit(1);
}
