/**
 * Plan, then execute: an order intent is everything the executors need, computed with pure code
 * before any I/O — the idempotency key first. Paper and live take the same intent. Refusals (amounts
 * the venue would reject) happen here, before anything is stored or sent.
 */
import { Decimal, ZERO } from "../decimal.ts";
import type { TradeCandidate } from "../model/candidate.ts";
import type { FeeSchedule } from "../model/fee-schedule.ts";
import type { Parsed } from "../safe-parse.ts";
import { amountPlaces, amountProblem, centsFloor, marketBuyTaker, onTick, tickFloor } from "./amounts.ts";
import { clientOrderId, type TradeMode } from "./client-order-id.ts";
import { maxCost } from "./max-cost.ts";

export type OrderType = "FOK" | "FAK";

export type OrderIntent = {
  clientOrderId: string;
  opportunityId: string;
  mode: TradeMode;
  orderType: OrderType;
  side: "BUY";
  conditionId: string;
  tokenId: string;
  outcome: string;
  slug?: string;
  /** Limit price on the tick. */
  price: Decimal;
  /** Collateral to spend, whole cents: the BUY's maker amount. */
  budget: Decimal;
  /** Shares the budget buys at the limit (the BUY's taker amount, client rounding). */
  takerAmount: Decimal;
  tickSize: Decimal;
  minSize: Decimal;
  negRisk: boolean;
  feeSchedule: FeeSchedule;
  /** Most the order can commit, fee included. */
  maxCost: Decimal;
  end: Date;
  /**
   * When the opportunity was evaluated: the live order's signed `timestamp`. Not the time of
   * signing, so two stores fed the same opportunity and deciding alike build the same order.
   */
  evaluatedAt: Date;
  /** What planning changed (tick or cents rounding), for the order record. */
  adjustments: string[];
};

export type IntentOptions = { mode: TradeMode; orderType: OrderType };

/** The intent for spending up to `budget` on the candidate; an error is the reason it cannot be sent. */
export function planIntent(candidate: TradeCandidate, budget: Decimal, options: IntentOptions): Parsed<OrderIntent> {
  const adjustments: string[] = [];
  const tick = candidate.tickSize;
  const places = amountPlaces(tick);
  if (!tick.gt(ZERO) || places === undefined) return { ok: false, error: `tick size ${tick.toString()} is not one the venue uses` };
  let price = candidate.limitPrice;
  if (!price.mod(tick).isZero()) {
    price = tickFloor(price, tick);
    adjustments.push(`limit price ${candidate.limitPrice.toString()} rounded down to the tick ${tick.toString()}: ${price.toString()}`);
  }
  if (!onTick(price, tick))
    return { ok: false, error: `limit price ${price.toString()} is outside the venue's range [${tick.toString()}, ${new Decimal(1).minus(tick).toString()}]` };
  const cents = centsFloor(budget);
  if (!cents.eq(budget)) adjustments.push(`budget ${budget.toString()} rounded down to whole cents: ${cents.toString()}`);
  const problem = amountProblem(price, cents, tick, candidate.minSize);
  if (problem) return { ok: false, error: problem };
  return {
    ok: true,
    value: {
      clientOrderId: clientOrderId(candidate.opportunityId, options.mode),
      opportunityId: candidate.opportunityId,
      mode: options.mode,
      orderType: options.orderType,
      side: "BUY",
      conditionId: candidate.conditionId,
      tokenId: candidate.tokenId,
      outcome: candidate.outcome,
      ...(candidate.slug ? { slug: candidate.slug } : {}),
      price,
      budget: cents,
      takerAmount: marketBuyTaker(cents, price, places),
      tickSize: tick,
      minSize: candidate.minSize,
      negRisk: candidate.negRisk,
      feeSchedule: candidate.feeSchedule,
      maxCost: maxCost(cents, candidate.feeSchedule, tick),
      end: candidate.end,
      evaluatedAt: candidate.evaluatedAt,
      adjustments,
    },
  };
}
