/**
 * What a replay reports at its end: the store's `summary` (orders, fills, fees, realised P&L, win
 * rate — the hit rate —, equity) with a `replay` block: the recording's span and lines, the
 * latency, opportunities seen vs taken vs vanished, P&L per series and per symbol, the largest fall
 * of realised equity from its peak, and how the windows were settled.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import { Decimal, ZERO } from "../decimal.ts";
import type { Market } from "../model/market.ts";
import type { SummaryRecord } from "../records/summary.ts";
import type { RiskLimits } from "../risk/limits.ts";
import { summaryFields } from "../risk/summary.ts";
import type { Store } from "../store/open.ts";
import { opportunities, orders, positions } from "../store/schema.ts";
import { FAK_UNMATCHED, FOK_UNFILLED } from "../trade/paper-executor.ts";
import type { SettledBy } from "./recorded-markets.ts";

export type ReplayFacts = {
  from: number;
  to: number;
  lines: number;
  badLines: number;
  latencyMs: number;
  /** Markets discovery returned, by condition id. */
  markets: ReadonlyMap<string, Market>;
  settledBy: ReadonlyMap<string, SettledBy>;
};

type ReplayBlock = NonNullable<SummaryRecord["replay"]>;

const seriesOf = (market: Market | undefined) => (market ? (market.window ? `${market.kind}-${market.window}` : market.kind) : "unknown");

export function replaySummary(store: Store, limits: RiskLimits, facts: ReplayFacts, now: Date): Omit<SummaryRecord, "type" | "v" | "ts"> {
  const db = store.db;
  const fields = summaryFields(db, "paper", limits, now);
  const seen = db.select({ id: opportunities.id }).from(opportunities).all().length;
  const placed = db.select({ status: orders.status, reason: orders.reason }).from(orders).where(eq(orders.mode, "paper")).all();
  const taken = placed.filter((order) => order.status === "filled" || order.status === "partial").length;
  // The book at the order's arrival no longer had it at the limit: the edge vanished within the latency.
  const vanished = placed.filter((order) => order.status === "rejected" && (order.reason === FOK_UNFILLED || order.reason === FAK_UNMATCHED)).length;

  const closed = db
    .select()
    .from(positions)
    .where(and(eq(positions.mode, "paper"), inArray(positions.status, ["settled"])))
    .orderBy(asc(positions.closedAt), asc(positions.id))
    .all();
  const bySeries = new Map<string, Decimal>();
  const bySymbol = new Map<string, Decimal>();
  let equity = limits.bankroll;
  let peak = equity;
  let maxDrawdown = ZERO;
  for (const position of closed) {
    const market = facts.markets.get(position.conditionId);
    const series = seriesOf(market);
    const symbol = market?.symbol ?? "unknown";
    bySeries.set(series, (bySeries.get(series) ?? ZERO).plus(position.realisedPnl));
    bySymbol.set(symbol, (bySymbol.get(symbol) ?? ZERO).plus(position.realisedPnl));
    equity = equity.plus(position.realisedPnl);
    peak = Decimal.max(peak, equity);
    maxDrawdown = Decimal.max(maxDrawdown, peak.minus(equity));
  }
  // A window the recorded market channel resolved (`market_resolved`) was not asked about.
  const settledBy = { channel: 0, gamma: 0, spot: 0 };
  for (const conditionId of new Set(closed.map((position) => position.conditionId))) settledBy[facts.settledBy.get(conditionId) ?? "channel"]++;
  const sorted = (map: Map<string, Decimal>) => Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => [key, value.toString()]));
  const replay: ReplayBlock = {
    from: new Date(facts.from).toISOString(),
    to: new Date(facts.to).toISOString(),
    lines: facts.lines,
    bad_lines: facts.badLines,
    latency_ms: facts.latencyMs,
    opportunities: { seen, taken, vanished },
    pnl_by_series: sorted(bySeries),
    pnl_by_symbol: sorted(bySymbol),
    max_drawdown: maxDrawdown.toString(),
    settled_by: settledBy,
  };
  return { ...fields, replay };
}
