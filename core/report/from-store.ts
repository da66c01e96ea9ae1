/**
 * The report's data from the store, for one mode and period: equity and drawdown as realised P&L
 * booked position by position (settled or closed, at its close time) on top of the bankroll; realised
 * P&L per series and symbol; fees paid against the edge the fills captured; the fills; opportunities
 * seen, taken and vanished; and the lag the loop last measured. Read-only: plain selects.
 *
 * The edge a fill captured is (fair − fill price) × size, fair being the model's probability in the
 * opportunity the order came from; fills whose opportunity the store does not hold add fees only.
 */
import { and, desc, eq, gte, inArray, isNotNull } from "drizzle-orm";
import { Decimal, ZERO } from "../decimal.ts";
import { HEARTBEAT_MODES, readHeartbeat } from "../run/loop-heartbeat.ts";
import { parseDecimal } from "../safe-parse.ts";
import { fills, type Mode, opportunities, orders, positions } from "../store/schema.ts";
import type { Queryable } from "../store/tx.ts";
import type { EquityPoint, FeeEdgeRow, FillRow, LagRow, OpportunityCounts, PnlRow, ReportData } from "./data.ts";
import { seriesOf } from "./market-series.ts";

export type StoreReportOptions = { mode: Mode; since: Date | null; bankroll: Decimal; source: string; now: Date };

/** The fills table shows the newest this many; totals count them all. */
const MAX_FILL_ROWS = 500;

const text = (value: Decimal) => value.toDecimalPlaces(6).toString();
const iso = (value: Date | null) => (value ? value.toISOString() : null);

export function reportFromStore(db: Queryable, options: StoreReportOptions): ReportData {
  const { mode, since } = options;
  const modeOrders = db
    .select({ id: orders.id, opportunityId: orders.opportunityId, tokenId: orders.tokenId, status: orders.status, filled: orders.filledSize, clientOrderId: orders.clientOrderId })
    .from(orders)
    .where(since ? and(eq(orders.mode, mode), gte(orders.createdAt, since)) : eq(orders.mode, mode))
    .all();
  const payloads = opportunityPayloads(
    db,
    modeOrders.flatMap((order) => (order.opportunityId ? [order.opportunityId] : [])),
  );
  const payloadOfToken = new Map(modeOrders.map((order) => [order.tokenId, order.opportunityId ? payloads.get(order.opportunityId) : undefined]));
  return {
    title: `pm-arb ${mode} report`,
    generated_at: options.now.toISOString(),
    source: options.source,
    mode,
    since: iso(since),
    bankroll: text(options.bankroll),
    ...realised(db, options, payloadOfToken),
    ...fillSections(db, options, payloads),
    opportunities: opportunityCounts(db, since, modeOrders),
    lag: lagRows(db),
    calibration: null,
    live: null,
  };
}

function opportunityPayloads(db: Queryable, ids: string[]): Map<string, unknown> {
  if (ids.length === 0) return new Map();
  const rows = db.select({ id: opportunities.id, payload: opportunities.payload }).from(opportunities).where(inArray(opportunities.id, ids)).all();
  return new Map(rows.map((row) => [row.id, row.payload]));
}

function realised(db: Queryable, options: StoreReportOptions, payloadOfToken: Map<string, unknown>): { equity: EquityPoint[]; pnl: PnlRow[] } {
  const closed = db
    .select()
    .from(positions)
    .where(and(eq(positions.mode, options.mode), isNotNull(positions.closedAt), options.since ? gte(positions.closedAt, options.since) : undefined))
    .orderBy(positions.closedAt, positions.id)
    .all();
  let equity = options.bankroll;
  let highWater = equity;
  const start = options.since ?? closed[0]?.openedAt ?? options.now;
  const points: EquityPoint[] = [{ at: start.toISOString(), equity: text(equity), drawdown: "0" }];
  const groups = new Map<string, PnlRow>();
  for (const position of closed) {
    equity = equity.plus(position.realisedPnl);
    highWater = Decimal.max(highWater, equity);
    const drawdown = highWater.gt(ZERO) ? highWater.minus(equity).dividedBy(highWater) : ZERO;
    points.push({ at: position.closedAt!.toISOString(), equity: text(equity), drawdown: drawdown.toDecimalPlaces(6).toString() });
    const { series, symbol } = seriesOf(payloadOfToken.get(position.tokenId), position.marketSlug);
    const group = groups.getOrInsertComputed(series, () => ({ series, symbol, positions: 0, realised_pnl: "0", fees: "0" }));
    group.positions++;
    group.realised_pnl = text(new Decimal(group.realised_pnl).plus(position.realisedPnl));
    group.fees = text(new Decimal(group.fees).plus(position.fees));
  }
  return { equity: points, pnl: [...groups.values()].sort((a, b) => a.series.localeCompare(b.series)) };
}

