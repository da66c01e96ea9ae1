/**
 * The `decision` record fields `run` writes for an engine outcome (the guardian's verdict is in the
 * outcome; the risk state behind it is not, so `halted` comes from the reasons), and the expected
 * P&L a trade alert carries. Order and fill records come from core/trade/records.ts, as `trade`
 * prints them. Plain typed functions: no zod at run time.
 */
import { type Decimal, ZERO } from "../decimal.ts";
import type { DecisionRecord } from "../records/decision.ts";
import type { OpportunityRecord } from "../records/opportunity.ts";
import type { RiskDecision } from "../risk/guardian.ts";
import type { Fill } from "../store/schema.ts";

export type DecisionFields = Omit<DecisionRecord, "type" | "v" | "ts">;

const HALT_CODES = new Set(["kill_switch", "halted", "drawdown"]);

export function decisionFields(opportunity: OpportunityRecord, decision: RiskDecision): DecisionFields {
  return {
    opportunity_id: opportunity.id,
    condition_id: opportunity.condition_id,
    token_id: opportunity.token_id,
    outcome: opportunity.outcome,
    ...(opportunity.slug ? { slug: opportunity.slug } : {}),
    approved: decision.approved,
    budget: decision.approved ? decision.budget.toString() : "0",
    requested_budget: decision.requestedBudget.toString(),
    size: decision.approved ? decision.size.toString() : "0",
    requested_size: decision.requestedSize.toString(),
    price: decision.price.toString(),
    max_cost: decision.approved ? decision.maxCost.toString() : "0",
    reasons: decision.reasons.map((reason) => ({ code: reason.code, kind: reason.kind, message: reason.message })),
    halted: decision.reasons.some((reason) => reason.kind === "reject" && HALT_CODES.has(reason.code)),
    opportunity,
  };
}

function totals(fills: readonly Fill[]): { size: Decimal; cost: Decimal; fee: Decimal } {
  let size = ZERO;
  let cost = ZERO;
  let fee = ZERO;
  for (const fill of fills) {
    if (fill.status === "failed") continue;
    size = size.plus(fill.size);
    cost = cost.plus(fill.size.times(fill.price));
    fee = fee.plus(fill.fee);
  }
  return { size, cost, fee };
}

/** Expected P&L of a fill set if the fair value is right: size × fair − cost − fee. */
export function expectedPnl(fair: Decimal, fills: readonly Fill[]): Decimal {
  const sum = totals(fills);
  return sum.size.times(fair).minus(sum.cost).minus(sum.fee);
}
