/**
 * `pm-arb report`: the store's data for one mode and period, or a recording's replayed (`--replay
 * DIR`), plus `--calibration` curves, written as one self-contained HTML file — through a temporary
 * file renamed into place, so a reader never opens half a page.
 */
import { renameSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { RuntimeFailure } from "../cli/errors.ts";
import type { Config } from "../config/schema.ts";
import { limitsFromConfig } from "../risk/limits.ts";
import type { RunOptions } from "../run/options.ts";
import { openStore } from "../store/open.ts";
import { readCalibrationFile } from "./calibration-file.ts";
import type { ReportData } from "./data.ts";
import { reportFromReplay } from "./from-replay.ts";
import { reportFromStore } from "./from-store.ts";
import { reportHtml } from "./html.ts";
import type { ReportOptions } from "./options.ts";

export function buildReport(config: Config, options: ReportOptions, now: Date): ReportData {
  // Read before the store is opened: a bad file is a usage error that touches nothing.
  const calibration = options.calibration === undefined ? null : readCalibrationFile(options.calibration);
  const store = openStore(config.db);
  try {
    const data = reportFromStore(store.db, { mode: options.mode, since: options.since, bankroll: limitsFromConfig(config).bankroll, source: `store ${store.path}`, now });
    return { ...data, calibration };
  } finally {
    store.close();
  }
}

/** `--replay DIR`: the report of the recording in `dir` replayed with the loop's flags in `run`. */
export async function buildReplayReport(dir: string, options: ReportOptions, run: RunOptions, now: Date): Promise<ReportData> {
  const calibration = options.calibration === undefined ? null : readCalibrationFile(options.calibration);
  const data = await reportFromReplay({ ...run, replay: dir }, now);
  return { ...data, calibration };
}

/** Writes the page; returns its absolute path. */
export function writeReport(data: ReportData, out: string): string {
  const html = reportHtml(data);
  const path = resolve(out);
  const partial = `${path}.${process.pid}.partial`;
  try {
    writeFileSync(partial, html);
    renameSync(partial, path);
  } catch (error) {
    throw new RuntimeFailure(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return path;
}
