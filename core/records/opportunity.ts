/**
 * The `opportunity` record: one actionable taker BUY of one outcome token, with everything `risk`
 * and `trade` need without re-fetching — ids, token, limit price and size, the fee schedule, tick
 * and minimum size, neg-risk, end time, the ages of the price and book it was computed from, the
 * fair probability with its model and inputs, gross/fee/net edge and expected profit — and a
 * deterministic `id` (same market, outcome, window and strategy → same id) for de-duplication.
 * Written by `pm-arb scan`; documented in docs/records.md#opportunity.
 *
 * Its decimals are bounded in length (a 5000-digit edge is not a number pm-arb wrote) and its tick
 * is above zero; whether its numbers agree with each other, with the clock and with the market of
 * its token is the risk guardian's to judge (core/risk/evidence.ts), with a named reason.
 */
import { z } from "zod";
import { boundedDecimal, envelope, MAX_DECIMAL_LENGTH, positiveDecimal } from "./fields.ts";
import { feeScheduleSchema } from "./market.ts";

/** More levels than any tick grid has prices: a scan's walk takes each price at most once. */
const MAX_LEVELS = 10_000;

const filledLevelSchema = z.object({ price: boundedDecimal, size: boundedDecimal, fee: boundedDecimal });

export const opportunityRecordSchema = z.object({
  ...envelope("opportunity"),
  /** "opp_" + 24 hex: sha256 of condition id, token id, window start/end and strategy. */
  id: z.string().regex(/^opp_[0-9a-f]{24}$/),
  /** "fair_value": the model's fair beats the book; "complement": buying every outcome costs < 1 after fees. */
  strategy: z.enum(["fair_value", "complement"]),
  market_id: z.string(),
  condition_id: z.string(),
  slug: z.string(),
  question: z.string(),
  symbol: z.string(),
  kind: z.enum(["updown", "above", "range", "touch"]),
  window: z.string().optional(),
  window_start: z.iso.datetime().optional(),
  end: z.iso.datetime(),
  seconds_left: z.number(),
  outcome: z.string(),
  token_id: z.string().regex(/^\d{1,100}$/),
  side: z.literal("BUY"),
  /** Worst level taken, on the tick: the order's limit price. */
  limit_price: boundedDecimal,
  /** Shares, rounded down to the venue's 2 decimals, ≥ min_size. */
  size: boundedDecimal,
  avg_price: boundedDecimal,
  /** size × avg_price, collateral. */
  cost: boundedDecimal,
  /** Fair probability of this outcome (6 places); for a complement leg, 1 − the other legs' cost and fee per share. */
  fair: boundedDecimal,
  /** fair − avg_price. */
  gross_edge: boundedDecimal,
  /** Total taker fee of the fills, collateral (5 places per fill, as charged). */
  fee: boundedDecimal,
  fee_per_share: boundedDecimal,
  /** gross_edge − fee_per_share. */
  net_edge: boundedDecimal,
  /** size × net_edge, collateral. */
  expected_profit: boundedDecimal,
  min_edge: boundedDecimal,
  fee_schedule: feeScheduleSchema,
  tick_size: positiveDecimal.max(MAX_DECIMAL_LENGTH),
  min_size: boundedDecimal,
  neg_risk: z.boolean(),
  accepting_orders: z.boolean(),
  /** The fills the walk took, best level first. */
  levels: z.array(filledLevelSchema).max(MAX_LEVELS),
  evaluated_at: z.iso.datetime(),
  price_ts: z.iso.datetime().optional(),
  price_age_ms: z.number().int().optional(),
  book_ts: z.iso.datetime(),
  book_age_ms: z.number().int(),
  book_hash: z.string().optional(),
  /** Pricing model ("updown-lognormal", "above-lognormal", "range-lognormal", "touch-lognormal", "complement"). */
  model: z.string(),
  /** Every input the model used, decimals as strings (spot, reference, strike, sigma, t_years, …). */
  inputs: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  /** What the price was measured against: the settlement stream itself, the exchange corrected by the live basis, or the exchange. */
  settlement: z.object({
    source: z.enum(["chainlink", "binance", "other"]),
    basis: z.enum(["settlement", "exchange+basis", "exchange", "none"]),
  }),
  /** Complement legs share a group id; expected_profit is the whole pair's (count it once per group). */
  complement: z
    .object({
      group_id: z.string(),
      legs: z.array(z.object({ outcome: z.string(), token_id: z.string() })),
      pair_cost_per_share: boundedDecimal,
      pair_fee_per_share: boundedDecimal,
    })
    .optional(),
});

export type OpportunityRecord = z.infer<typeof opportunityRecordSchema>;
