/**
 * Median mode, pure: the median of the providers that answered, after rejecting any whose price
 * lies outside a band (in basis points) around the median of all of them. With fewer than three
 * sources a liar cannot be told from an honest source, so nothing is rejected and the spread says
 * how far apart they are.
 */
import { Decimal } from "../decimal.ts";

export type Contribution = { source: string; price: Decimal };
export type Rejected = Contribution & { deviationBps: Decimal };

export type MedianResult = {
  price: Decimal;
  used: Contribution[];
  rejected: Rejected[];
  /** max − min of the prices used. */
  spread: Decimal;
  /** spread / median × 10 000. */
  spreadBps: Decimal;
};

const TWO = new Decimal(2);
const BPS = new Decimal(10_000);

export function median(values: readonly Decimal[]): Decimal {
  return middleOfSorted([...values].sort((a, b) => a.comparedTo(b)));
}

/** The median of values already in ascending order. */
export function middleOfSorted(sorted: readonly Decimal[]): Decimal {
  if (sorted.length === 0) throw new RangeError("median of no values");
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : sorted[middle - 1]!.plus(sorted[middle]!).div(TWO);
}

/** |price − reference| / reference × 10 000. */
export function deviationBps(price: Decimal, reference: Decimal): Decimal {
  return price.minus(reference).abs().div(reference).times(BPS);
}

export function aggregateMedian(inputs: readonly Contribution[], bandBps: Decimal, minForRejection = 3): MedianResult | undefined {
  if (inputs.length === 0) return undefined;
  const center = median(inputs.map((input) => input.price));
  const used: Contribution[] = [];
  const rejected: Rejected[] = [];
  for (const input of inputs) {
    const deviation = deviationBps(input.price, center);
    if (inputs.length >= minForRejection && deviation.gt(bandBps)) rejected.push({ ...input, deviationBps: deviation });
    else used.push(input);
  }
  const prices = used.map((input) => input.price);
  const price = median(prices);
  const spread = Decimal.max(...prices).minus(Decimal.min(...prices));
  return { price, used, rejected, spread, spreadBps: spread.div(price).times(BPS) };
}
