/**
 * `pm-arb record`: the feeds `run` trades on, written to a recording (docs/recordings.md) until
 * `--duration`, a signal, `pm-arb stop` or `--max-bytes` ends it; then one `recording` record.
 *
 * Service URLs are `run`'s configuration (so `PM_ARB_SANDBOX_URL` points every feed at a sandbox);
 * `--sandbox` starts `run`'s in-process venue. Receive times are read from the clock `run` uses:
 * the system clock, or the sandbox's simulated one.
 */
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { RuntimeFailure, UsageError } from "../cli/errors.ts";
import { log } from "../cli/log.ts";
import { type RecordEnvelope, stamp } from "../cli/output.ts";
import { loadConfig } from "../config/load.ts";
import type { Config } from "../config/schema.ts";
import type { RecordingRecord } from "../records/recording.ts";
import { readKillSwitch } from "../run/kill-switch.ts";
import { startSandboxVenue } from "../run/run.ts";
import { installSignals } from "../run/signals.ts";
import { openStore } from "../store/open.ts";
import { KNOWN_SYMBOLS } from "../symbols.ts";
import { sandboxClock, systemClock, type VenueClock } from "../trade/venue-clock.ts";
import { MANIFEST_FILE, RECORDING_FILE } from "./format.ts";
import type { Manifest } from "./manifest.ts";
import { MarketFeed } from "./market-feed.ts";
import { MarketFollower } from "./market-follower.ts";
import type { RecordOptions } from "./options.ts";
import { BINANCE_FEED, spotFeeds } from "./spot-feeds.ts";
import { RecordingWriter } from "./writer.ts";

type Emit = (record: RecordEnvelope & Record<string, unknown>) => void;

/** The market channel answers pings: silent this long (real ms), its socket is replaced. */
const CHANNEL_SILENCE_MS = 15_000;
const KILL_POLL_MS = 250;
const PROGRESS_EVERY_MS = 30_000;

const logger = { info: (m: string) => log().info(m), warn: (m: string) => log().warn(m), debug: (m: string) => log().debug(m) };

/** `recording-20261125T120000Z` in the current directory. */
function defaultDir(now: Date): string {
  return `recording-${now.toISOString().slice(0, 19).replace(/[-:]/g, "")}Z`;
}

/** Creates the directory; one that holds a recording already is refused (a recording is never appended to). */
function prepareDir(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).some((name) => name === MANIFEST_FILE || RECORDING_FILE.test(name)))
    throw new UsageError(`--out ${dir} already holds a recording; give a new directory`);
  mkdirSync(dir, { recursive: true });
}

function recordingFields(dir: string, manifest: Manifest): Omit<RecordingRecord, "type" | "v" | "ts"> {
  const sources: Record<string, number> = {};
  for (const file of manifest.files) for (const [src, n] of Object.entries(file.sources)) sources[src] = (sources[src] ?? 0) + n;
  const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  return {
    dir,
    complete: manifest.complete,
    stop_reason: manifest.stop_reason,
    started_at: iso(manifest.started_at),
    ended_at: iso(manifest.ended_at),
    clock: manifest.clock,
    speed: manifest.speed,
    files: manifest.files.length,
    lines: manifest.lines,
    bytes: manifest.bytes,
    sources,
  };
}

/** What was recorded and from where: the manifest's `options` and the `start` line's. */
function recordedOptions(options: RecordOptions, config: Config, symbols: string[]): Record<string, unknown> {
  return {
    symbols,
    kinds: options.kinds,
    ends_within_ms: options.endsWithinMs ?? null,
    discover_every_ms: options.discoverEveryMs,
    max_bytes: options.maxBytes ?? null,
    duration_ms: options.durationMs ?? null,
    binance_feed: BINANCE_FEED,
    urls: {
      gamma_url: config.gamma_url,
      clob_url: config.clob_url,
      clob_ws_url: config.clob_ws_url,
      rtds_url: config.rtds_url,
      binance_ws_url: config.binance_ws_url,
      coinbase_ws_url: config.coinbase_ws_url,
    },
  };
}

