/**
 * The event-driven loop: feeds → per-symbol re-pricing → risk → executor → store.
 *
 * - Spot ticks arrive from the oracle's streams (REST fills gaps); each tick re-prices only its
 *   symbol's markets with the scan core, in-process (core/run/repricer.ts). A book update on the
 *   market channel re-prices its one market. Actionable opportunities go through the opportunity
 *   desk to the engine driver (risk guardian + executor), one order in flight per market.
 * - Discovery runs on a timer and adds windows as they open; windows are dropped the moment they
 *   end and their positions settled once the winner is known.
 * - Feeds are watched for data; a market whose feeds are down is not traded (fail closed), with an
 *   alert. The lag of the books behind spot is measured per symbol and series.
 * - Live, what the store leaves open (uncertain orders, fills settling, "not placed" verdicts still
 *   watched for a late fill) is reconciled on a timer, not only when its market trades again.
 * - A heartbeat goes to the store every few seconds; the kill switch is polled. `stop()` (from
 *   `pm-arb stop`, a signal, `--duration`) stops new orders at once, waits for those in flight,
 *   reconciles live orders, writes a final summary and heartbeat, and closes every feed.
 */

import { MarketChannel } from "../adapters/polymarket/channels/market-channel.ts";
import type { Resolved } from "../adapters/polymarket/gamma/resolutions.ts";
import type { Venue } from "../adapters/venue.ts";
import type { Alerter } from "../alerts/alerter.ts";
import { alerts } from "../alerts/catalog.ts";
import type { RecordEnvelope } from "../cli/output.ts";
import { progress } from "../cli/progress.ts";
import type { Decimal } from "../decimal.ts";
import type { OrderType } from "../ledger/intent.ts";
import { type DiscoverOptions, discoverMarkets } from "../markets/discover.ts";
import { knownMarkets } from "../markets/token-markets.ts";
import type { Market, OrderBook } from "../model/market.ts";
import { createOracle, DEFAULT_MAX_AGE_MS, type Oracle, type OracleOptions } from "../oracle/oracle.ts";
import type { RiskLimits } from "../risk/limits.ts";
import { summaryFields } from "../risk/summary.ts";
import type { ScanCommandOptions } from "../scan/options.ts";
import type { KlinesFn } from "../scan/sources.ts";
import type { Store } from "../store/open.ts";
import type { VenueClock } from "../trade/venue-clock.ts";
import type { OpenSocket } from "../ws/reconnecting-socket.ts";
import { EngineDriver } from "./engine-driver.ts";
import { FeedWatch } from "./feeds.ts";
import { readKillSwitch } from "./kill-switch.ts";
import { LagTracker } from "./lag.ts";
import type { LiveSnapshot } from "./live-view.ts";
import { type HeartbeatValue, type RunMode, thisHost, writeHeartbeat } from "./loop-heartbeat.ts";
import { ModelInputs } from "./model-inputs.ts";
import { OpportunityDesk } from "./opportunity-desk.ts";
import { Repricer } from "./repricer.ts";
import { Settlements } from "./settlement.ts";
import { SummaryReport } from "./summary-report.ts";
import { realTimers, type Timers } from "./timers.ts";
import { Universe } from "./universe.ts";

export type LoopSettings = {
  mode: RunMode;
  /** scan's options (which markets, how priced), the ages stretched to venue time. */
  scan: ScanCommandOptions;
  limits: RiskLimits;
  orderType: OrderType;
  quiet: boolean;
  largeLoss: Decimal;
  urls: { gamma: string; clob: string; clobWs: string };
  timeoutMs: number;
  oracle: Omit<OracleOptions, "now" | "log">;
  /** One full cycle (REST prices and books, scan, trade, settle) and stop: `--once`. */
  once: boolean;
  /** Real ms, except `discoverMs` (venue time between discoveries). */
  intervals: { heartbeatMs: number; killPollMs: number; discoverMs: number; summaryMs: number; feedsMs: number; expiryMs: number; settleMs: number; reconcileMs: number };
};

