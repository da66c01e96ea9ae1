/**
 * `pm-arb run`: wires the loop to the configuration, the store, the alerter, the venue and the
 * process (signals, --duration), or answers `--status` (and the `--alert-if-stale` watchdog).
 *
 * Mode: paper unless `--live`, exactly as `trade` decides (core/ledger/mode.ts `chooseMode`):
 * `paper_trading: true` in the file, `PM_ARB_PAPER_TRADING=true` or `PAPER_TRADING=true` force
 * paper at every start. A live loop takes the store lock for its mode,
 * the wallet's lock file and the trade engine's wallet lock, keeps the venue's heartbeat going, and
 * reconciles unresolved orders before placing anything. A paper intent left `pending` by a killed
 * loop is marked failed (its opportunity is never traded twice: the client order id is taken).
 *
 * `--sandbox` starts the built-in venue in-process (port 0, seeded, sped up) and points every
 * service at it. Against a sandbox, venue time runs `speed` times faster than real time, so every
 * age limit is stretched by `speed`: fresh means the same in real time.
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import { DEFAULT_HEARTBEAT_MS } from "../adapters/polymarket/execution/dead-man-switch.ts";
import { fetchBook } from "../adapters/polymarket/market-data/token-book.ts";
import type { ProviderName } from "../adapters/spot/types.ts";
import { isProviderName } from "../adapters/spot/types.ts";
import type { Venue, VenueSession } from "../adapters/venue.ts";
import { alerts } from "../alerts/catalog.ts";
import { alerterFromConfig } from "../alerts/from-config.ts";
import { ConfigError, PmArbError, RuntimeFailure } from "../cli/errors.ts";
import { log, writeStderr } from "../cli/log.ts";
import { type RecordEnvelope, stamp } from "../cli/output.ts";
import type { Env } from "../config/env.ts";
import { loadConfig } from "../config/load.ts";
import { previewValue } from "../config/preview.ts";
import type { Config } from "../config/schema.ts";
import { Decimal } from "../decimal.ts";
import { failPendingPaper, openPositions } from "../ledger/ledger.ts";
import { configuredMode } from "../ledger/mode.ts";
import type { Market } from "../model/market.ts";
import { DEFAULT_MAX_AGE_MS, oracleUrlsOf } from "../oracle/types.ts";
import { limitsFromConfig, type RiskLimits } from "../risk/limits.ts";
import { parseScanFlags, type ScanCommandOptions } from "../scan/options.ts";
import { openStore, type Store } from "../store/open.ts";
import { orders } from "../store/schema.ts";
import { followUserChannel } from "../trade/channel-fills.ts";
import { ordersToReconcile, reconcile } from "../trade/engine.ts";
import { holdLiveSession, openLiveSession } from "../trade/live-session.ts";
import { sandboxClock, systemClock, type VenueClock } from "../trade/venue-clock.ts";
import { readKillSwitch } from "./kill-switch.ts";
import { acquireStoreLock, acquireWalletLock } from "./lock.ts";
import { type LatencyProbe, type LoopSettings, RunLoop } from "./loop.ts";
import type { RunMode } from "./loop-heartbeat.ts";
import type { RunOptions, SandboxChoice } from "./options.ts";
import { paperVenue } from "./paper-venue.ts";
import { probedSession } from "./probed-session.ts";
import { sandboxReport } from "./sandbox-report.ts";
import { installSignals } from "./signals.ts";
import { DEFAULT_STALE_MS, loopStatuses, watchdog } from "./status.ts";
import { realTimers } from "./timers.ts";

type Emit = (record: RecordEnvelope & Record<string, unknown>) => void;

/**
 * The market `--sandbox` simulates: makers who see spot 3 s late (the venue's default lag), and
 * spot that now and then jumps (about 4 times an hour per symbol, 0.6% each) — the moves an
 * oracle-lag strategy exists for. Between jumps a 3 s lag is rarely worth more than the fee.
 */
export const SANDBOX_MARKET = { lagMs: 3_000, jumpsPerHour: 4, jumpSize: 0.006 } as const;

/** The in-process venue of `--sandbox` (run, record): that market, seeded and sped up, on a free port, and its clock. */
export async function startSandboxVenue(choice: SandboxChoice) {
  const { startInProcessSandbox } = await import("./start-sandbox.ts");
  const venue = await startInProcessSandbox({ seed: choice.seed, speed: choice.speed, ...SANDBOX_MARKET });
  log().info(`sandbox venue on ${venue.url} (seed ${choice.seed}, ${choice.speed}× time); no request leaves this machine`);
  return venue;
}

