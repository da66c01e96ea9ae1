/**
 * The `fill` record: one trade of one of pm-arb's orders, paper or live. A live fill counts toward
 * a position only once the venue reports its trade settled (`confirmed`); a trade that reported
 * matched and then failed (a ghost fill) is `failed` with `reversed: true`.
 * Written by `pm-arb trade` and `pm-arb positions --fills`; documented in docs/records.md#fill.
 */
import { z } from "zod";
import { decimalString, envelope } from "./fields.ts";

export const fillRecordSchema = z.object({
  ...envelope("fill"),
  /** The venue's trade id (paper: derived from the client order id). */
  fill_id: z.string(),
  client_order_id: z.string(),
  venue_order_id: z.string().optional(),
  mode: z.enum(["paper", "live"]),
  condition_id: z.string(),
  token_id: z.string().regex(/^\d{1,100}$/),
  outcome: z.string(),
  side: z.literal("BUY"),
  price: decimalString,
  size: decimalString,
  /** size × price, collateral. */
  cost: decimalString,
  /** Taker fee under the market's schedule at this fill's price, collateral, 5 places. */
  fee: decimalString,
  /** The venue's trade lifecycle, lower-cased: matched, mined, confirmed, retrying, failed. */
  status: z.enum(["matched", "mined", "confirmed", "retrying", "failed"]),
  settled: z.boolean(),
  reversed: z.boolean(),
});

export type FillRecord = z.infer<typeof fillRecordSchema>;
