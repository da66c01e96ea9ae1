/**
 * Runs once before the test files: a fixed time zone, paper trading forced, a throwaway store, no
 * wallet or API secret inherited from the developer's shell, and one temp folder for the whole
 * run, removed when it ends. The 30 s default timeout is `bun test --timeout 30000` (`bun run test`):
 * Bun reads it only from the command line or from each test file.
 */
import { afterAll } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Every temp folder a test makes, and every file the CLIs it spawns put in the temp folder (they
// inherit TMPDIR), lands here; removing this one folder at the end removes them all.
const runDir = mkdtempSync(join(tmpdir(), "pm-arb-test-"));
process.env.TMPDIR = runDir;
afterAll(() => rmSync(runDir, { recursive: true, force: true }));

process.env.TZ = "UTC";
process.env.PAPER_TRADING = "true";
process.env.NO_COLOR = "1";
process.env.PM_ARB_DB = join(runDir, "store.sqlite");
for (const key of Object.keys(process.env)) {
  if (key.startsWith("POLYMARKET_") || (key.startsWith("PM_ARB_") && key !== "PM_ARB_DB")) delete process.env[key];
}
