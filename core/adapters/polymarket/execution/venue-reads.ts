/**
 * The venue's account reads, checked before pm-arb believes them. A number that does not parse
 * (NaN, "", null) fails the whole read — never read as zero — so reconciliation leaves the order as
 * it was rather than book a fill of nothing or conclude the order is absent. `GET /data/order/{hash}`
 * answers a JSON `null` for an order it does not show: the only answer read as "not shown".
 */
import { z } from "zod";
import { parseDecimal } from "../../../safe-parse.ts";

const amount = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const parsed = parseDecimal(value);
  if (parsed.ok && parsed.value.gte(0)) return parsed.value;
  ctx.addIssue({ code: "custom", message: parsed.ok ? `negative amount ${value}` : parsed.error });
  return z.NEVER;
});
const id = z.string().min(1);
const word = z.string().transform((value) => value.toUpperCase());

export const tradeSchema = z
  .object({
    id,
    taker_order_id: id,
    market: z.string(),
    asset_id: z.string(),
    side: z.string(),
    size: amount,
    price: amount,
    status: word,
    trader_side: z.string().optional().default(""),
    maker_orders: z.array(z.object({ order_id: id, price: amount, matched_amount: amount })).default([]),
  })
  .transform((trade) => ({
    id: trade.id,
    takerOrderId: trade.taker_order_id,
    market: trade.market,
    assetId: trade.asset_id,
    side: trade.side,
    size: trade.size,
    price: trade.price,
    /** Upper-case venue status: MATCHED, MINED, CONFIRMED, RETRYING, FAILED. */
    status: trade.status,
    traderSide: trade.trader_side,
    makerOrders: trade.maker_orders.map((maker) => ({ orderId: maker.order_id, price: maker.price, matchedAmount: maker.matched_amount })),
  }));

export const openOrderSchema = z
  .object({
    id,
    status: word,
    market: z.string(),
    asset_id: z.string(),
    original_size: amount,
    size_matched: amount,
    price: amount,
    associate_trades: z.array(z.string()).nullish(),
    metadata: z.string().optional(),
  })
  .transform((order) => ({
    id: order.id,
    status: order.status,
    market: order.market,
    assetId: order.asset_id,
    originalSize: order.original_size,
    sizeMatched: order.size_matched,
    price: order.price,
    associateTrades: order.associate_trades ?? [],
    ...(order.metadata !== undefined ? { metadata: order.metadata } : {}),
  }));

export type VenueTrade = z.output<typeof tradeSchema>;
export type VenueOpenOrder = z.output<typeof openOrderSchema>;

function failure(what: string, error: z.ZodError): Error {
  const issue = error.issues[0];
  return new Error(`unreadable ${what} from the venue: ${issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "invalid"}`);
}

function parseList<S extends z.ZodType>(schema: S, what: string, raw: unknown): z.output<S>[] {
  const parsed = z.array(schema).safeParse(raw);
  if (!parsed.success) throw failure(what, parsed.error);
  return parsed.data;
}

/** Trades as the venue lists them; throws if any of them cannot be read. */
export function readTrades(raw: unknown): VenueTrade[] {
  return parseList(tradeSchema, "trades", raw);
}

/** Open orders as the venue lists them; throws if any of them cannot be read. */
export function readOpenOrders(raw: unknown): VenueOpenOrder[] {
  return parseList(openOrderSchema, "open orders", raw);
}

/** One order looked up by its hash: the order, or undefined for the venue's `null` (not shown); throws on anything else. */
export function readOrderLookup(raw: unknown): VenueOpenOrder | undefined {
  if (raw === null) return undefined;
  const parsed = openOrderSchema.safeParse(raw);
  if (!parsed.success) throw failure("order", parsed.error);
  return parsed.data;
}

/** The venue's clock (`GET /time`: unix seconds) in milliseconds; throws unless it is a plausible time. */
export function readServerTime(raw: unknown): number {
  const parsed = parseDecimal(typeof raw === "object" && raw !== null ? undefined : raw);
  if (!parsed.ok || !parsed.value.isInteger() || parsed.value.lte(0)) throw new Error(`unreadable time from the venue: ${JSON.stringify(raw)?.slice(0, 40)}`);
  return parsed.value.times(1000).toNumber();
}
