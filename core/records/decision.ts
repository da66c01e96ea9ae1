/**
 * The `decision` record: the risk guardian's verdict on one opportunity — approved or not, the
 * approved (possibly cut) size, and every reason for a cut or a rejection. It carries the
 * opportunity it judged, so `pm-arb risk | pm-arb trade` needs nothing else (trade re-checks it
 * against the store's state at placement time and never enlarges it).
 * Written by `pm-arb risk`; documented in docs/records.md#decision.
 */
import { z } from "zod";
import { decimalString, envelope } from "./fields.ts";
import { opportunityRecordSchema } from "./opportunity.ts";

const riskReasonSchema = z.object({
  /** kill_switch, halted, drawdown, daily_loss, invalid, unknown_market, market_mismatch, not_accepting, fair_out_of_range, inconsistent_levels, avg_above_limit, limit_not_below_fair, inconsistent_edge, negative_age, inconsistent_age, evaluated_in_future, min_edge, stale_price, stale_book, market_ended, cooldown, max_open_positions, max_trade_size, max_market_exposure, max_total_exposure, bankroll, decision_size, min_size (core/risk/guardian.ts `ReasonCode`). */
  code: z.string(),
  /** `reject` stopped the order; `cut` reduced its size. */
  kind: z.enum(["reject", "cut"]),
  message: z.string(),
});

export const decisionRecordSchema = z.object({
  ...envelope("decision"),
  opportunity_id: z.string(),
  condition_id: z.string(),
  token_id: z.string().regex(/^\d{1,100}$/),
  outcome: z.string(),
  slug: z.string().optional(),
  approved: z.boolean(),
  /** Approved collateral to spend, whole cents ("0" when rejected): the order's maker amount. */
  budget: decimalString,
  /** What the opportunity's levels cost (its size × average price), in whole cents. */
  requested_budget: decimalString,
  /** Shares the approved budget buys at the limit price ("0" when rejected); more at better prices. */
  size: decimalString,
  requested_size: decimalString,
  /** The limit price, floored to the tick. */
  price: decimalString,
  /** Most collateral the approved size can cost, fee included ("0" when rejected). */
  max_cost: decimalString,
  reasons: z.array(riskReasonSchema),
  /** True when trading is stopped (kill switch or drawdown halt). */
  halted: z.boolean(),
  opportunity: opportunityRecordSchema,
});

export type DecisionRecord = z.infer<typeof decisionRecordSchema>;
