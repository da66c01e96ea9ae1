/**
 * `pm-arb calibrate DIR`: the windows a recording (docs/recordings.md) holds, as calibrate's plain
 * input, scored by the same code as public data (core/calibrate/run.ts):
 *   - the windows: the newest recorded Gamma row of each Up/Down market; the outcome from that row
 *     when it is resolved, else from a `market_resolved` on the recorded market channel, else the
 *     window is not scored (and counted on stderr);
 *   - the market's P(Up) at a moment: the mid of the Up token's best bid and best ask at or before it,
 *     the book kept from the recorded market channel by the live loop's own MarketChannel (a
 *     one-sided book gives no mid); `market_source: "book-mid"` in the record;
 *   - the model's spot: 1-minute candles built from the recorded Binance trades, as a replay builds
 *     them (spot-history.ts); its opening price: the recorded RTDS Chainlink point at the window start
 *     (Chainlink-settled windows, as the scan takes it), else the Binance candle (`s0_source`).
 * Records are stamped with the recording's last time, so the same recording gives the same output.
 */
import { MarketChannel } from "../adapters/polymarket/channels/market-channel.ts";
import { type ResolvedWindow, type UpDownRow, upDownRow } from "../calibrate/gamma-windows.ts";
import type { CalibrateOptions } from "../calibrate/options.ts";
import type { HistoryPoint } from "../calibrate/prices-history.ts";
import type { PublicData } from "../calibrate/public-forecasts.ts";
import { reportProblems } from "../calibrate/read-public-data.ts";
import { type CalibrateContext, type CalibrationEmit, defaultCalibrateContext, scoreWindows } from "../calibrate/run.ts";
import { RuntimeFailure, UsageError } from "../cli/errors.ts";
import { readRecording, recordingDirProblem } from "../record/read.ts";
import type { RecordedEvent } from "./feed.ts";
import { REPLAY_URLS, ReplaySockets } from "./replay-socket.ts";
import { SpotHistory } from "./spot-history.ts";

export type RecordedData = PublicData & { windows: ResolvedWindow[]; lastT: number };

const SOURCES = ["binance", "rtds", "clob_market", "gamma_markets"];

function resolvedWindow(row: UpDownRow, outcome: 0 | 1): ResolvedWindow {
  const { slug, series, symbol, start, end, settledBy, upToken, downToken } = row;
  return { slug, series, symbol, start, end, settledBy, upToken, downToken, outcome };
}

/** The windows of `symbol` in the recorded lines, with what forecasts need; what was skipped goes to `warn`. */
export async function readRecordedData(events: AsyncIterable<RecordedEvent>, symbol: string, warn: (message: string) => void): Promise<RecordedData> {
  const spot = new SpotHistory();
  /** The newest row of each market, by slug. */
  const rows = new Map<string, UpDownRow>();
  const tokens = new Set<string>();
  const winners = new Set<string>();
  const mids = new Map<string, HistoryPoint[]>();
  const rowProblems: string[] = [];
  const channelProblems: string[] = [];
  let t = 0;
  const channel = new MarketChannel({
    wsUrl: REPLAY_URLS.clob_ws_url,
    clobUrl: REPLAY_URLS.clob_ws_url,
    timeoutMs: 0,
    now: () => t,
    // Never started: its books change only by the recorded messages handed to it.
    openSocket: new ReplaySockets().open,
    snapshot: async () => ({ books: new Map(), problems: [] }),
    onBook: (token, book) => {
      const bid = book.bids[0];
      const ask = book.asks[0];
      if (bid && ask) mids.getOrInsertComputed(token, () => []).push({ ts: t, p: bid.price.plus(ask.price).div(2).toNumber() });
    },
    onResolved: (_market, winner) => {
      if (winner) winners.add(winner);
    },
    onProblem: (problem) => channelProblems.push(`at ${t}: ${problem}`),
  });
  for await (const event of events) {
    t = event.t;
    const text = event.raw ?? JSON.stringify(event.msg);
    if (event.src === "binance" || event.src === "rtds") spot.addMessage(event.src, text, event.t);
    else if (event.src === "clob_market") channel.message(text);
    else if (event.src === "gamma_markets") {
      if (!Array.isArray(event.msg)) {
        rowProblems.push(`at ${t}: not a JSON array of markets`);
        continue;
      }
      for (const [index, raw] of event.msg.entries()) {
        const row = upDownRow(raw, index);
        if (typeof row === "string") rowProblems.push(`at ${t}: ${row}`);
        else {
          rows.set(row.slug, row);
          tokens.add(row.upToken);
        }
      }
      // The Up tokens' books are the market's forecasts; the channel follows only the tokens it is given.
      channel.setAssets([...tokens]);
    }
  }
  reportProblems("recorded gamma_markets", rowProblems, warn);
  reportProblems("recorded clob_market", channelProblems, warn);

  const windows: ResolvedWindow[] = [];
  let unresolved = 0;
  let otherSymbols = 0;
  for (const row of rows.values()) {
    const outcome = row.outcome ?? (winners.has(row.upToken) ? 1 : winners.has(row.downToken) ? 0 : undefined);
    if (row.symbol !== symbol) otherSymbols++;
    else if (outcome === undefined) unresolved++;
    else windows.push(resolvedWindow(row, outcome));
  }
  if (otherSymbols > 0) warn(`${otherSymbols} recorded Up/Down windows of other symbols than ${symbol} not scored (--symbol)`);
  if (unresolved > 0) warn(`${unresolved} recorded ${symbol} Up/Down windows not resolved in the recording (no resolved Gamma row, no market_resolved): not scored`);
  for (const points of mids.values()) points.sort((a, b) => a.ts - b.ts);
  return {
    windows: windows.sort((a, b) => a.start - b.start || a.slug.localeCompare(b.slug)),
    candles: spot.klines(symbol, { limit: Number.POSITIVE_INFINITY }),
    upHistory: (window) => mids.get(window.upToken),
    marketSource: "book-mid",
    settlementPoints: (window) => spot.settlementPoints(window.symbol),
    lastT: t,
  };
}

/** Calibrate on the recording in `dir`: its bad lines reported on stderr and skipped. */
export async function calibrateRecording(options: CalibrateOptions, dir: string, emit: CalibrationEmit, ctx: CalibrateContext = defaultCalibrateContext()): Promise<void> {
  const problem = recordingDirProblem(dir);
  if (problem) throw new UsageError(`calibrate: ${JSON.stringify(dir)} ${problem}`);
  const badLines: string[] = [];
  const events = readRecording(dir, { sources: SOURCES, onProblem: (bad) => badLines.push(`${bad.file} line ${bad.line}: ${bad.message}`) });
  const data = await readRecordedData(events, options.symbol, ctx.warn);
  reportProblems(`recording ${dir}`, badLines, ctx.warn);
  if (data.windows.length === 0) throw new RuntimeFailure(`the recording ${dir} holds no resolved ${options.symbol} Up/Down window to score`);
  scoreWindows(data, options, emit, { ...ctx, now: () => new Date(data.lastT) });
}
