/**
 * Runs before every test file: a fixed time zone, paper trading forced, a throwaway store, and no
 * wallet or API secret inherited from the developer's shell.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

process.env.TZ = "UTC";
process.env.PAPER_TRADING = "true";
process.env.NO_COLOR = "1";
process.env.PM_ARB_DB = join(mkdtempSync(join(tmpdir(), "pm-arb-test-")), "store.sqlite");
for (const key of Object.keys(process.env)) {
  if (key.startsWith("POLYMARKET_") || key.startsWith("PM_ARB_") && key !== "PM_ARB_DB") delete process.env[key];
}
