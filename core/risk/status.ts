/**
 * `pm-arb risk --status`: the summary of the book plus every limit in force, what of it is used,
 * what is left, and whether trading is halted and why.
 */
import { stamp } from "../cli/output.ts";
import { Decimal, ZERO } from "../decimal.ts";
import type { TradeMode } from "../ledger/client-order-id.ts";
import type { SummaryRecord } from "../records/summary.ts";
import type { Queryable } from "../store/tx.ts";
import { limitsView, type RiskLimits } from "./limits.ts";
import { drawdown, money, totalExposure } from "./state.ts";
import { loadRiskState } from "./store-state.ts";
import { summaryFields } from "./summary.ts";

export function statusSummary(db: Queryable, mode: TradeMode, limits: RiskLimits, now: Date): SummaryRecord {
  const state = loadRiskState(db, mode, limits, now);
  const total = totalExposure(state);
  const largest = [...state.exposureByMarket.values()].reduce((max, value) => Decimal.max(max, value), ZERO);
  const loss = Decimal.max(ZERO, state.realisedPnlToday.negated());
  const dd = drawdown(state, limits);
  const line = (limit: string, used: Decimal, max: Decimal) => ({
    limit,
    used: money(used),
    max: money(max),
    headroom: money(max.minus(used)),
    breached: used.gte(max) && max.gt(ZERO),
  });
  const usage = [
    line("max_total_exposure", total, limits.maxTotalExposure),
    line("max_market_exposure", largest, limits.maxMarketExposure),
    line("max_open_positions", new Decimal(state.openTokens.size), new Decimal(limits.maxOpenPositions)),
    line("daily_loss_limit", loss, limits.dailyLossLimit),
    { ...line("max_drawdown", dd, limits.maxDrawdown), breached: dd.gt(limits.maxDrawdown) },
    line("bankroll", total, limits.bankroll.plus(state.realisedPnl)),
  ];
  return stamp("summary", { ...summaryFields(db, mode, limits, now, state), limits: limitsView(limits), usage }, now) as SummaryRecord;
}
