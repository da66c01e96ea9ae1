/**
 * The daily summary the pilot sent, from the store for one mode: equity, realised (total and today)
 * and unrealised P&L, fees paid, win rate, exposure, high-water mark and drawdown, counts, stops.
 */
import { eq, inArray } from "drizzle-orm";
import { stamp } from "../cli/output.ts";
import { Decimal, ZERO } from "../decimal.ts";
import type { TradeMode } from "../ledger/client-order-id.ts";
import type { SummaryRecord } from "../records/summary.ts";
import { fills, orders, positions } from "../store/schema.ts";
import type { Queryable } from "../store/tx.ts";
import type { RiskLimits } from "./limits.ts";
import { drawdown, equity, money, type RiskState, totalExposure } from "./state.ts";
import { loadRiskState } from "./store-state.ts";

export type SummaryFields = Omit<SummaryRecord, "type" | "v" | "ts">;

export function summaryFields(db: Queryable, mode: TradeMode, limits: RiskLimits, now: Date, state: RiskState = loadRiskState(db, mode, limits, now)): SummaryFields {
  const rows = db.select().from(positions).where(eq(positions.mode, mode)).all();
  const settled = rows.filter((row) => row.status === "settled");
  const wins = settled.filter((row) => row.payout?.gt(ZERO)).length;
  const open = rows.filter((row) => row.status === "open" && row.size.gt(ZERO)).length;
  const orderIds = db
    .select({ id: orders.id })
    .from(orders)
    .where(eq(orders.mode, mode))
    .all()
    .map((row) => row.id);
  const modeFills = orderIds.length > 0 ? db.select().from(fills).where(inArray(fills.orderId, orderIds)).all() : [];
  const feesPaid = modeFills.filter((fill) => fill.status !== "failed").reduce((sum, fill) => sum.plus(fill.fee), ZERO);
  return {
    mode,
    bankroll: money(limits.bankroll),
    equity: money(equity(state, limits)),
    realised_pnl: money(state.realisedPnl),
    realised_pnl_today: money(state.realisedPnlToday),
    unrealised_pnl: money(state.unrealisedPnl),
    fees_paid: money(feesPaid),
    win_rate: settled.length > 0 ? new Decimal(wins).dividedBy(settled.length).toDecimalPlaces(4).toString() : null,
    wins,
    losses: settled.length - wins,
    exposure: money(totalExposure(state)),
    high_water_mark: money(state.highWaterMark),
    drawdown: drawdown(state, limits).toDecimalPlaces(6).toString(),
    open_positions: open,
    settled_positions: settled.length,
    orders: orderIds.length,
    fills: modeFills.length,
    halted: Boolean(state.halt || state.killSwitch),
    ...(state.halt ? { halt_reason: state.halt.reason } : state.killSwitch ? { halt_reason: `kill switch: ${state.killSwitch.reason}` } : {}),
    ...(state.killSwitch ? { kill_switch: { reason: state.killSwitch.reason, since: state.killSwitch.since } } : {}),
  };
}

export function summaryRecord(db: Queryable, mode: TradeMode, limits: RiskLimits, now: Date): SummaryRecord {
  return stamp("summary", summaryFields(db, mode, limits, now), now) as SummaryRecord;
}