/** Records until stopped; returns the exit code (0 after a clean stop, the byte cap included). */
export async function recordFeeds(options: RecordOptions, emit: Emit): Promise<number> {
  const cleanup: (() => void | Promise<void>)[] = [];
  try {
    const dir = resolve(options.out ?? defaultDir(new Date()));
    prepareDir(dir);
    const overrides: Record<string, unknown> = {};
    let clock: VenueClock | undefined;
    if (options.sandbox) {
      const venue = await startSandboxVenue(options.sandbox);
      cleanup.push(venue.stop);
      overrides.sandbox_url = venue.url;
      clock = venue.clock;
    }
    const config = loadConfig({ configPath: options.configPath, env: process.env, overrides: { ...overrides, db: options.db } });
    clock ??= config.sandbox_url ? await sandboxClock(config.sandbox_url) : systemClock;
    const venueClock = clock;

    const store = openStore(config.db);
    cleanup.push(() => store.close());
    const armed = readKillSwitch(store.db);
    if (armed) log().warn(`kill switch set since ${armed.since} (${armed.reason}); recording places no orders, so it records; a new pm-arb stop ends it`);

    let stopReason: string | undefined;
    let failure: Error | undefined;
    let stopped!: (reason: string) => void;
    const stopping = new Promise<string>((resolveStop) => (stopped = resolveStop));
    const stop = (reason: string) => {
      if (stopReason !== undefined) return;
      stopReason = reason;
      stopped(reason);
    };

    const symbols = options.symbols.length > 0 ? options.symbols : [...KNOWN_SYMBOLS];
    const manifestOptions = recordedOptions(options, config, symbols);
    const writer = new RecordingWriter({
      dir,
      now: () => venueClock.now(),
      clock: config.sandbox_url ? "sandbox" : "system",
      speed: venueClock.speed,
      options: manifestOptions,
      maxBytes: options.maxBytes,
      onFull: (reason) => stop(reason),
      onError: (error) => {
        failure ??= error;
        stop(`write failed: ${error.message}`);
      },
    });
    writer.event({ event: "start", options: manifestOptions });
    writer.start();

    const common = { sink: writer, now: () => venueClock.now(), log: logger };
    const channel = new MarketFeed({ ...common, wsUrl: config.clob_ws_url, silenceMs: CHANNEL_SILENCE_MS });
    const feeds = [...spotFeeds(config, symbols, common), channel.feed];
    const follower = new MarketFollower({
      gammaUrl: config.gamma_url,
      clobUrl: config.clob_url,
      timeoutMs: Math.max(config.request_timeout_ms, 5_000),
      filter: { symbols: options.symbols, kinds: options.kinds, endsWithinMs: options.endsWithinMs },
      now: () => venueClock.now(),
      sink: writer,
      onTokens: (tokenIds) => channel.setAssets(tokenIds),
      log: logger,
    });
    for (const feed of feeds) feed.start();

    const timers: ReturnType<typeof setInterval>[] = [];
    cleanup.push(() => timers.forEach(clearInterval));
    const every = (ms: number, fn: () => void) => timers.push(setInterval(fn, ms));
    every(Math.max(1_000, options.discoverEveryMs / Math.max(1, venueClock.speed)), () => void follower.tick());
    every(KILL_POLL_MS, () => {
      const set = readKillSwitch(store.db);
      if (set && set.since !== armed?.since) stop(`pm-arb stop: ${set.reason}`);
    });
    every(PROGRESS_EVERY_MS, () => {
      const { lines, bytes, files } = writer.totals;
      log().info(`recorded ${lines} lines, ${bytes} bytes in ${files} file(s); following ${follower.size} market(s)`);
    });
    cleanup.push(installSignals((signal) => stop(`signal ${signal}`)));
    if (options.durationMs !== undefined) {
      const timer = setTimeout(() => stop(`--duration ${Math.round(options.durationMs! / 1000)}s elapsed`), options.durationMs);
      cleanup.push(() => clearTimeout(timer));
    }
    log().info(`recording to ${dir} (pid ${process.pid}); pm-arb stop (or Ctrl-C) ends it`);
    void follower.tick();

    const reason = await stopping;
    await Promise.all(feeds.map((feed) => feed.stop()));
    const manifest = writer.close(reason);
    emit(stamp("recording", recordingFields(dir, manifest)));
    if (failure) throw new RuntimeFailure(`recording stopped: ${(failure as Error).message}`);
    log().info(`recording stopped (${reason}): ${manifest.lines} lines, ${manifest.bytes} bytes in ${manifest.files.length} file(s)`);
    return 0;
  } finally {
    for (const fn of cleanup.reverse()) await Promise.resolve(fn()).catch(() => undefined);
  }
}
