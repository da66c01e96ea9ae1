/**
 * What the guardian believes of an opportunity: nothing it can re-derive. From the candidate's own
 * levels and fee schedule it re-derives size, average price, fee and net edge; from the timestamps
 * and its own clock, the ages. A claim that disagrees is a named reason to reject. Pure.
 */
import { Decimal, ONE, ZERO } from "../decimal.ts";
import type { TradeCandidate } from "../model/candidate.ts";
import { takerFee } from "../model/fee-quote.ts";

export type EvidenceCode =
  | "not_accepting"
  | "fair_out_of_range"
  | "inconsistent_levels"
  | "avg_above_limit"
  | "limit_not_below_fair"
  | "inconsistent_edge"
  | "negative_age"
  | "inconsistent_age"
  | "evaluated_in_future";

export type Evidence = {
  /** Every claim the candidate's own numbers or the clock contradict. */
  problems: { code: EvidenceCode; message: string }[];
  /** Net edge per share re-derived from the levels, fair and fee schedule (undefined: the levels are unusable). */
  netEdge?: Decimal;
  /** Ages at `now` from the timestamps (Infinity: the price's time is unknown). */
  priceAgeMs: number;
  bookAgeMs: number;
};

/**
 * Records carry averages and edges rounded to 12 places (core/scan/fields.ts): a billionth leaves
 * room for that rounding and none for an edge to hide in.
 */
const ROUNDING_TOLERANCE = new Decimal("1e-9");
/** Timestamps are carried to the millisecond. */
const AGE_SLACK_MS = 1;

/** A number for a message: at most 12 significant digits, whatever the record held. */
export const short = (value: Decimal) => value.toSignificantDigits(12).toString();
const iso = (date: Date) => (Number.isNaN(date.getTime()) ? "an unreadable time" : date.toISOString());

type Derived = { size: Decimal; cost: Decimal; fee: Decimal };

function derive(candidate: TradeCandidate): Derived | string {
  if (candidate.levels.length === 0) return "no levels";
  let size = ZERO;
  let cost = ZERO;
  let fee = ZERO;
  for (const level of candidate.levels) {
    if (!level.price.gt(ZERO) || !level.price.lt(ONE) || !level.size.gt(ZERO)) return `level ${short(level.size)} at ${short(level.price)} is not a level`;
    if (level.price.gt(candidate.limitPrice)) return `level at ${short(level.price)} is above the limit ${short(candidate.limitPrice)}`;
    size = size.plus(level.size);
    cost = cost.plus(level.size.times(level.price));
    fee = fee.plus(takerFee(candidate.feeSchedule, level.price, level.size));
  }
  return { size, cost, fee };
}

function levelProblem(candidate: TradeCandidate, derived: Derived): string | undefined {
  if (!derived.size.eq(candidate.size)) return `levels hold ${short(derived.size)} shares, not the size ${short(candidate.size)}`;
  if (!derived.cost.eq(candidate.cost)) return `levels cost ${short(derived.cost)}, not ${short(candidate.cost)}`;
  const avg = derived.cost.dividedBy(derived.size);
  if (avg.minus(candidate.avgPrice).abs().gt(ROUNDING_TOLERANCE)) return `levels average ${short(avg)} a share, not avg_price ${short(candidate.avgPrice)}`;
  return undefined;
}

/** |now − ts|: a stamp ahead of this clock is as far from it as one behind (its true age is unknown). */
const distance = (now: Date, ts: Date | undefined) => (ts === undefined ? Number.POSITIVE_INFINITY : Math.abs(now.getTime() - ts.getTime()));

export function examine(candidate: TradeCandidate, now: Date): Evidence {
  const problems: Evidence["problems"] = [];
  const problem = (code: EvidenceCode, message: string) => problems.push({ code, message });
  const { fair, limitPrice, avgPrice } = candidate;

  if (!candidate.acceptingOrders) problem("not_accepting", "the market was not accepting orders");
  if (fair.lt(ZERO) || fair.gt(ONE)) problem("fair_out_of_range", `fair ${short(fair)} is not a probability`);
  const derived = derive(candidate);
  const levels = typeof derived === "string" ? derived : levelProblem(candidate, derived);
  if (levels) problem("inconsistent_levels", levels);
  if (avgPrice.gt(limitPrice)) problem("avg_above_limit", `avg_price ${short(avgPrice)} is above the limit ${short(limitPrice)}`);
  if (!limitPrice.lt(fair)) problem("limit_not_below_fair", `limit ${short(limitPrice)} is not below fair ${short(fair)}: a fill at the limit loses`);

  let netEdge: Decimal | undefined;
  if (typeof derived !== "string") {
    // The walk's own formula: fair − average price − fee per share, each fill's fee as charged.
    netEdge = fair.minus(derived.cost.dividedBy(derived.size)).minus(derived.fee.dividedBy(derived.size));
    if (netEdge.minus(candidate.netEdge).abs().gt(ROUNDING_TOLERANCE)) {
      problem("inconsistent_edge", `net edge ${short(candidate.netEdge)} is not what fair ${short(fair)}, the levels and the fee give: ${short(netEdge)}`);
    }
  }

  const evaluated = candidate.evaluatedAt.getTime();
  if (!(evaluated <= now.getTime())) problem("evaluated_in_future", `evaluated at ${iso(candidate.evaluatedAt)}, after now (${now.toISOString()})`);
  const ages: [string, number, Date | undefined][] = [
    ["price", candidate.priceAgeMs, candidate.priceTs],
    ["book", candidate.bookAgeMs, candidate.bookTs],
  ];
  for (const [what, claimed, ts] of ages) {
    if (!(claimed >= 0)) problem("negative_age", `${what} age ${claimed} ms is below zero`);
    else if (ts !== undefined && Number.isFinite(claimed)) {
      // As scan measures it: from the stamp to the evaluation, 0 for a stamp ahead of it.
      const expected = Math.max(0, evaluated - ts.getTime());
      if (!(Math.abs(claimed - expected) <= AGE_SLACK_MS)) problem("inconsistent_age", `${what} age ${claimed} ms is not the ${expected} ms from ${iso(ts)} to the evaluation`);
    }
  }
  return { problems, ...(netEdge ? { netEdge } : {}), priceAgeMs: distance(now, candidate.priceTs), bookAgeMs: distance(now, candidate.bookTs) };
}