export type LatencyProbe = {
  /** Tick → a new opportunity (ms). */
  opportunity?(ms: number): void;
  /** Tick → the order leaving pm-arb: posted (live) or handed to the paper executor (ms). */
  orderSent?(ms: number): void;
  /** Named stages along the way (the benchmark's breakdown). */
  stage?(name: string, ms: number): void;
};

/** Where the loop's market data comes from when it is not the venue over the network (a replay). */
type LoopSources = {
  /** The markets open as of `query.at` (default: Gamma and the CLOB's market info). */
  discover(query: DiscoverOptions): Promise<Market[]>;
  /** Winners of these markets known now (default: Gamma's resolved rows). */
  resolutions(conditionIds: readonly string[]): Promise<Map<string, Resolved>>;
  /** The market channel's socket and book snapshots. */
  openSocket: OpenSocket;
  snapshot(tokenIds: string[]): Promise<{ books: Map<string, OrderBook>; problems: string[] }>;
};

export type LoopDeps = {
  store: Store;
  clock: VenueClock;
  alerter: Alerter;
  emit: (record: RecordEnvelope & Record<string, unknown>) => void;
  venue: Venue;
  klines: KlinesFn;
  log: { info(message: string): void; warn(message: string): void; debug(message: string): void };
  probe?: LatencyProbe;
  /** What paces the loop (default real time; a replay's virtual clock). */
  timers?: Timers;
  sources?: LoopSources;
  /** Named in the loop_started alert (default this process's). */
  pid?: number;
};

const SYMBOLS_DEFAULT = ["BTC", "ETH", "SOL", "XRP"];

export class RunLoop {
  readonly universe = new Universe();
  readonly lag: LagTracker;
  readonly engine: EngineDriver;
  oracle?: Oracle;
  channel?: MarketChannel;
  private readonly model: ModelInputs;
  private readonly feeds: FeedWatch;
  private readonly settlements: Settlements;
  private readonly heartbeat: HeartbeatValue;
  private readonly desk: OpportunityDesk;
  private readonly repricer: Repricer;
  private readonly summary: SummaryReport;
  private readonly timers: Timers;
  private readonly cancels: (() => void)[] = [];
  private stopping?: string;
  private stopRequested!: (reason: string) => void;
  private readonly stopSignal = new Promise<string>((resolve) => (this.stopRequested = resolve));
  private discovering = false;
  /** Why discovery failed, until one succeeds (then undefined for good). */
  private discoveryFailure?: string;
  private discovered = false;
  private lastDiscovery = 0;
  private channelReason = "connecting";
  /** Per stream feed: quotes counted at the last look, and when (real time) the count last grew. */
  private readonly streamQuotes: Record<string, number> = {};
  private readonly streamLast: Record<string, number | undefined> = {};