function fillSections(db: Queryable, options: StoreReportOptions, payloads: Map<string, unknown>): { fills: FillRow[]; fees_vs_edge: FeeEdgeRow[] } {
  const rows = db
    .select({ fill: fills, order: orders })
    .from(fills)
    .innerJoin(orders, eq(fills.orderId, orders.id))
    .where(and(eq(orders.mode, options.mode), options.since ? gte(fills.ts, options.since) : undefined))
    .orderBy(desc(fills.ts), desc(fills.id))
    .all();
  const bySymbol = new Map<string, { fills: number; fees: Decimal; edge: Decimal }>();
  for (const { fill, order } of rows) {
    if (fill.status === "failed") continue;
    const payload = order.opportunityId ? payloads.get(order.opportunityId) : undefined;
    const { symbol } = seriesOf(payload, order.marketSlug);
    const totals = bySymbol.getOrInsertComputed(symbol, () => ({ fills: 0, fees: ZERO, edge: ZERO }));
    totals.fills++;
    totals.fees = totals.fees.plus(fill.fee);
    const fair = parseDecimal((payload as { fair?: unknown } | undefined)?.fair);
    if (fair.ok) totals.edge = totals.edge.plus(fair.value.minus(fill.price).times(fill.size));
  }
  return {
    fills: rows.slice(0, MAX_FILL_ROWS).map(({ fill, order }) => ({
      at: fill.ts.toISOString(),
      slug: order.marketSlug,
      outcome: order.outcome,
      side: fill.side,
      price: fill.price.toString(),
      size: fill.size.toString(),
      fee: fill.fee.toString(),
      status: fill.status,
      order_status: order.status,
      client_order_id: order.clientOrderId,
    })),
    fees_vs_edge: [...bySymbol]
      .map(([symbol, totals]) => ({ symbol, fills: totals.fills, fees_paid: text(totals.fees), edge_captured: text(totals.edge) }))
      .sort((a, b) => a.symbol.localeCompare(b.symbol)),
  };
}

type ModeOrder = { opportunityId: string | null; status: string; filled: Decimal };

function opportunityCounts(db: Queryable, since: Date | null, modeOrders: ModeOrder[]): OpportunityCounts | null {
  const seen = db
    .select({ id: opportunities.id })
    .from(opportunities)
    .where(since ? gte(opportunities.seenAt, since) : undefined)
    .all()
    .map((row) => row.id);
  if (seen.length === 0) return null;
  const taken = new Set<string>();
  const tried = new Set<string>();
  for (const order of modeOrders) {
    if (!order.opportunityId) continue;
    tried.add(order.opportunityId);
    if (order.filled.gt(ZERO)) taken.add(order.opportunityId);
  }
  const vanished = new Set(
    modeOrders
      .filter((order) => order.opportunityId && !taken.has(order.opportunityId) && ["cancelled", "rejected", "failed"].includes(order.status))
      .map((order) => order.opportunityId!),
  );
  const inPeriod = (ids: Set<string>) => seen.filter((id) => ids.has(id)).length;
  return { seen: seen.length, taken: inPeriod(taken), vanished: inPeriod(vanished), untried: seen.filter((id) => !tried.has(id)).length };
}

/** The lag as each mode's loop last measured it. */
function lagRows(db: Queryable): LagRow[] {
  return HEARTBEAT_MODES.flatMap((mode) => {
    const heartbeat = readHeartbeat(db, mode);
    return (heartbeat?.value.lag ?? []).map((row) => ({ ...row, histogram: row.histogram ?? [], mode, measured_at: heartbeat!.value.beat_at }));
  });
}
