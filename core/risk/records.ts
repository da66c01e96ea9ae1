/**
 * The `decision` record from a guardian decision (plain builder; `import type` only), as `risk` and
 * `run` print it. `halted`: a stop rejected it (the kill switch, a halt, or a drawdown breach now).
 */
import { stamp } from "../cli/output.ts";
import type { DecisionRecord } from "../records/decision.ts";
import type { OpportunityRecord } from "../records/opportunity.ts";
import type { RiskDecision } from "./guardian.ts";
import { money } from "./state.ts";

const HALT_CODES = new Set(["kill_switch", "halted", "drawdown"]);

export function decisionRecord(opportunity: OpportunityRecord, decision: RiskDecision, now: Date): DecisionRecord {
  return stamp(
    "decision",
    {
      opportunity_id: opportunity.id,
      condition_id: opportunity.condition_id,
      token_id: opportunity.token_id,
      outcome: opportunity.outcome,
      slug: opportunity.slug,
      approved: decision.approved,
      budget: decision.budget.toString(),
      requested_budget: decision.requestedBudget.toString(),
      size: decision.size.toString(),
      requested_size: decision.requestedSize.toString(),
      price: decision.price.toString(),
      max_cost: money(decision.maxCost),
      reasons: decision.reasons.map((reason) => ({ code: reason.code, kind: reason.kind, message: reason.message })),
      halted: decision.reasons.some((reason) => reason.kind === "reject" && HALT_CODES.has(reason.code)),
      opportunity,
    } satisfies Omit<DecisionRecord, "type" | "v" | "ts">,
    now,
  ) as DecisionRecord;
}
