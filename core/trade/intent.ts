/**
 * Plan, then execute: an order intent is everything the executors need, computed with pure code
 * before any I/O — the idempotency key first. Paper and live take the same intent; only the venue
 * call differs. Refusals (amounts the venue would reject) happen here, with the reason, before
 * anything is stored or sent.
 */
import { Decimal, ZERO } from "../decimal.ts";
import type { FeeSchedule } from "../fees/schedule.ts";
import type { Parsed } from "../safe-parse.ts";
import { maxCost } from "../risk/cost.ts";
import { amountProblem, largestValidSize, onTick, tickFloor } from "./amounts.ts";
import type { TradeCandidate } from "./candidate.ts";
import { clientOrderId, type TradeMode } from "./client-order-id.ts";

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
  /** Shares (the BUY's taker amount). */
  size: Decimal;
  /** Collateral offered (size × price, whole cents: the BUY's maker amount). */
  makerAmount: Decimal;
  takerAmount: Decimal;
  tickSize: Decimal;
  minSize: Decimal;
  negRisk: boolean;
  feeSchedule: FeeSchedule;
  /** Most the order can cost, fee included. */
  maxCost: Decimal;
  end: Date;
  /** What planning changed (tick or precision rounding), for the order record. */
  adjustments: string[];
};

export type IntentOptions = { mode: TradeMode; orderType: OrderType };

/** The intent for buying up to `size` shares of the candidate; an error is the reason it cannot be sent. */
export function planIntent(candidate: TradeCandidate, size: Decimal, options: IntentOptions): Parsed<OrderIntent> {
  const adjustments: string[] = [];
  const tick = candidate.tickSize;
  if (!tick.gt(ZERO)) return { ok: false, error: `tick size ${tick.toString()} is not positive` };
  let price = candidate.limitPrice;
  if (!price.mod(tick).isZero()) {
    price = tickFloor(price, tick);
    adjustments.push(`limit price ${candidate.limitPrice.toString()} rounded down to the tick ${tick.toString()}: ${price.toString()}`);
  }
  if (!onTick(price, tick)) return { ok: false, error: `limit price ${price.toString()} is outside the venue's range [${tick.toString()}, ${new Decimal(1).minus(tick).toString()}]` };
  const valid = largestValidSize(size, price);
  if (!valid.eq(size)) adjustments.push(`size ${size.toString()} rounded down to ${valid.toString()} so the cost at ${price.toString()} is whole cents`);
  const problem = amountProblem(price, valid, tick, candidate.minSize);
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
      size: valid,
      makerAmount: valid.times(price),
      takerAmount: valid,
      tickSize: tick,
      minSize: candidate.minSize,
      negRisk: candidate.negRisk,
      feeSchedule: candidate.feeSchedule,
      maxCost: maxCost(valid, price, candidate.feeSchedule),
      end: candidate.end,
      adjustments,
    },
  };
}