  constructor(
    private readonly settings: LoopSettings,
    private readonly deps: LoopDeps,
  ) {
    this.timers = deps.timers ?? realTimers;
    const startedAt = new Date().toISOString();
    this.heartbeat = {
      pid: process.pid,
      host: thisHost(),
      mode: settings.mode,
      started_at: startedAt,
      beat_at: startedAt,
      symbols: [],
      markets: 0,
      counts: { ticks: 0, book_updates: 0, opportunities: 0, decisions: 0, orders: 0, fills: 0, settled: 0, alerts: 0 },
      feeds: {},
      lag: [],
    };
    // Venue time: against a sped-up sandbox the lag reads in the venue's seconds, as it would live.
    this.lag = new LagTracker({ maxMs: 120_000 });
    this.model = new ModelInputs({ klines: deps.klines, vol: settings.scan.vol, volFloor: settings.scan.volFloor, warn: (m) => deps.log.warn(m) });
    const streams = settings.oracle.providers.filter((provider) => provider === "binance" || provider === "coinbase");
    this.feeds = new FeedWatch({
      spotStreams: streams,
      maxQuoteAgeMs: (provider) => settings.oracle.maxAgeMs?.[provider as "binance"] ?? DEFAULT_MAX_AGE_MS[provider as "binance"] ?? 5_000,
      settlement: settings.oracle.providers.includes("rtds"),
      raise: (alert) => this.raise(alert),
      nowIso: () => new Date(this.timers.now()).toISOString(),
      dependents: (feed) => (feed === "settlement" ? this.universe.all().filter((m) => m.resolution.source === "chainlink").length : this.universe.size),
    });
    this.settlements = new Settlements({
      store: deps.store,
      mode: settings.mode,
      gammaUrl: settings.urls.gamma,
      timeoutMs: settings.timeoutMs,
      now: () => deps.clock.now(),
      resolve: deps.sources?.resolutions,
      checkEveryMs: 10_000 * Math.max(1, deps.clock.speed),
      giveUpMs: 6 * 3_600_000,
      onSettled: (settled) => {
        this.engine.noteEquity();
        this.heartbeat.counts.settled++;
        this.raise(alerts.settled({ mode: settings.mode, slug: settled.market.slug, outcome: settled.position.outcome, pnl: settled.pnl, tokenId: settled.position.tokenId }));
        if (settled.pnl.lt(settings.largeLoss.neg())) this.raise(alerts.largeLoss(settled.market.slug, settled.pnl, settings.largeLoss, settings.mode));
      },
      onProblem: (problem) => deps.log.debug(problem),
    });
    this.engine = new EngineDriver({
      store: deps.store,
      mode: settings.mode,
      limits: settings.limits,
      orderType: settings.orderType,
      venue: deps.venue,
      markets: knownMarkets((tokenId) => this.universe.ofToken(tokenId)?.condition_id, "run discovered"),
      now: () => deps.clock.now(),
      alerter: deps.alerter,
      emit: deps.emit,
      quiet: settings.quiet,
      log: deps.log,
    });
    this.desk = new OpportunityDesk({
      mode: settings.mode,
      store: deps.store,
      engine: this.engine,
      quiet: settings.quiet,
      emit: deps.emit,
      market: (id) => this.universe.get(id),
      tradable: (market) => {
        const fresh = this.oracle?.current(market.symbol) !== undefined;
        if (settings.once) return fresh ? { ok: true } : { ok: false, reason: `no fresh ${market.symbol} price` };
        return this.feeds.tradable(market, fresh);
      },
      stopping: () => this.stopping !== undefined,
      onFirstSight: (ms) => {
        this.heartbeat.counts.opportunities++;
        this.heartbeat.last_opportunity_at = new Date().toISOString();
        deps.probe?.opportunity?.(ms);
      },
      onTraded: (outcome) => {
        const stats = this.engine.stats;
        this.heartbeat.counts.decisions = stats.decisions;
        this.heartbeat.counts.orders = stats.orders;
        this.heartbeat.counts.fills = stats.fills;
        if (stats.lastOrderAt) this.heartbeat.last_order_at = new Date(stats.lastOrderAt).toISOString();
        if (stats.lastOrder) this.heartbeat.last_order = stats.lastOrder;
        if (outcome?.kind === "risk_rejected" && outcome.decision.reasons.some((reason) => reason.code === "kill_switch")) this.pollKillSwitch();
      },
      log: deps.log,
      noteError: (message) => this.noteError(message),
    });
    this.repricer = new Repricer({
      scan: settings.scan,
      universe: this.universe,
      model: this.model,
      desk: this.desk,
      lag: this.lag,
      clock: deps.clock,
      heartbeat: this.heartbeat,
      oracle: () => this.oracle,
      stopping: () => this.stopping !== undefined,
    });
    this.summary = new SummaryReport({
      store: deps.store,
      mode: settings.mode,
      limits: settings.limits,
      quiet: settings.quiet,
      now: () => deps.clock.now(),
      emit: deps.emit,
      raise: (alert) => this.raise(alert),
      noteError: (message) => this.noteError(message),
    });
  }

  /** Tick time behind the order in flight for a market / by client order id (the latency probes). */
  tickStart(conditionId: string): number | undefined {
    return this.desk.tickStart(conditionId);
  }

  tickStartByOrder(clientOrderIdHex: string): number | undefined {
    return this.desk.tickStartByOrder(clientOrderIdHex);
  }

  private raise(alert: Parameters<Alerter["raise"]>[0]): void {
    const outcome = this.deps.alerter.raise(alert);
    if (outcome.status !== "suppressed") this.heartbeat.counts.alerts++;
  }

