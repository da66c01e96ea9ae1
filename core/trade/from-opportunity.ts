/**
 * `opportunity` record → TradeCandidate. The record has been validated by its zod schema; this
 * turns its strings into Decimal and Date. An unknown price age fails closed (treated as too old).
 */
import { Decimal } from "../decimal.ts";
import { venueSchedule } from "../fees/schedule.ts";
import type { OpportunityRecord } from "../records/opportunity.ts";
import type { Parsed } from "../safe-parse.ts";
import type { TradeCandidate } from "./candidate.ts";

export function candidateFromOpportunity(record: OpportunityRecord): Parsed<TradeCandidate> {
  const schedule = venueSchedule({ rate: record.fee_schedule.rate, exponent: record.fee_schedule.exponent, takerOnly: record.fee_schedule.taker_only }, record.fee_schedule.source);
  if (!schedule.ok) return { ok: false, error: `opportunity ${record.id}: fee schedule ${schedule.error}` };
  return {
    ok: true,
    value: {
      opportunityId: record.id,
      conditionId: record.condition_id,
      marketId: record.market_id,
      slug: record.slug,
      outcome: record.outcome,
      tokenId: record.token_id,
      side: "BUY",
      limitPrice: new Decimal(record.limit_price),
      size: new Decimal(record.size),
      feeSchedule: schedule.value,
      tickSize: new Decimal(record.tick_size),
      minSize: new Decimal(record.min_size),
      negRisk: record.neg_risk,
      end: new Date(record.end),
      evaluatedAt: new Date(record.evaluated_at),
      priceAgeMs: record.price_age_ms ?? Number.POSITIVE_INFINITY,
      bookAgeMs: record.book_age_ms,
      netEdge: new Decimal(record.net_edge),
      fair: new Decimal(record.fair),
    },
  };
}
