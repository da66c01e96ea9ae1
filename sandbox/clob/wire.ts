/**
 * How orders and trades look on the wire (`/data/orders`, `/data/order/:id`, `/data/trades`), and
 * the venue's cursor paging: base64 offsets, "MA==" first, "LTE=" (base64 "-1") after the last page.
 */
import { Decimal } from "../../core/decimal.ts";
import { formatMicro, priceText } from "./amounts.ts";
import type { VenueOrder, VenueTrade } from "./state.ts";

const INITIAL_CURSOR = "MA==";
const END_CURSOR = "LTE=";
const PAGE_SIZE = 100;

/** The simulated market makers' address (counterparty of every fill against their book). */
const MARKET_MAKER_ADDRESS = "0x5a4d000000000000000000000000000000000001";

function seconds(ms: number): number {
  return Math.floor(ms / 1000);
}

export function openOrderJson(order: VenueOrder) {
  return {
    id: order.id,
    status: order.status,
    owner: order.apiKey,
    maker_address: order.makerAddress,
    market: order.market.conditionId,
    asset_id: order.tokenId,
    side: order.side,
    original_size: formatMicro(order.originalShares),
    size_matched: formatMicro(order.matchedShares),
    price: priceText(order.price, order.market.tickSize),
    associate_trades: [...order.tradeIds],
    outcome: order.outcome,
    created_at: seconds(order.createdAt),
    expiration: order.expiration,
    order_type: order.orderType,
    metadata: order.metadata,
  };
}

export function tradeJson(trade: VenueTrade) {
  const opposite = trade.side === "BUY" ? "SELL" : "BUY";
  const price =
    trade.traderSide === "MAKER"
      ? priceText(trade.orderPrice, trade.market.tickSize)
      : new Decimal(trade.collateral.toString()).div(trade.shares.toString()).toDecimalPlaces(6).toString();
  const makerOrder = (order_id: string, owner: string, maker_address: string, shares: bigint, price: string, side: string) => ({
    order_id,
    owner,
    maker_address,
    matched_amount: formatMicro(shares),
    price,
    fee_rate_bps: "0",
    asset_id: trade.tokenId,
    outcome: trade.outcome,
    side,
  });
  // A taker's makers are the simulated market makers, one per fill; a maker fill lists the user's own order.
  const makerOrders =
    trade.traderSide === "TAKER"
      ? trade.fills.map((fill, i) => makerOrder(`${trade.id}-mm-${i}`, "", MARKET_MAKER_ADDRESS, fill.shares, fill.price, opposite))
      : [makerOrder(trade.orderId, trade.apiKey, trade.makerAddress, trade.shares, price, trade.side)];
  const rate = trade.market.fee ? new Decimal(trade.market.fee.rate).mul(10_000).toDecimalPlaces(0).toString() : "0";
  return {
    id: trade.id,
    taker_order_id: trade.traderSide === "TAKER" ? trade.orderId : `${trade.id}-mm`,
    market: trade.market.conditionId,
    asset_id: trade.tokenId,
    side: trade.side,
    size: formatMicro(trade.shares),
    fee_rate_bps: trade.traderSide === "TAKER" ? rate : "0",
    price,
    status: trade.status,
    match_time: String(seconds(trade.matchTime)),
    last_update: String(seconds(trade.lastUpdate)),
    outcome: trade.outcome,
    bucket_index: 0,
    owner: trade.apiKey,
    maker_address: trade.makerAddress,
    maker_orders: makerOrders,
    transaction_hash: trade.transactionHash,
    trader_side: trade.traderSide,
    err_msg: trade.status === "FAILED" ? "transaction reverted on chain" : null,
  };
}

/** One page of `items` from a cursor; undefined for a cursor the venue would not accept. */
export function page<T>(items: T[], cursor: string | null): { data: T[]; next_cursor: string; limit: number; count: number } | undefined {
  let offset = 0;
  if (cursor && cursor !== INITIAL_CURSOR) {
    if (cursor === END_CURSOR) return { data: [], next_cursor: END_CURSOR, limit: PAGE_SIZE, count: 0 };
    const decoded = Buffer.from(cursor, "base64").toString("utf8");
    if (!/^\d+$/.test(decoded)) return undefined;
    offset = Number(decoded);
  }
  const data = items.slice(offset, offset + PAGE_SIZE);
  const next = offset + PAGE_SIZE < items.length ? Buffer.from(String(offset + PAGE_SIZE)).toString("base64") : END_CURSOR;
  return { data, next_cursor: next, limit: PAGE_SIZE, count: data.length };
}
