/**
 * The `order` record: one order pm-arb placed (or refused to place) and what became of it.
 * Written by `pm-arb trade` and `pm-arb positions --orders`; documented in docs/records.md#order.
 */
import { z } from "zod";
import { decimalString, envelope } from "./fields.ts";

const ORDER_STATUSES = ["pending", "filled", "partial", "open", "rejected", "failed", "uncertain", "duplicate"] as const;

export const orderRecordSchema = z.object({
  ...envelope("order"),
  /** bytes32 hex derived from the opportunity id and mode; also the signed order's `metadata`. */
  client_order_id: z.string().regex(/^0x[0-9a-f]{64}$/),
  opportunity_id: z.string(),
  mode: z.enum(["paper", "live"]),
  /**
   * filled | partial (FAK) | open (resting or delayed) | rejected (venue or pre-send refusal, with
   * reason) | failed (not placed: venue unreachable, 403/425/429, auth) | uncertain (sent, no
   * answer or 5xx: may exist; reconciled before the market sees another order) | pending (intent
   * stored, no answer recorded) | duplicate (this opportunity's order already exists; nothing sent).
   */
  status: z.enum(ORDER_STATUSES),
  reason: z.string().optional(),
  /** Status of the existing order when `status` is duplicate. */
  existing_status: z.string().optional(),
  venue_order_id: z.string().optional(),
  /** The venue's own word: matched, live, delayed, unmatched. */
  venue_status: z.string().optional(),
  http_status: z.number().int().optional(),
  condition_id: z.string(),
  token_id: z.string().regex(/^\d{1,100}$/),
  outcome: z.string(),
  slug: z.string().optional(),
  side: z.literal("BUY"),
  order_type: z.enum(["FOK", "FAK"]),
  limit_price: decimalString,
  /** Shares ordered (the BUY's taker amount). */
  size: decimalString,
  /** Collateral offered, whole cents (the BUY's maker amount). */
  maker_amount: decimalString,
  filled_size: decimalString,
  avg_price: decimalString.optional(),
  /** Σ fill size × price, collateral. */
  cost: decimalString,
  /** Σ fill fees under the market's schedule, collateral. */
  fee: decimalString,
  trade_ids: z.array(z.string()),
  /** What planning changed (tick or precision rounding). */
  adjustments: z.array(z.string()).optional(),
  created_at: z.iso.datetime(),
});

export type OrderRecord = z.infer<typeof orderRecordSchema>;
