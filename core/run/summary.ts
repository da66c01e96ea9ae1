/**
 * The loop's periodic and final `summary` record (core/records/summary.ts): equity, realised and
 * unrealised P&L, fees, win rate, exposure, drawdown and counts for one mode, from the store and
 * the risk guardian's view of it (core/risk/store-state.ts), so it agrees with what risk enforces.
 */
import { eq } from "drizzle-orm";
import { Decimal, ZERO } from "../decimal.ts";
import type { SummaryRecord } from "../records/summary.ts";
import type { RiskLimits } from "../risk/limits.ts";
import { drawdown, equity, totalExposure } from "../risk/state.ts";
import { loadRiskState } from "../risk/store-state.ts";
import { fills, orders, positions } from "../store/schema.ts";
import type { Queryable } from "../store/tx.ts";
import type { RunMode } from "./heartbeat.ts";

export type SummaryFields = Omit<SummaryRecord, "type" | "v" | "ts">;

export function summaryFields(db: Queryable, mode: RunMode, limits: RiskLimits, now: Date): SummaryFields {
  const state = loadRiskState(db, mode, limits, now);
  let fees = ZERO;
  let wins = 0;
  let losses = 0;
  let open = 0;
  let settled = 0;
  for (const position of db.select().from(positions).where(eq(positions.mode, mode)).all()) {
    fees = fees.plus(position.fees);
    if (position.status === "settled") {
      settled++;
      if (position.realisedPnl.gt(0)) wins++;
      else losses++;
    } else if (position.status === "open" && position.size.gt(0)) open++;
  }
  const modeOrders = db.select({ id: orders.id }).from(orders).where(eq(orders.mode, mode)).all();
  const fillCount = db.select({ id: fills.id }).from(fills).innerJoin(orders, eq(fills.orderId, orders.id)).where(eq(orders.mode, mode)).all().length;
  const stop = state.killSwitch ?? state.halt;
  return {
    mode,
    bankroll: limits.bankroll.toString(),
    equity: equity(state, limits).toString(),
    realised_pnl: state.realisedPnl.toString(),
    realised_pnl_today: state.realisedPnlToday.toString(),
    unrealised_pnl: state.unrealisedPnl.toString(),
    fees_paid: fees.toString(),
    win_rate: settled > 0 ? new Decimal(wins).dividedBy(settled).toDecimalPlaces(4).toString() : null,
    wins,
    losses,
    exposure: totalExposure(state).toString(),
    high_water_mark: state.highWaterMark.toString(),
    drawdown: drawdown(state, limits).toDecimalPlaces(6).toString(),
    open_positions: open,
    settled_positions: settled,
    orders: modeOrders.length,
    fills: fillCount,
    halted: stop !== undefined,
    ...(stop ? { halt_reason: stop.reason } : {}),
  };
}