export type RunDeps = {
  env?: Env;
  /** Latency probes (bench/latency.ts). */
  probe?: LatencyProbe;
  /** Handed the loop once it exists (tests, the benchmark, the terminal's live view). */
  onLoop?: (loop: RunLoop) => void;
  /** The loop has stopped (before the closing words of a sandbox session). */
  onStopped?: () => void;
  /** Install SIGINT/SIGTERM handlers (default true; the benchmark drives stop() itself). */
  signals?: boolean;
};

const logger = { info: (m: string) => log().info(m), warn: (m: string) => log().warn(m), debug: (m: string) => log().debug(m) };

/** The loop on a terminal: short event lines above a live status block (core/run/live-view.ts) instead of records. */
export async function runOnTerminal(options: RunOptions): Promise<number> {
  const { LiveView } = await import("./live-view.ts");
  const view = new LiveView(process.stdout);
  try {
    return await runLoop(options, (record) => view.record(record), { onLoop: (loop) => view.watch(() => loop.snapshot()), onStopped: () => view.stop() });
  } finally {
    view.stop();
  }
}

/** `--status` (and the watchdog): returns the exit code. */
export async function runStatus(options: RunOptions, emit: Emit, env: Env): Promise<number> {
  const config = loadConfig({ configPath: options.configPath, env, overrides: options.overrides });
  const store = openStore(config.db);
  try {
    const statuses = loopStatuses(store.db, { now: new Date(), staleMs: options.alertIfStaleMs ?? DEFAULT_STALE_MS });
    for (const status of statuses) emit(stamp("status", status));
    if (options.alertIfStaleMs === undefined) return 0;
    const alerter = alerterFromConfig(config, { store: store.db, emit: (record) => emit(record as RecordEnvelope & Record<string, unknown>), log: logger });
    const unhealthy = await watchdog(statuses, alerter);
    await alerter.flush(10_000);
    return unhealthy ? 1 : 0;
  } finally {
    store.close();
  }
}

/** Markets of open positions (from their orders' intents), for settling windows that ended while no loop ran. */
function heldMarkets(store: Store, mode: "paper" | "live"): Market[] {
  const held = openPositions(store.db, mode);
  const byCondition = new Map<string, Market>();
  for (const position of held) {
    const order = store.db
      .select()
      .from(orders)
      .where(and(eq(orders.mode, mode), eq(orders.conditionId, position.conditionId)))
      .get();
    const end = Date.parse(String((order?.intent as { end?: unknown } | null)?.end ?? ""));
    if (!Number.isFinite(end)) continue;
    const market =
      byCondition.get(position.conditionId) ??
      ({ id: position.conditionId, condition_id: position.conditionId, slug: position.marketSlug ?? position.conditionId, end, outcomes: [] } as unknown as Market);
    market.outcomes.push({ label: position.outcome, token_id: position.tokenId });
    byCondition.set(position.conditionId, market);
  }
  return [...byCondition.values()];
}

type SettingsInput = {
  config: Config;
  mode: RunMode;
  scan: ScanCommandOptions;
  limits: RiskLimits;
  providers: ProviderName[];
  timeoutMs: number;
  /** Venue ms per real ms: every age limit is stretched by it. */
  stretch: number;
};

/** The loop's settings from the flags and the configuration (`run`, and `run --replay`). */
export function loopSettings(options: RunOptions, input: SettingsInput): LoopSettings {
  const { config, mode, scan, limits, providers, timeoutMs, stretch } = input;
  return {
    mode,
    scan: { ...scan, maxPriceAgeMs: scan.maxPriceAgeMs * stretch, maxBookAgeMs: scan.maxBookAgeMs * stretch },
    limits,
    orderType: options.partial ? "FAK" : "FOK",
    quiet: options.quiet,
    largeLoss: new Decimal(options.largeLoss),
    urls: { gamma: config.gamma_url, clob: config.clob_url, clobWs: config.clob_ws_url },
    timeoutMs,
    once: options.once,
    oracle: {
      providers,
      urls: oracleUrlsOf(config),
      timeouts: { requestMs: config.request_timeout_ms },
      ...(stretch > 1
        ? {
            // The oracle's own freshness limits, stretched to venue time.
            maxAgeMs: Object.fromEntries(Object.entries(DEFAULT_MAX_AGE_MS).map(([provider, ms]) => [provider, ms * stretch])),
            liveness: { minMs: 2_000 * stretch, maxMs: 30_000 * stretch, initialMs: 5_000 * stretch },
          }
        : {}),
    },
    intervals: {
      heartbeatMs: 2_000,
      killPollMs: 250,
      discoverMs: options.discoverEveryMs,
      summaryMs: options.summaryEveryMs,
      feedsMs: 500,
      expiryMs: 500,
      settleMs: 2_000,
      reconcileMs: 15_000,
    },
  };
}

