/**
 * `opportunity` record → TradeCandidate. The record has been validated by its zod schema; this
 * turns its strings into Decimal and Date, and believes none of them: the guardian checks them
 * (core/risk/evidence.ts). An unknown price age fails closed (treated as too old).
 */
import { Decimal } from "../decimal.ts";
import type { OpportunityRecord } from "../records/opportunity.ts";
import type { Parsed } from "../safe-parse.ts";
import type { TradeCandidate } from "./candidate.ts";
import { venueSchedule } from "./fee-schedule.ts";

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
      // The budget is what the levels cost: at size × limit a FOK that takes every level to the limit is killed.
      cost: new Decimal(record.cost),
      levels: record.levels.map((level) => ({ price: new Decimal(level.price), size: new Decimal(level.size) })),
      avgPrice: new Decimal(record.avg_price),
      fair: new Decimal(record.fair),
      netEdge: new Decimal(record.net_edge),
      feeSchedule: schedule.value,
      tickSize: new Decimal(record.tick_size),
      minSize: new Decimal(record.min_size),
      negRisk: record.neg_risk,
      acceptingOrders: record.accepting_orders,
      end: new Date(record.end),
      evaluatedAt: new Date(record.evaluated_at),
      ...(record.price_ts !== undefined ? { priceTs: new Date(record.price_ts) } : {}),
      bookTs: new Date(record.book_ts),
      priceAgeMs: record.price_age_ms ?? Number.POSITIVE_INFINITY,
      bookAgeMs: record.book_age_ms,
    },
  };
}
