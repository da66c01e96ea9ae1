/**
 * Which markets a recording follows, and their Gamma rows. Every period it discovers markets as
 * `run` does (same filters); for each market first seen it fetches and records its Gamma row
 * (a `/markets?condition_ids=…` body), and hands the followed markets' tokens to the market
 * channel. After a market's end it asks Gamma for it every period (`closed=true`: Gamma lists
 * closed rows only when asked) until a resolved row comes back; that response is recorded and the
 * market is dropped. A market still unresolved `resolveWithinMs` after its end is given up.
 */

import { Decimal } from "../decimal.ts";
import { fetchJson } from "../http/fetch-json.ts";
import { discoverMarkets } from "../markets/discover.ts";
import type { Market, MarketKind } from "../model/market.ts";
import { parseStringArray } from "../safe-parse.ts";

/** Condition ids per Gamma request: keeps the URL well under common limits. */
const BATCH = 50;
const RESOLVE_WITHIN_MS = 6 * 3_600_000;

type FollowerSink = {
  value(src: string, msg: unknown): void;
  event(fields: { event: string } & Record<string, unknown>): void;
};

export type FollowerOptions = {
  gammaUrl: string;
  clobUrl: string;
  timeoutMs: number;
  filter: { symbols: string[]; kinds: MarketKind[]; endsWithinMs?: number };
  /** Venue time (ms). */
  now(): number;
  sink: FollowerSink;
  /** The tokens to follow on the market channel, whenever they change. */
  onTokens(tokenIds: string[]): void;
  log?: { info(message: string): void; debug(message: string): void };
  resolveWithinMs?: number;
};

type Followed = { conditionId: string; slug: string; end: number; tokens: string[] };

/** A Gamma row that says its market is over: closed, one outcome priced 1 and the other 0. */
function resolvedRow(row: unknown): string | undefined {
  if (!row || typeof row !== "object") return undefined;
  const { closed, conditionId, outcomePrices } = row as Record<string, unknown>;
  const prices = parseStringArray(outcomePrices);
  if ((closed !== true && closed !== "true") || typeof conditionId !== "string" || !prices.ok || prices.value.length !== 2) return undefined;
  const values = prices.value.map((text) => (/^\d+(\.\d+)?$/.test(text.trim()) ? new Decimal(text.trim()) : undefined));
  const decided = values.some((value) => value?.eq(1)) && values.some((value) => value?.eq(0));
  return decided ? conditionId.toLowerCase() : undefined;
}

export class MarketFollower {
  private readonly followed = new Map<string, Followed>();
  private busy = false;

  constructor(private readonly options: FollowerOptions) {}

  /** Markets followed now (discovered and not yet resolved or given up). */
  get size(): number {
    return this.followed.size;
  }

  /** One period: discover new markets, then look for resolutions. Overlapping calls are skipped. */
  async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const added = await this.discover();
      const removed = await this.resolve();
      if (added || removed) this.options.onTokens([...this.followed.values()].flatMap((market) => market.tokens));
    } finally {
      this.busy = false;
    }
  }

  private gap(reason: string): void {
    this.options.sink.event({ event: "gap", source: "gamma_markets", reason });
    this.options.log?.info(`gamma: ${reason}; retrying next period`);
  }

  /** `GET /markets` for these condition ids; the body as received. */
  private rows(conditionIds: string[], closed: boolean): Promise<unknown> {
    const params = new URLSearchParams({ closed: String(closed), limit: String(conditionIds.length * 2) });
    for (const id of conditionIds) params.append("condition_ids", id);
    return fetchJson(`${this.options.gammaUrl}/markets?${params}`, { venue: "gamma", timeoutMs: this.options.timeoutMs });
  }

  private async discover(): Promise<boolean> {
    const now = this.options.now();
    let markets: Market[];
    try {
      const { symbols, kinds, endsWithinMs } = this.options.filter;
      const found = await discoverMarkets(
        { at: now, symbols, kinds, endsWithinMs },
        { gammaUrl: this.options.gammaUrl, clobUrl: this.options.clobUrl, timeoutMs: this.options.timeoutMs, now },
      );
      markets = found.markets;
    } catch (error) {
      this.gap(`discovery failed: ${(error as Error).message}`);
      return false;
    }
    const fresh = markets.filter((market) => !this.followed.has(market.condition_id.toLowerCase()));
    let added = false;
    for (let i = 0; i < fresh.length; i += BATCH) {
      const batch = fresh.slice(i, i + BATCH);
      try {
        this.options.sink.value(
          "gamma_markets",
          await this.rows(
            batch.map((market) => market.condition_id),
            false,
          ),
        );
      } catch (error) {
        // Not followed yet: the next period fetches them again.
        this.gap(`rows of ${batch.length} new market(s): ${(error as Error).message}`);
        continue;
      }
      for (const market of batch) {
        const conditionId = market.condition_id.toLowerCase();
        this.followed.set(conditionId, { conditionId, slug: market.slug, end: market.end, tokens: market.outcomes.map((outcome) => outcome.token_id) });
      }
      added = true;
    }
    if (added) this.options.log?.debug(`following ${this.followed.size} market(s)`);
    return added;
  }

  private async resolve(): Promise<boolean> {
    const now = this.options.now();
    const ended = [...this.followed.values()].filter((market) => market.end <= now);
    let removed = false;
    for (let i = 0; i < ended.length; i += BATCH) {
      const batch = ended.slice(i, i + BATCH);
      let body: unknown;
      try {
        body = await this.rows(
          batch.map((market) => market.conditionId),
          true,
        );
      } catch (error) {
        this.gap(`rows of ${batch.length} ended market(s): ${(error as Error).message}`);
        continue;
      }
      const resolved = new Set((Array.isArray(body) ? body : []).map(resolvedRow).filter((id) => id !== undefined && this.followed.has(id)));
      if (resolved.size === 0) continue;
      this.options.sink.value("gamma_markets", body);
      for (const id of resolved) this.followed.delete(id as string);
      removed = true;
    }
    for (const market of ended) {
      if (!this.followed.has(market.conditionId) || now - market.end <= (this.options.resolveWithinMs ?? RESOLVE_WITHIN_MS)) continue;
      this.followed.delete(market.conditionId);
      this.options.sink.event({ event: "unresolved", condition_id: market.conditionId, slug: market.slug });
      removed = true;
    }
    return removed;
  }
}