  /** Asks the loop to stop (idempotent); `run()` then finishes the shutdown and resolves. */
  stop(reason: string): void {
    if (this.stopping) return;
    this.stopping = reason;
    this.stopRequested(reason);
  }

  get stopReason(): string | undefined {
    return this.stopping;
  }

  /** What a person watching sees (core/run/live-view.ts): the heartbeat's counts and feeds, P&L from the store. */
  snapshot(): LiveSnapshot {
    const { clock, store } = this.deps;
    let pnl: LiveSnapshot["pnl"];
    try {
      pnl = summaryFields(store.db, this.settings.mode, this.settings.limits, new Date(clock.now()));
    } catch (error) {
      this.noteError(`live status: ${(error as Error).message}`);
    }
    const hb = this.heartbeat;
    return {
      mode: this.settings.mode,
      venueNow: clock.now(),
      speed: clock.speed,
      upMs: Date.now() - Date.parse(hb.started_at),
      markets: this.universe.size,
      feeds: hb.feeds,
      counts: hb.counts,
      ...(pnl ? { pnl } : {}),
    };
  }

  /** The venue was never reached: every discovery failed (the last error), none succeeded. */
  get neverDiscovered(): string | undefined {
    return this.discovered ? undefined : this.discoveryFailure;
  }

  /** Runs until `stop()`; resolves after a clean shutdown. Throws only on a start-up failure. */
  async run(): Promise<string> {
    this.beat();
    this.raise(alerts.loopStarted(this.settings.mode, this.deps.pid ?? process.pid));
    await this.discover(true);
    if (this.stopping) return this.shutdown();
    const symbols = this.settings.scan.symbols.length > 0 ? this.settings.scan.symbols : [...new Set([...SYMBOLS_DEFAULT, ...this.universe.symbols()])];
    this.heartbeat.symbols = symbols;
    const clock = this.deps.clock;
    this.oracle = createOracle({
      ...this.settings.oracle,
      now: () => clock.now(),
      log: { warn: (m) => this.deps.log.debug(m), info: (m) => this.deps.log.debug(m), debug: (m) => this.deps.log.debug(m) },
    });
    if (this.settings.once) return this.cycle(symbols);
    this.channel = new MarketChannel({
      wsUrl: this.settings.urls.clobWs,
      clobUrl: this.settings.urls.clob,
      timeoutMs: this.settings.timeoutMs,
      now: () => this.timers.now(),
      openSocket: this.deps.sources?.openSocket,
      snapshot: this.deps.sources?.snapshot,
      onBook: (tokenId, book) => this.repricer.onBook(tokenId, book),
      onResolved: (conditionId, winner) => this.settlements.resolved(conditionId, winner),
      onTickSize: (tokenId, tick) => {
        const market = this.universe.ofToken(tokenId);
        if (market) market.tick_size = tick;
      },
      onState: (state, reason) => {
        this.channelReason = reason;
        if (state !== "up") this.deps.log.debug(`market channel ${state}: ${reason}`);
      },
      onProblem: (problem) => this.deps.log.debug(problem),
    });
    this.channel.setAssets(this.universe.tokens());
    this.channel.start();
    this.oracle.startStreams(symbols, (price) => this.repricer.onTick(price));

    const every = (ms: number, fn: () => void) => this.cancels.push(this.timers.every(Math.max(10, ms), fn));
    const { intervals } = this.settings;
    every(intervals.heartbeatMs, () => this.beat());
    every(intervals.killPollMs, () => this.pollKillSwitch());
    every(intervals.feedsMs, () => this.watchFeeds());
    every(intervals.expiryMs, () => this.expire());
    every(intervals.settleMs, () => void this.settlements.poll());
    if (this.settings.mode === "live") every(intervals.reconcileMs, () => void this.engine.reconcileOutstanding());
    every(Math.max(1_000, intervals.discoverMs / Math.max(1, clock.speed)), () => void this.discover(false));
    every(intervals.summaryMs, () => this.summary.write());
    every(1_000, () => void this.loadMissingReferences());
    this.watchFeeds();
    this.pollKillSwitch();

    await this.stopSignal;
    return this.shutdown();
  }

