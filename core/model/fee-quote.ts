/**
 * Fee quote for a taker buy, in pure Decimal. Polymarket rounds fees to 5 decimal places (the
 * smallest fee charged is 0.00001); the official client does not round the fee itself (the operator
 * applies it at match time), so the 5-place rule is the venue's, and `fee` matches it (half-up).
 * Per-share values and ratios are not charges: they keep up to RATIO_PLACES places.
 */

import { Decimal, ONE } from "../decimal.ts";
import type { FeeRecord } from "../records/fee.ts";
import { type FeeSchedule, scheduleFields } from "./fee-schedule.ts";

/** Decimal places of the fee charged, in collateral (the venue's rounding). */
const FEE_PLACES = 5;
/** Decimal places kept on per-share fees, ratios and probabilities. */
export const RATIO_PLACES = 12;

export type FeeQuoteInput = {
  price: Decimal;
  size: Decimal;
  schedule: FeeSchedule;
  /** The fair probability of the outcome bought; or give `edge` (fair − price) instead. */
  fair?: Decimal;
  edge?: Decimal;
};

export type FeeQuote = Omit<FeeQuoteInput, "fair" | "edge"> & {
  /** Fee in collateral, rounded to FEE_PLACES as the venue charges it. */
  fee: Decimal;
  /** Unrounded schedule fee per share: rate × (p(1 − p))^exponent. */
  feePerShare: Decimal;
  cost: Decimal;
  feeShareOfCost: Decimal;
  feeShareOfPayout: Decimal;
  breakEven: Decimal;
  edges?: { fair: Decimal; grossEdge: Decimal; feeDrag: Decimal; netEdge: Decimal };
};

/** The schedule's fee per share at a price, before any rounding of a total. */
export function feePerShare(schedule: FeeSchedule, price: Decimal): Decimal {
  if (schedule.rate.isZero()) return new Decimal(0);
  const curve = price.times(ONE.minus(price));
  return schedule.rate.times(curve.pow(schedule.exponent));
}

/** The fee charged in collateral for `size` shares at `price`, rounded as the venue rounds it. */
export function takerFee(schedule: FeeSchedule, price: Decimal, size: Decimal): Decimal {
  return size.times(feePerShare(schedule, price)).toDecimalPlaces(FEE_PLACES, Decimal.ROUND_HALF_UP);
}

/** Fee quote for a taker buy of `size` shares at `price`. Inputs are validated by the caller. */
export function quoteFee(input: FeeQuoteInput): FeeQuote {
  const { price, size, schedule } = input;
  const perShare = feePerShare(schedule, price);
  const fee = takerFee(schedule, price, size);
  const cost = size.times(price);
  const quote: FeeQuote = {
    price,
    size,
    schedule,
    fee,
    feePerShare: perShare,
    cost,
    feeShareOfCost: fee.dividedBy(cost),
    // Each share pays out 1 collateral when it wins.
    feeShareOfPayout: fee.dividedBy(size),
    breakEven: price.plus(perShare),
  };
  const fair = input.fair ?? (input.edge !== undefined ? price.plus(input.edge) : undefined);
  if (fair !== undefined) {
    const grossEdge = fair.minus(price);
    quote.edges = { fair, grossEdge, feeDrag: perShare, netEdge: grossEdge.minus(perShare) };
  }
  return quote;
}

const ratio = (value: Decimal) => value.toDecimalPlaces(RATIO_PLACES, Decimal.ROUND_HALF_UP).toString();

/** The `fee` record's fields (without the envelope), every decimal as a string. */
export function feeRecordFields(quote: FeeQuote): Omit<FeeRecord, "type" | "v" | "ts"> {
  const fields: Omit<FeeRecord, "type" | "v" | "ts"> = {
    price: quote.price.toString(),
    size: quote.size.toString(),
    ...scheduleFields(quote.schedule),
    fee: quote.fee.toString(),
    fee_per_share: ratio(quote.feePerShare),
    fee_share_of_cost: ratio(quote.feeShareOfCost),
    fee_share_of_payout: ratio(quote.feeShareOfPayout),
    cost: quote.cost.toString(),
    break_even: ratio(quote.breakEven),
  };
  if (quote.edges) {
    fields.fair = ratio(quote.edges.fair);
    fields.gross_edge = ratio(quote.edges.grossEdge);
    fields.fee_drag = ratio(quote.edges.feeDrag);
    fields.net_edge = ratio(quote.edges.netEdge);
  }
  return fields;
}
