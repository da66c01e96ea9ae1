/**
 * A recording's Gamma rows as the loop's market source: discovery as of the replay's time sees the
 * newest row of each market recorded by then (classified exactly as live discovery classifies them;
 * no CLOB request completes a row, so a row without fee, tick or minimum size is skipped), and a
 * window's winner is the recorded resolved row (`closed`, `outcomePrices` 1/0) — or, when none was
 * recorded within `spotAfterMs` of its end (or by the recording's end), the recorded price of its
 * settlement stream at the end against the start (Up/Down windows only). Which one settled each
 * window is kept for the report.
 */

import { type Resolved, resolutionOfRow } from "../adapters/polymarket/gamma/resolutions.ts";
import { classifyRows, completeMarkets, type DiscoverOptions, emptyDiscovery } from "../markets/discover.ts";
import type { Market } from "../model/market.ts";
import type { SpotHistory } from "./spot-history.ts";

export type SettledBy = "gamma" | "spot";

/** How long after a window's end a resolved row is waited for before the recorded spot decides. */
const SPOT_FALLBACK_AFTER_MS = 10 * 60_000;

type Row = { raw: unknown; eventTitle?: string };

export class RecordedMarkets {
  private readonly rows = new Map<string, Row>();
  private readonly resolved = new Map<string, Resolved>();
  /** Every market discovery returned, by condition id (the report's series and symbols). */
  readonly seen = new Map<string, Market>();
  readonly settledBy = new Map<string, SettledBy>();
  /** Set when the recording has ended: every ended window without a resolved row is settled from spot. */
  final = false;

  constructor(
    private readonly now: () => number,
    private readonly spot: SpotHistory,
  ) {}

  /** One recorded Gamma response (an array of market rows, or of events carrying `markets`); returns the rows it added. */
  add(message: unknown): number {
    if (!Array.isArray(message)) return 0;
    let added = 0;
    for (const item of message) {
      const event = item && typeof item === "object" ? (item as Record<string, unknown>) : {};
      const title = typeof event.title === "string" ? event.title : undefined;
      const rows: Row[] = Array.isArray(event.markets) ? event.markets.map((raw: unknown) => ({ raw, eventTitle: title })) : [{ raw: item }];
      for (const row of rows) {
        const record = row.raw && typeof row.raw === "object" ? (row.raw as Record<string, unknown>) : {};
        const key = String(record.conditionId ?? record.id ?? "").toLowerCase();
        if (!key) continue;
        this.rows.set(key, row);
        const resolution = resolutionOfRow(row.raw);
        if (resolution) this.resolved.set(resolution.conditionId, resolution);
        added++;
      }
    }
    return added;
  }

  async discover(query: DiscoverOptions): Promise<Market[]> {
    const result = emptyDiscovery(this.rows.size);
    completeMarkets(classifyRows([...this.rows.values()], query, true, result), new Map(), result);
    for (const market of result.markets) this.seen.set(market.condition_id, market);
    return result.markets;
  }

  async resolutions(conditionIds: readonly string[]): Promise<Map<string, Resolved>> {
    const out = new Map<string, Resolved>();
    const now = this.now();
    for (const conditionId of conditionIds) {
      const recorded = this.resolved.get(conditionId);
      if (recorded) {
        out.set(conditionId, recorded);
        this.settledBy.set(conditionId, "gamma");
        continue;
      }
      const market = this.seen.get(conditionId);
      if (!market || (!this.final && now < market.end + SPOT_FALLBACK_AFTER_MS)) continue;
      const winner = this.spotWinner(market);
      if (!winner) continue;
      out.set(conditionId, { conditionId, winners: new Set([winner]), tokens: market.outcomes.map((outcome) => outcome.token_id) });
      this.settledBy.set(conditionId, "spot");
    }
    return out;
  }

  /** Up/Down: Up when the settlement stream's price at the end is at or above the one at the start. */
  private spotWinner(market: Market): string | undefined {
    if (market.kind !== "updown" || market.window_start === undefined) return undefined;
    const source = market.resolution.source === "chainlink" ? "rtds" : "binance";
    const start = this.spot.priceAt(source, market.symbol, market.window_start, "start");
    const end = this.spot.priceAt(source, market.symbol, market.end, "end");
    if (!start || !end) return undefined;
    const label = end.gte(start) ? "up" : "down";
    return market.outcomes.find((outcome) => outcome.label.toLowerCase() === label)?.token_id;
  }
}
