/**
 * Reads calibrate's public inputs from disk — `--markets` (Gamma rows), `--candles` (spot candles),
 * `--prices-history` (one `/prices-history` body per token) — and reports what it skipped and why
 * on stderr. A path that cannot be read is a usage error; bad content inside a file never is.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../cli/errors.ts";
import { readCandles } from "./candles.ts";
import { readGammaWindows } from "./gamma-windows.ts";
import type { PublicFiles } from "./options.ts";
import { readPriceHistory } from "./prices-history.ts";
import type { PublicData } from "./public-forecasts.ts";

export type PublicDataPaths = PublicFiles & { symbol: string };

/** Lines of one kind of problem written before the rest is only counted. */
const SHOWN_PROBLEMS = 10;

export function reportProblems(what: string, problems: readonly string[], warn: (message: string) => void): void {
  for (const problem of problems.slice(0, SHOWN_PROBLEMS)) warn(`${what}: ${problem}; skipped`);
  if (problems.length > SHOWN_PROBLEMS) warn(`${what}: ${problems.length - SHOWN_PROBLEMS} more problems like these; skipped`);
}

function readText(flag: string, path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`--${flag} ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

export function readPublicData(paths: PublicDataPaths, warn: (message: string) => void): PublicData {
  const gamma = readGammaWindows(readText("markets", paths.markets));
  reportProblems(`--markets ${paths.markets}`, gamma.problems, warn);
  const windows = gamma.windows.filter((window) => window.symbol === paths.symbol);
  if (windows.length < gamma.windows.length)
    warn(`--markets: ${gamma.windows.length - windows.length} resolved windows of other symbols than ${paths.symbol} not scored (--symbol)`);

  let candles: PublicData["candles"];
  if (paths.candles !== undefined) {
    const file = readCandles(readText("candles", paths.candles));
    reportProblems(`--candles ${paths.candles}`, file.problems, warn);
    candles = file.candles;
  }

  let upHistory: PublicData["upHistory"];
  const dir = paths.pricesHistory;
  if (dir !== undefined) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--prices-history ${dir}: not a directory`);
    const historyOf = (token: string) => {
      const path = join(dir, `${token}.json`);
      if (!existsSync(path)) return undefined;
      const history = readPriceHistory(readText("prices-history", path));
      reportProblems(path, history.problems, warn);
      return history.points.length > 0 ? history.points : undefined;
    };
    // The Up token's own series, else the Down token's turned into P(Up).
    upHistory = (window) => historyOf(window.upToken) ?? historyOf(window.downToken)?.map((point) => ({ ts: point.ts, p: 1 - point.p }));
  }
  return { windows, candles, upHistory, marketSource: "prices-history" };
}
