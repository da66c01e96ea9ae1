/**
 * `pm-arb run --replay DIR` / `pm-arb backtest DIR`: the run loop (core/run/loop.ts, everything it
 * calls) on a recording, paper only, on the recording's clock. What the live loop gets from the
 * network it gets from the recording — spot and settlement streams and the market channel through
 * stand-in sockets, discovery and resolutions from the recorded Gamma rows, candles from the recorded
 * Binance prices — and what paces it (timers, a paper order's latency) is a virtual clock, so the
 * same recording and configuration give the same records, byte for byte, as fast as the CPU allows.
 * The store is a fresh one of its own (`replay.sqlite` next to the configured one); no alert leaves
 * the machine. At the end, a `summary` record with the replay's report (core/replay/report.ts).
 */
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import type { ProviderName } from "../adapters/spot/types.ts";
import { Alerter } from "../alerts/alerter.ts";
import { RuntimeFailure, UsageError } from "../cli/errors.ts";
import { log } from "../cli/log.ts";
import { type RecordEnvelope, stamp } from "../cli/output.ts";
import type { Env } from "../config/env.ts";
import { loadConfig } from "../config/load.ts";
import { readRecording, recordingDirProblem } from "../record/read.ts";
import { limitsFromConfig } from "../risk/limits.ts";
import { RunLoop } from "../run/loop.ts";
import type { RunOptions } from "../run/options.ts";
import { paperVenue } from "../run/paper-venue.ts";
import { loopSettings } from "../run/run.ts";
import { parseScanFlags } from "../scan/options.ts";
import { openStore } from "../store/open.ts";
import { type RecordedEvent, ReplayFeed } from "./feed.ts";
import { RecordedMarkets } from "./recorded-markets.ts";
import { REPLAY_URLS, ReplaySockets } from "./replay-socket.ts";
import { replaySummary } from "./report.ts";
import { SpotHistory } from "./spot-history.ts";
import { settle, VirtualClock } from "./virtual-clock.ts";

type Emit = (record: RecordEnvelope & Record<string, unknown>) => void;

export type ReplayDeps = {
  env?: Env;
  /** The recording's lines in time order (the reader, core/record/read.ts). */
  events: AsyncIterable<RecordedEvent>;
  /** Lines the reader skipped so far (for the report). */
  badLines?: () => number;
  onLoop?: (loop: RunLoop) => void;
  /** The replay's store (recreated); default `replay.sqlite` beside the configured store. */
  db?: string;
};

/** The streams a replay can play: the ones the recorder records. */
const STREAMED: readonly ProviderName[] = ["binance", "coinbase"];

/** How long past its last line the replay runs the clock: orders in flight arrive, ended windows settle. */
const TAIL_MS = 15_000;

/** Virtual ms. */
const REPLAY_INTERVALS = { heartbeatMs: 60_000, killPollMs: 10_000 };

const logger = { info: (m: string) => log().info(m), warn: (m: string) => log().warn(m), debug: (m: string) => log().debug(m) };

