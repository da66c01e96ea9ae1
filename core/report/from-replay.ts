/**
 * `pm-arb report --replay DIR`: the recording replayed through the run loop as `pm-arb backtest DIR`
 * does (core/replay/run.ts, same flags, same records) into a store of its own in a temporary folder,
 * the report read from that store, then the folder removed. The replay's records are not the report:
 * they are dropped, or written to stderr with --verbose.
 *
 * The page's times come from the recording's clock (the replay ends at its summary's time), so the
 * same recording and flags give the same data; only `generated_at` is the wall clock.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RuntimeFailure } from "../cli/errors.ts";
import { isVerbose, writeStderr } from "../cli/log.ts";
import type { Env } from "../config/env.ts";
import { Decimal } from "../decimal.ts";
import type { SummaryRecord } from "../records/summary.ts";
import { replayDirectory } from "../replay/run.ts";
import type { RunOptions } from "../run/options.ts";
import { openStore } from "../store/open.ts";
import type { ReportData } from "./data.ts";
import { reportFromStore } from "./from-store.ts";

export async function reportFromReplay(run: RunOptions & { replay: string }, now: Date, env: Env = process.env): Promise<ReportData> {
  const folder = mkdtempSync(join(tmpdir(), "pm-arb-report-replay-"));
  try {
    const db = join(folder, "replay.sqlite");
    let summary: SummaryRecord | undefined;
    await replayDirectory(
      run,
      (record) => {
        if (record.type === "summary") summary = record as SummaryRecord;
        if (isVerbose()) writeStderr(`${JSON.stringify(record)}\n`);
      },
      { env, db },
    );
    if (!summary?.replay) throw new RuntimeFailure("the replay ended without its summary");
    const { replay } = summary;
    const store = openStore(db);
    try {
      const data = reportFromStore(store.db, { mode: "paper", since: null, bankroll: new Decimal(summary.bankroll), source: `replay ${run.replay}`, now: new Date(summary.ts) });
      return {
        ...data,
        title: `pm-arb replay report: ${run.replay}`,
        generated_at: now.toISOString(),
        // The replay's own counts (its summary's): taken and vanished are its orders' outcomes.
        opportunities: data.opportunities ? { ...data.opportunities, ...replay.opportunities } : null,
        // The heartbeat is the process's, stamped by the wall clock; on the recording's clock the
        // loop last measured the lag when the replay ended.
        lag: data.lag.map((row) => ({ ...row, measured_at: summary!.ts })),
      };
    } finally {
      store.close();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
