/** Shared by the oracle's sandbox-backed tests: URLs for a test sandbox, a steppable clock, a log that records. */
import type { OracleLog, OracleUrls } from "../../../core/oracle/oracle.ts";
import type { TestSandbox } from "../../helpers/sandbox.ts";

export function sandboxUrls(sandbox: TestSandbox): OracleUrls {
  return {
    binance_url: `${sandbox.url}/binance`,
    coinbase_url: `${sandbox.url}/coinbase`,
    kraken_url: `${sandbox.url}/kraken`,
    coingecko_url: `${sandbox.url}/coingecko`,
    pyth_url: `${sandbox.url}/pyth`,
    binance_ws_url: sandbox.ws("/binance-ws"),
    coinbase_ws_url: sandbox.ws("/coinbase-ws"),
    rtds_url: sandbox.ws("/rtds"),
  };
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
