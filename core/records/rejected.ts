/**
 * The `rejected` record (`pm-arb scan --explain`): one market the scan did not turn into an
 * opportunity, with the reason and, where it got that far, the numbers (fair, best ask, gross edge,
 * fee per share, net edge) — e.g. "killed by the fee" shows gross ≥ min edge but net below it.
 * Documented in docs/records.md#rejected.
 */
import { z } from "zod";
import { decimalString, envelope } from "./fields.ts";

const REJECT_REASONS = [
  "below_threshold",
  "fee_killed",
  "fee_unknown",
  "below_min_size",
  "no_liquidity",
  "no_book",
  "stale_book",
  "no_price",
  "stale_price",
  "no_reference",
  "not_started",
  "expiring",
  "not_accepting",
  "unclassified",
  "malformed",
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export const rejectedRecordSchema = z.object({
  ...envelope("rejected"),
  reason: z.enum(REJECT_REASONS),
  /** One human sentence with the specifics. */
  detail: z.string(),
  market_id: z.string().optional(),
  condition_id: z.string().optional(),
  slug: z.string().optional(),
  symbol: z.string().optional(),
  kind: z.string().optional(),
  end: z.iso.datetime().optional(),
  /** The outcome whose numbers are shown (the one closest to actionable). */
  outcome: z.string().optional(),
  token_id: z.string().optional(),
  fair: decimalString.optional(),
  best_ask: decimalString.optional(),
  gross_edge: decimalString.optional(),
  fee_per_share: decimalString.optional(),
  net_edge: decimalString.optional(),
  min_edge: decimalString.optional(),
  model: z.string().optional(),
});

export type RejectedRecord = z.infer<typeof rejectedRecordSchema>;