export async function runReplay(options: RunOptions, emit: Emit, deps: ReplayDeps): Promise<number> {
  if (options.live) throw new UsageError("--replay is paper trading only; it takes no --live");
  const env = deps.env ?? process.env;
  const config = loadConfig({ configPath: options.configPath, env, overrides: options.overrides });
  const requested = (options.providers?.split(",").map((name) => name.trim()) ?? config.providers) as ProviderName[];
  const providers = [...new Set([...requested.filter((name) => STREAMED.includes(name)), "rtds" as const])];

  const iterator = deps.events[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) throw new UsageError("the recording has no lines to replay");
  const clock = new VirtualClock(first.value.t);

  const db = deps.db ?? join(dirname(config.db), "replay.sqlite");
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${db}${suffix}`, { force: true });
  const store = openStore(db);
  log().info(`replay store: ${db} (fresh for this replay)`);
  try {
    const limits = limitsFromConfig(config);
    const scan = parseScanFlags(options.scanFlags, config);
    const timeoutMs = Math.max(config.request_timeout_ms, 5_000);
    const base = loopSettings(options, { config, mode: "paper", scan, limits, providers, timeoutMs, stretch: 1 });
    const sockets = new ReplaySockets();
    const spot = new SpotHistory();
    const markets = new RecordedMarkets(() => clock.now(), spot);
    const settings = {
      ...base,
      urls: { ...base.urls, clobWs: REPLAY_URLS.clob_ws_url },
      // The heartbeat and the kill switch watch a process, not the market: beaten and polled every
      // few seconds of a recording they would cost most of a replay's time (REPLAY_INTERVALS).
      intervals: { ...base.intervals, ...REPLAY_INTERVALS },
      oracle: { ...base.oracle, urls: { ...base.oracle.urls, ...REPLAY_URLS }, openSocket: sockets.open, streamsOnly: true },
    };
    const alerter = new Alerter({ store: store.db, emit: (record) => emit(record as RecordEnvelope & Record<string, unknown>), log: logger, now: () => new Date(clock.now()) });
    let loop: RunLoop | undefined;
    const venue = paperVenue({
      latencyMs: options.latencyMs,
      timers: clock,
      liveBook: (tokenId) => loop?.channel?.book(tokenId),
      fetchBook: async (tokenId) => {
        throw new Error(`no book of ${tokenId.slice(0, 12)}… in the recording yet`);
      },
    });
    loop = new RunLoop(settings, {
      store,
      clock,
      alerter,
      emit,
      venue,
      klines: async (symbol, query) => spot.klines(symbol, query),
      log: logger,
      timers: clock,
      pid: 0,
      sources: {
        discover: (query) => markets.discover(query),
        resolutions: (ids) => markets.resolutions(ids),
        openSocket: sockets.open,
        snapshot: async () => ({ books: new Map(), problems: [] }),
      },
    });
    deps.onLoop?.(loop);
    const current = loop;
    let done = false;
    const running = current.run().finally(() => {
      done = true;
    });
    // The loop opens its streams after its first discovery; nothing waits on I/O, so a few turns do.
    for (let turn = 0; turn < 100 && !current.channel && !done; turn++) await settle();
    if (!current.channel) throw new RuntimeFailure("the replayed loop did not start its feeds");

    const feed = new ReplayFeed({
      clock,
      sockets,
      markets,
      spot,
      discover: () => current.discoverNow(),
      problem: (message) => log().warn(`replay: ${message}`),
    });
    const rest: AsyncIterable<RecordedEvent> = { [Symbol.asyncIterator]: () => iterator };
    await feed.play(
      (async function* () {
        yield first.value;
        yield* rest;
      })(),
    );
    const played = feed.played;
    markets.final = true;
    await clock.advanceTo(clock.now() + options.latencyMs + TAIL_MS);
    current.stop("the recording ended");
    // Shutdown waits for orders in flight: their latency runs on this clock.
    for (let step = 0; step < 600 && !done; step++) await clock.advanceTo(clock.now() + 100);
    await running;

    const facts = {
      from: played.first ?? first.value.t,
      to: played.last ?? first.value.t,
      lines: played.lines,
      badLines: played.skipped + (deps.badLines?.() ?? 0),
      latencyMs: options.latencyMs,
      markets: markets.seen,
      settledBy: markets.settledBy,
    };
    const now = new Date(clock.now());
    emit(stamp("summary", replaySummary(store, limits, facts, now), now));
    return 0;
  } finally {
    store.close();
  }
}

/** `run --replay DIR` / `backtest DIR`: the recording in DIR, its bad lines reported on stderr and counted. */
export async function replayDirectory(options: RunOptions, emit: Emit, place: { env?: Env; db?: string } = {}): Promise<number> {
  const dir = options.replay!;
  const problem = recordingDirProblem(dir);
  if (problem) throw new UsageError(`--replay: ${JSON.stringify(dir)} ${problem}`);
  let bad = 0;
  const events = readRecording(dir, {
    onProblem: (problem) => {
      bad++;
      log().warn(`recording ${problem.file} line ${problem.line}: ${problem.message}`);
    },
  });
  return runReplay(options, emit, { env: place.env ?? process.env, events, badLines: () => bad, ...(place.db !== undefined ? { db: place.db } : {}) });
}