  /** `--once`: REST prices, the discovered books, one scan of every market, trades, settlements. */
  private async cycle(symbols: string[]): Promise<string> {
    const t0 = performance.now();
    await this.oracle!.refresh(symbols).catch((error) => this.noteError(`prices: ${(error as Error).message}`));
    this.expire();
    for (const symbol of this.universe.symbols()) if (!this.stopping) this.repricer.reprice(this.universe.ofSymbol(symbol), t0);
    await this.desk.settle();
    await this.settlements.poll();
    this.deps.log.info(this.onceReport());
    if (!this.stopping) this.stop("one cycle done (--once)");
    return this.shutdown();
  }

  /** What one `--once` cycle did, and why it traded nothing when it did not: said at every verbosity but --quiet. */
  private onceReport(): string {
    const { opportunities, orders } = this.heartbeat.counts;
    const head = `one cycle: ${this.universe.size} market(s) priced, ${opportunities} opportunit${opportunities === 1 ? "y" : "ies"}, ${orders} order(s)`;
    if (this.discoveryFailure) return head;
    if (this.universe.size === 0) return `${head}; nothing traded: no open market matched --symbols, --kinds and --ends-within`;
    if (opportunities === 0) return `${head}; nothing traded: no outcome's net edge after the fee reached ${this.settings.scan.minEdge.toString()} (--min-edge)`;
    const reasons = [...this.desk.notTraded].map(([reason, count]) => `${reason} (${count})`).join("; ");
    if (orders > 0) return reasons ? `${head}; not traded: ${reasons}` : head;
    return `${head}; nothing traded: ${reasons || "no opportunity reached the engine"}`;
  }

  /** Markets with open positions whose window has already ended (from before a restart). */
  settleBacklog(ended: Market[]): void {
    for (const market of ended) this.settlements.expired(market);
  }

  /** Discovery now, off its timer (a replay, when the recording brings new Gamma rows). */
  discoverNow(): Promise<void> {
    return this.discover(false);
  }

  private async discover(first: boolean): Promise<void> {
    if (this.discovering || this.stopping) return;
    this.discovering = true;
    // The first discovery pages through every open market before anything is priced: its progress is shown.
    const bar = first && !this.deps.sources ? progress("discovery") : undefined;
    try {
      await this.deps.clock.resync?.();
      const now = this.deps.clock.now();
      const query = { at: now, symbols: this.settings.scan.symbols, kinds: this.settings.scan.kinds, endsWithinMs: this.settings.scan.endsWithinMs, books: this.settings.once };
      const found = this.deps.sources
        ? await this.deps.sources.discover(query)
        : (
            await discoverMarkets(query, {
              gammaUrl: this.settings.urls.gamma,
              clobUrl: this.settings.urls.clob,
              timeoutMs: this.settings.timeoutMs,
              now,
              onProgress: bar && ((page) => bar.update(`${page.pages} Gamma pages, ${page.rows} market rows so far`)),
            })
          ).markets;
      const change = this.universe.merge(found, now);
      this.discovered = true;
      this.discoveryFailure = undefined;
      this.heartbeat.markets = this.universe.size;
      if (change.added.length > 0) {
        this.channel?.setAssets(this.universe.tokens());
        this.deps.log.debug(`discovery: ${change.added.length} new window(s), ${this.universe.size} tracked`);
      }
      const refreshVol = first || now - this.lastDiscovery > 10 * 60_000;
      this.lastDiscovery = now;
      await this.model.load(first || refreshVol ? this.universe.all() : this.model.missing(this.universe.all(), now), now, refreshVol);
    } catch (error) {
      this.noteError(`discovery: ${(error as Error).message}`);
      if (!this.discovered) this.discoveryFailure = (error as Error).message;
      if (first && !this.settings.once) this.deps.log.warn(`discovery failed (${(error as Error).message}); retrying on the timer`);
    } finally {
      bar?.done();
      this.discovering = false;
    }
  }