/** The loop: returns the exit code (0 after a graceful stop). */
export async function runLoop(options: RunOptions, emit: Emit, deps: RunDeps = {}): Promise<number> {
  const env = deps.env ?? process.env;

  const cleanup: (() => void | Promise<void>)[] = [];
  const runCleanup = async () => {
    for (const fn of cleanup.reverse()) await Promise.resolve(fn()).catch(() => undefined);
  };
  try {
    let clock: VenueClock | undefined;
    const overrides: Record<string, unknown> = { ...options.overrides };
    if (options.providers) overrides.providers = options.providers.split(",").filter((name) => name !== "rtds");
    if (options.sandbox) {
      const venue = await startSandboxVenue(options.sandbox);
      cleanup.push(venue.stop);
      overrides.sandbox_url = venue.url;
      clock = venue.clock;
    }
    const { resolved, config, mode } = configuredMode(options, env, overrides);
    if (options.sandbox && resolved.sources.db === "default") {
      // A sandbox session starts over every time (same seed, same simulated start, same ids): it gets
      // a fresh store of its own, never the real paper or live book, nor another session's — in a
      // folder of this process's own, removed by this process alone when it ends.
      const dir = mkdtempSync(join(tmpdir(), `pm-arb-sandbox-${process.pid}-`));
      cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
      config.db = join(dir, "sandbox.sqlite");
      log().info(`sandbox store: ${config.db} (this session's own, removed when it ends; --db ${config.db} lets pm-arb run --status / stop / positions reach it meanwhile)`);
    }
    clock ??= config.sandbox_url ? await sandboxClock(config.sandbox_url) : systemClock;
    const stretch = Math.max(1, clock.speed);

    const scan = parseScanFlags(options.scanFlags, config);
    const limits = limitsFromConfig(config);
    limits.maxPriceAgeMs *= stretch;
    limits.maxBookAgeMs *= stretch;
    const timeoutMs = Math.max(config.request_timeout_ms, 5_000);
    const requested = (options.providers?.split(",").map((name) => name.trim()) ?? config.providers) as string[];
    for (const name of requested) if (!isProviderName(name)) throw new ConfigError("providers", `unknown provider ${previewValue(name)}`);
    const providers = [...new Set([...requested, "rtds"])] as ProviderName[];

    const store = openStore(config.db);
    cleanup.push(() => store.close());
    const kill = readKillSwitch(store.db);
    if (kill) throw new RuntimeFailure(`kill switch set since ${kill.since}: ${kill.reason}; no loop starts until a person re-arms it (pm-arb stop --clear)`);
    cleanup.push(acquireStoreLock(store, { mode, now: new Date(), staleMs: 30_000 }));

    const alerter = alerterFromConfig(config, { store: store.db, emit: (record) => emit(record as RecordEnvelope & Record<string, unknown>), log: logger });

    let loop: RunLoop | undefined;
    let venue: Venue;
    if (mode === "live") {
      let session: VenueSession;
      try {
        session = await openLiveSession(config, env, timeoutMs);
      } catch (error) {
        // Credentials the venue refuses (or that cannot be derived) stop a live start: critical.
        if (error instanceof ConfigError && error.key === "credentials") {
          alerter.raise(alerts.authFailure("clob", error.message));
          await alerter.flush(5_000);
        }
        throw error;
      }
      cleanup.push(acquireWalletLock(session.maker));
      // The venue's dead-man deadline runs in venue time: a sped-up sandbox needs beats as often in its time.
      const held = holdLiveSession(store, session, { intervalMs: DEFAULT_HEARTBEAT_MS / stretch, onError: (message) => log().warn(`venue heartbeat: ${message}`), alerter });
      cleanup.push(() => held.release());
      // The latency probes see the preparation, the signing and the post; without probes, the session itself.
      const probed = deps.probe ? probedSession(session, deps.probe, (id) => loop?.tickStartByOrder(id)) : session;
      // A post lost in flight is a real-time matter: a sped-up venue's grace is stretched like the ages.
      venue = { mode: "live", session: probed, settleTimeoutMs: 10_000, pollMs: 250, absentGraceMs: config.absent_grace_ms * stretch };
      log().warn(`LIVE trading: signer ${session.signer}, funds held by ${session.maker}, API key ${session.apiKey}`);
    } else {
      venue = paperVenue({
        // The latency is venue time: against a sped-up sandbox the market moves `stretch` times faster meanwhile.
        latencyMs: options.latencyMs / stretch,
        timers: realTimers,
        liveBook: (tokenId) => loop?.channel?.book(tokenId),
        fetchBook: (tokenId) => fetchBook(config.clob_url, tokenId, timeoutMs),
        onSent: (tokenId) => {
          const market = loop?.universe.ofToken(tokenId);
          const t0 = market ? loop?.tickStart(market.condition_id) : undefined;
          if (t0 !== undefined) deps.probe?.orderSent?.(performance.now() - t0);
        },
      });
    }

    const now = () => new Date(clock!.now());
    if (venue.mode === "live") {
      // From before the first order: fills as the venue reports them, REST reconciliation the fallback.
      const fills = followUserChannel({ store, limits, orderType: options.partial ? "FAK" : "FOK", venue, now, alerter }, { wsUrl: config.clob_ws_url, log: logger });
      cleanup.push(() => fills.stop());
    }
    if (mode === "paper") {
      // Their exposure is freed; their opportunities are never traded twice (the client order id is taken).
      const failed = failPendingPaper(store, "the loop stopped before this paper order was filled; not retried", now()).length;
      if (failed > 0) log().info(`${failed} paper intent(s) left pending by an earlier loop marked failed`);
    } else {
      const unresolved = ordersToReconcile(store, "live");
      if (unresolved.length > 0) {
        log().info(`reconciling ${unresolved.length} unresolved live order(s) before placing anything`);
        await reconcile({ store, limits, orderType: options.partial ? "FAK" : "FOK", venue, now, alerter }, unresolved);
      }
    }

    const settings = loopSettings(options, { config, mode, scan, limits, providers, timeoutMs, stretch });
    const klines = async (symbol: string, query: { startTime?: number; endTime?: number; limit: number }) => {
      const { fetchKlines } = await import("../adapters/spot/binance.ts");
      return fetchKlines(config.binance_url, symbol, { interval: "1m", ...query, timeoutMs });
    };
    loop = new RunLoop(settings, { store, clock, alerter, emit, venue, klines, log: logger, probe: deps.probe });
    deps.onLoop?.(loop);
    loop.settleBacklog(heldMarkets(store, mode).filter((market) => market.end <= clock!.now()));

    const current = loop;
    if (deps.signals !== false) cleanup.push(installSignals((signal) => current.stop(`signal ${signal}`)));
    if (options.durationMs !== undefined) {
      const timer = setTimeout(() => current.stop(`--duration ${Math.round(options.durationMs! / 1000)}s elapsed`), options.durationMs);
      cleanup.push(() => clearTimeout(timer));
    }
    log().info(`${mode} loop started (pid ${process.pid}); pm-arb stop (or Ctrl-C) stops it gracefully`);
    try {
      const reason = await current.run();
      deps.onStopped?.();
      log().info(`${mode} loop stopped: ${reason}`);
    } catch (error) {
      current.crashed(error as Error);
      alerter.raise(alerts.loopCrashed(mode, (error as Error).message));
      await alerter.flush(5_000);
      throw error instanceof PmArbError ? error : new RuntimeFailure(`run loop crashed: ${(error as Error).message}`);
    }
    const unreached = current.neverDiscovered;
    if (unreached) throw new RuntimeFailure(`no markets: every market discovery failed (${unreached}); is the network, or the venue at gamma_url, reachable?`);
    if (options.sandbox && !options.quiet) writeStderr(sandboxReport(current.snapshot(), options.sandbox, SANDBOX_MARKET, options.latencyMs));
    return 0;
  } finally {
    await runCleanup();
  }
}
