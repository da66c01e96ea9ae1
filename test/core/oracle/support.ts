/** Shared by the oracle's sandbox-backed tests: the file's sandbox and its URLs, a steppable clock, a log that records. */
import { afterEach, beforeEach } from "bun:test";
import { loadConfig } from "../../../core/config/load.ts";
import type { Oracle, OracleLog, OracleUrls } from "../../../core/oracle/oracle.ts";
import { oracleUrlsOf } from "../../../core/oracle/types.ts";
import { type TestSandbox, useTestSandbox } from "../../helpers/sandbox.ts";

/**
 * The file's sandbox, its simulated time on the wall clock (so provider timestamps are comparable with
 * ours), its faults and counters reset before each test; the oracles a test puts in `open` are closed after it.
 */
export function oracleSandbox() {
  const sandbox = useTestSandbox({ startAt: Date.now(), speed: 1 });
  const open: Oracle[] = [];
  beforeEach(async () => {
    await sandbox.admin.clearFaults();
    await sandbox.admin.resetCounters();
  });
  afterEach(() => Promise.all(open.splice(0).map((o) => o.close())));
  return { sandbox, open };
}

/** The oracle's URLs as `sandbox_url` configures them. */
export function sandboxUrls(sandbox: TestSandbox): OracleUrls {
  return oracleUrlsOf(loadConfig({ env: { PM_ARB_SANDBOX_URL: sandbox.url }, cwd: import.meta.dir }));
}

/** Wall-clock time plus an offset the test moves forward (health cool-downs without sleeping). */
export function steppedClock() {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance(ms: number) {
      offset += ms;
    },
  };
}

export function recordingLog(): OracleLog & { lines: string[]; warnings: string[] } {
  const lines: string[] = [];
  const warnings: string[] = [];
  return {
    lines,
    warnings,
    warn: (message) => {
      warnings.push(message);
      lines.push(`warn ${message}`);
    },
    info: (message) => lines.push(`info ${message}`),
    debug: (message) => lines.push(`debug ${message}`),
  };
}

/** Request count per path, for the paths that start with a prefix. */
export async function requests(sandbox: TestSandbox, prefix: string): Promise<number> {
  const counters = await sandbox.admin.counters();
  return Object.entries(counters)
    .filter(([path]) => path.startsWith(prefix))
    .reduce((sum, [, counter]) => sum + counter.requests, 0);
}