  private async loadMissingReferences(): Promise<void> {
    if (this.stopping) return;
    const now = this.deps.clock.now();
    const missing = this.model.missing(this.universe.all(), now);
    if (missing.length > 0) await this.model.load(missing, now, false).catch((error) => this.noteError(`references: ${(error as Error).message}`));
  }

  /** Venue time now (the benchmark samples memory against it). */
  venueNow(): number {
    return this.deps.clock.now();
  }

  private expire(): void {
    const now = this.deps.clock.now();
    const removed = this.universe.expire(now);
    if (removed.length === 0) return;
    this.heartbeat.markets = this.universe.size;
    this.channel?.setAssets(this.universe.tokens());
    this.model.prune(this.universe.all());
    for (const market of removed) {
      this.lag.forget(market.id);
      this.desk.forget(market.condition_id);
      this.settlements.expired(market);
    }
  }

  /** A stream's `last_data_at` is when its count of delivered quotes last grew (seen every feeds check). */
  private noteStreamData(oracle: Oracle): void {
    const streams = [
      ...this.settings.oracle.providers.filter((provider) => provider !== "rtds").map((provider) => [`spot:${provider}`, provider] as const),
      ["settlement", "rtds"] as const,
    ];
    for (const [feed, provider] of streams) {
      const quotes = oracle.stream(provider)?.stats.quotes ?? 0;
      if (quotes <= (this.streamQuotes[feed] ?? 0)) continue;
      this.streamQuotes[feed] = quotes;
      this.streamLast[feed] = this.timers.now();
    }
  }

  private watchFeeds(): void {
    if (!this.oracle || !this.channel) return;
    this.noteStreamData(this.oracle);
    const health = this.oracle.health();
    const providers = Object.fromEntries(Object.entries(health).map(([name, value]) => [name, { status: value.status, lastError: value.lastError }]));
    this.feeds.update(
      {
        streams: this.oracle.streamStates(),
        streamAges: this.oracle.streamQuoteAges(),
        channel: this.channel.state,
        channelReason: this.channelReason,
        channelSilent: this.channel.silent,
        providers,
      },
      { market: this.channel.lastDataAt || undefined, ...this.streamLast },
    );
    this.heartbeat.feeds = this.feeds.snapshot();
  }

  private pollKillSwitch(): void {
    try {
      const kill = readKillSwitch(this.deps.store.db);
      if (kill && !this.stopping) {
        this.deps.log.warn(`kill switch set since ${kill.since}: ${kill.reason}; stopping`);
        this.stop(`kill switch: ${kill.reason}`);
      }
    } catch (error) {
      this.noteError(`kill switch: ${(error as Error).message}`);
    }
  }

  private noteError(message: string): void {
    this.heartbeat.last_error = { at: new Date().toISOString(), message };
    this.deps.log.debug(message);
  }

  private beat(extra: Partial<HeartbeatValue> = {}): void {
    this.heartbeat.beat_at = new Date().toISOString();
    this.heartbeat.lag = this.lag.summary();
    Object.assign(this.heartbeat, extra);
    try {
      writeHeartbeat(this.deps.store.db, this.heartbeat, new Date());
    } catch (error) {
      this.deps.log.warn(`heartbeat: ${(error as Error).message}`);
    }
    this.engine.noteEquity();
  }

  /** Stops new orders (already true), waits for those in flight, closes feeds, final summary and heartbeat. */
  private async shutdown(): Promise<string> {
    const reason = this.stopping ?? "stopped";
    for (const cancel of this.cancels) cancel();
    await this.desk.settle();
    await Promise.allSettled([this.oracle?.close(), this.channel?.stop()]);
    this.desk.flush();
    this.summary.write();
    this.beat({ stopped_at: new Date().toISOString(), stop_reason: reason });
    this.raise(alerts.loopStopped(this.settings.mode, reason));
    await this.deps.alerter.flush(3_000);
    return reason;
  }

  /** Marks the heartbeat crashed (the caller alerts and exits non-zero). */
  crashed(error: Error): void {
    for (const cancel of this.cancels) cancel();
    this.heartbeat.last_error = { at: new Date().toISOString(), message: error.message };
    this.beat({ stopped_at: new Date().toISOString(), stop_reason: `crashed: ${error.message}`, crashed: true });
  }
}
