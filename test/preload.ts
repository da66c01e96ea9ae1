/**
 * Runs once before the test files: a fixed time zone, paper trading forced, a throwaway store, no
 * wallet or API secret inherited from the developer's shell, a 30 s default timeout, and one temp
 * folder for the whole run, removed when it ends.
 */
import { plugin } from "bun";
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
  if (key.startsWith("POLYMARKET_") || key.startsWith("PM_ARB_") && key !== "PM_ARB_DB") delete process.env[key];
}

// Generous, because several suites start a local sandbox venue and spawn the CLI. Bun 1.4.5 reads a
// default timeout only from `bun test --timeout` or from setDefaultTimeout() in the test file itself
// (bunfig.toml has no such key, and a call here reaches the first file only), so each test file
// makes that call first, on its own first line (line numbers stay as written).
plugin({
  name: "default test timeout",
  setup(build) {
    build.onLoad({ filter: /\.test\.ts$/ }, async ({ path }) => ({
      contents: `import { setDefaultTimeout as __setDefaultTimeout } from "bun:test"; __setDefaultTimeout(30_000); ${await Bun.file(path).text()}`,
      loader: "ts",
    }));
  },
});
