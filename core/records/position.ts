/**
 * The `position` record: what pm-arb holds of one outcome token, from its settled fills. `--mark`
 * adds the current bid and unrealised P&L; `--settle` books the payout of resolved markets.
 * Written by `pm-arb positions`; documented in docs/records.md#position.
 */
import { z } from "zod";
import { decimalString, envelope } from "./fields.ts";

export const positionRecordSchema = z.object({
  ...envelope("position"),
  mode: z.enum(["paper", "live"]),
  condition_id: z.string(),
  token_id: z.string().regex(/^\d{1,100}$/),
  outcome: z.string(),
  slug: z.string().optional(),
  /** open: held; settled: the market resolved and the payout is booked; closed: sold off (unused so far). */
  status: z.enum(["open", "settled", "closed"]),
  /** Shares held (Σ settled fill sizes). */
  size: decimalString,
  /** Σ size × price / size. */
  avg_price: decimalString,
  /** Σ size × price + fees, collateral: what the position cost. */
  cost: decimalString,
  fees: decimalString,
  /** Fills not yet settled at the venue (not part of `size`). */
  pending_size: decimalString,
  /** Set by --mark: best bid now, and size × mark − cost. */
  mark_price: decimalString.optional(),
  unrealised_pnl: decimalString.optional(),
  /** Set when settled: the winning outcome's payout (size × 1 or 0) and payout − cost. */
  payout: decimalString.optional(),
  realised_pnl: decimalString.optional(),
  winner: z.boolean().optional(),
  end: z.iso.datetime().optional(),
  /** Live `--open`/`--all`: what the venue's Data API holds when it differs from the store (reported, never written over). */
  venue_size: decimalString.optional(),
  venue_difference: z.string().optional(),
  opened_at: z.iso.datetime(),
  settled_at: z.iso.datetime().optional(),
});

export type PositionRecord = z.infer<typeof positionRecordSchema>;
