/**
 * The `fee` record: one taker fee quote (schedule used, fee, per share, ratios, break-even, and
 * optionally gross/net edge). Written by `pm-arb fees`; documented in docs/records.md#fee.
 * Writers import the type only (`import type`) so cold commands never load zod; readers and tests
 * validate with `feeRecordSchema`.
 */
import { z } from "zod";
import { decimalString, envelope } from "./fields.ts";

export const feeRecordSchema = z.object({
  ...envelope("fee"),
  /** Price paid per share (0 < price < 1). */
  price: decimalString,
  /** Shares bought. */
  size: decimalString,
  /** The schedule used: fee = shares × rate × (p(1 − p))^exponent. */
  rate: decimalString,
  exponent: decimalString,
  taker_only: z.boolean(),
  /** "preset:<name>", "flag", "gamma:<slug>" or "clob:<token id>". */
  source: z.string().min(1),
  /** Fee in collateral, rounded to 5 decimals as the venue charges it. */
  fee: decimalString,
  /** Schedule fee per share, unrounded (≤ 12 places): rate × (p(1 − p))^exponent. */
  fee_per_share: decimalString,
  /** fee / cost and fee / payout (payout = size × 1), as fractions (0.036 = 3.6%). */
  fee_share_of_cost: decimalString,
  fee_share_of_payout: decimalString,
  /** size × price, in collateral. */
  cost: decimalString,
  /** The fair probability a taker buy needs to break even after the fee: price + fee_per_share. */
  break_even: decimalString,
  /** Present when --fair or --edge is given; probability points. */
  fair: decimalString.optional(),
  gross_edge: decimalString.optional(),
  fee_drag: decimalString.optional(),
  net_edge: decimalString.optional(),
});

export type FeeRecord = z.infer<typeof feeRecordSchema>;
