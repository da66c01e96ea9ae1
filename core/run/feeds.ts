/**
 * Data liveness and fail-closed trading. Feeds:
 * - `spot:<provider>` — the exchange streams (Binance, Coinbase): every market of a symbol depends
 *   on at least one of them delivering (REST alone is too slow to trade a lag on), plus a fresh
 *   oracle price for the symbol;
 * - `settlement` — the RTDS Chainlink stream: Chainlink-settled windows depend on it;
 * - `market` — the CLOB market channel: every market depends on it (its books).
 * Each feed is judged by data (the stream managers and the channel replace silent sockets; here a
 * feed is down while its socket is not `up`, and the market channel also while it has received
 * nothing for longer than its silence limit: a silent socket's replacement is `up` until found
 * silent too). A spot stream that is connected and delivering but whose every symbol's newest
 * quote is older than the provider's maximum age is frozen: down too.
 * A transition raises `feed_down` (high) or `feed_restored` (low); REST providers that trip their health (429, 451, 5xx, garbage) raise
 * `venue_errors`. Pure bookkeeping over snapshots handed in by the loop.
 */

import { alerts } from "../alerts/catalog.ts";
import type { AlertInput } from "../alerts/types.ts";
import type { Market } from "../model/market.ts";
import type { FeedHealth } from "./loop-heartbeat.ts";

export type FeedSnapshot = {
  /** Stream provider → socket state (oracle.streamStates()), rtds included when on. */
  streams: Record<string, string>;
  /** The market channel's state. */
  channel: string;
  /** Why the channel is in that state (last reason seen). */
  channelReason?: string;
  /** The channel has received nothing for longer than its silence limit (MarketChannel.silent): down, even while a socket is open. */
  channelSilent?: boolean;
  /** Newest stream quote age per provider and symbol (oracle.streamQuoteAges()), venue ms. */
  streamAges?: Record<string, Record<string, number>>;
  /** REST provider health (oracle.health()): provider → {status, lastError}. */
  providers: Record<string, { status: string; lastError?: string }>;
};

export type Tradability = { ok: true } | { ok: false; reason: string };

export class FeedWatch {
  private readonly feeds = new Map<string, FeedHealth>();
  private readonly providerStatus = new Map<string, string>();
  constructor(
    private readonly options: {
      /** Exchange stream providers configured (binance, coinbase); empty: prices come from REST only. */
      spotStreams: readonly string[];
      /** Oldest quote (venue ms) a stream may hold before it counts as frozen, per provider. */
      maxQuoteAgeMs: (provider: string) => number;
      settlement: boolean;
      raise: (alert: AlertInput) => void;
      /** Real time, ISO, for `since`. */
      nowIso: () => string;
      /** Markets depending on a feed (for the alert text). */
      dependents: (feed: string) => number;
    },
  ) {}

  private frozen(provider: string, ages: Record<string, number> | undefined): boolean {
    const values = Object.values(ages ?? {});
    return values.length > 0 && values.every((age) => age > this.options.maxQuoteAgeMs(provider));
  }

  /** Feed states for the heartbeat. */
  snapshot(): Record<string, FeedHealth> {
    return Object.fromEntries([...this.feeds].map(([name, health]) => [name, { ...health, markets: this.options.dependents(name) }]));
  }

  get(name: string): FeedHealth | undefined {
    return this.feeds.get(name);
  }

  /** Folds a new snapshot in; raises alerts on transitions. */
  update(snapshot: FeedSnapshot, lastData: Record<string, number | undefined> = {}): void {
    for (const provider of this.options.spotStreams) {
      const state = snapshot.streams[provider] ?? "down";
      if (state === "up" && this.frozen(provider, snapshot.streamAges?.[provider]))
        this.set(`spot:${provider}`, "down", `${provider} stream frozen: connected, but its prices are stale`, lastData[`spot:${provider}`]);
      else this.set(`spot:${provider}`, state, `${provider} stream ${snapshot.streams[provider] ?? "not started"}`, lastData[`spot:${provider}`]);
    }
    if (this.options.settlement) this.set("settlement", snapshot.streams.rtds ?? "down", `RTDS settlement stream ${snapshot.streams.rtds ?? "not started"}`, lastData.settlement);
    if (snapshot.channel === "up" && snapshot.channelSilent)
      this.set("market", "down", "market channel silent: sockets open, but nothing received, not even PONG", lastData.market);
    else this.set("market", snapshot.channel, snapshot.channelReason ?? `market channel ${snapshot.channel}`, lastData.market);
    // "Other providers are used" is said only while one is answering (a healthy provider), never when all fail.
    const answering = Object.entries(snapshot.providers)
      .filter(([, health]) => health.status === "healthy")
      .map(([provider]) => provider);
    for (const [provider, health] of Object.entries(snapshot.providers)) {
      const previous = this.providerStatus.get(provider) ?? "healthy";
      this.providerStatus.set(provider, health.status);
      const bad = health.status === "cooling" || health.status === "backoff" || health.status === "disabled";
      const wasBad = previous === "cooling" || previous === "backoff" || previous === "disabled";
      if (bad && !wasBad) {
        const what = health.status === "disabled" ? "disabled for this session" : health.status === "backoff" ? "rate-limited, backing off" : "marked unhealthy, cooling down";
        const others =
          answering.length > 0
            ? `other providers are used (${answering.join(", ")})`
            : `all ${Object.keys(snapshot.providers).length} price providers are failing (${Object.keys(snapshot.providers).join(", ")}): no spot price from REST`;
        this.options.raise(alerts.venueErrors(provider, 1, `${health.lastError ?? "failing"} — ${what}; ${others}`));
      }
    }
  }

  private set(name: string, state: string, reason: string, lastDataAt: number | undefined): void {
    const status: FeedHealth["status"] = state === "up" ? "up" : state === "connecting" ? "connecting" : "down";
    const previous = this.feeds.get(name);
    const last = lastDataAt ? { last_data_at: new Date(lastDataAt).toISOString() } : {};
    // connecting after down is still down for trading purposes, and for alerts.
    const effective: FeedHealth["status"] = status === "connecting" && previous && previous.status !== "up" ? "down" : status;
    if (previous?.status === effective) {
      Object.assign(previous, last);
      return;
    }
    const since = this.options.nowIso();
    const downs = (previous?.downs ?? 0) + (effective === "down" && previous?.status === "up" ? 1 : 0);
    this.feeds.set(name, { status: effective, since, downs, ...(effective === "up" ? {} : { reason }), ...last });
    if (!previous) return;
    if (effective === "down" && previous.status === "up") this.options.raise(alerts.feedDown(name, reason, this.options.dependents(name)));
    if (effective === "up" && previous.status === "down") this.options.raise(alerts.feedRestored(name, Date.parse(since) - Date.parse(previous.since)));
  }

  /** Whether a market may be traded now, as far as its data feeds go. */
  tradable(market: Market, hasFreshPrice: boolean): Tradability {
    const channel = this.feeds.get("market");
    if (channel?.status !== "up") return { ok: false, reason: "market channel down" };
    if (this.options.spotStreams.length > 0 && !this.options.spotStreams.some((provider) => this.feeds.get(`spot:${provider}`)?.status === "up"))
      return { ok: false, reason: "every spot stream is down" };
    if (!hasFreshPrice) return { ok: false, reason: `no fresh ${market.symbol} price` };
    if (this.options.settlement && market.resolution.source === "chainlink" && this.feeds.get("settlement")?.status !== "up")
      return { ok: false, reason: "settlement stream down" };
    return { ok: true };
  }
}
