/**
 * The venue's order checks that need no balances or book: tick, minimum size, marketable-order
 * amount precision and minimum, market state, GTD expiration. Each failure is the venue's message.
 */
import { Decimal } from "../../core/decimal.ts";
import type { SandboxMarket } from "../types.ts";
import { amountDecimals, decimalsOf, formatMicro, impliedPrice, MICRO } from "./amounts.ts";
import type { OrderPayload } from "./order-signature.ts";

/** GTD orders expire this long before their stated expiration (the venue's security threshold). */
export const GTD_THRESHOLD_MS = 60_000;
/** Marketable BUY orders must spend at least this much collateral. */
const MIN_MARKETABLE_BUY = 1n * MICRO;
/** A market order's implied price may miss the tick by this fraction of a tick (taker rounding). */
const MARKET_TICK_TOLERANCE = new Decimal("0.05");

const CLOSED_MARKET = "the market is not accepting orders";

export function isMarketOrder(payload: OrderPayload): boolean {
  return payload.orderType === "FOK" || payload.orderType === "FAK";
}

/** The order's limit price, snapped to the tick for market orders whose amounts were rounded. */
export function limitPrice(payload: OrderPayload, tickSize: string): Decimal {
  const { side, makerAmount, takerAmount } = payload.order;
  const raw = impliedPrice(side, makerAmount, takerAmount);
  if (!isMarketOrder(payload)) return raw;
  const tick = new Decimal(tickSize);
  const snapped = raw.div(tick).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).mul(tick);
  return snapped.sub(raw).abs().lte(tick.mul(MARKET_TICK_TOLERANCE)) ? snapped : raw;
}

/** Shares the order is for (BUY: taker amount, SELL: maker amount). */
export function orderShares(payload: OrderPayload): bigint {
  return payload.order.side === "BUY" ? payload.order.takerAmount : payload.order.makerAmount;
}

function marketClosed(market: SandboxMarket, now: number): boolean {
  return market.winner !== undefined || now >= market.end;
}

/** Returns the venue's error message, or undefined when the order passes. */
export function checkOrder(id: string, payload: OrderPayload, market: SandboxMarket, tickSize: string, now: number): string | undefined {
  const { order } = payload;
  if (marketClosed(market, now)) return CLOSED_MARKET;
  const tick = new Decimal(tickSize);
  const price = limitPrice(payload, tickSize);
  if (!price.div(tick).isInteger() || price.lt(tick) || price.gt(new Decimal(1).sub(tick))) {
    return `order ${id} is invalid. Price (${price.toSignificantDigits(8).toString()}) breaks minimum tick size rule: ${tickSize}`;
  }
  if (isMarketOrder(payload)) {
    const takerPlaces = amountDecimals(tickSize);
    if (decimalsOf(order.makerAmount) > 2 || decimalsOf(order.takerAmount) > takerPlaces) {
      const kind = order.side === "BUY" ? "market buy orders" : "sell orders";
      return `invalid amounts, the ${kind} maker amount supports a max accuracy of 2 decimals, taker amount a max of ${takerPlaces} decimals`;
    }
    if (order.side === "BUY" && order.makerAmount < MIN_MARKETABLE_BUY) {
      return `invalid amount for a marketable BUY order ($${formatMicro(order.makerAmount)}), min size: $1`;
    }
  }
  const shares = orderShares(payload);
  if (new Decimal(formatMicro(shares)).lt(market.minSize)) {
    return `order ${id} is invalid. Size (${formatMicro(shares)}) lower than the minimum: ${market.minSize}`;
  }
  if (payload.postOnly && isMarketOrder(payload)) return INVALID_POST_ONLY_TYPE;
  if (payload.orderType === "GTD") {
    const expiresAt = Number(order.expiration) * 1000 - GTD_THRESHOLD_MS;
    if (order.expiration === "0" || expiresAt <= now) return "invalid expiration";
  }
  return undefined;
}

const INVALID_POST_ONLY_TYPE = "invalid post-only order: FOK and FAK orders cannot be post-only";
export const POST_ONLY_CROSSES = "invalid post-only order: order crosses book";
export const FOK_KILLED = "order couldn't be fully filled. FOK orders are fully filled or killed.";
export const FAK_NO_MATCH = "no orders found to match with FAK order. FAK orders are partially filled or killed if no match is found.";
export const NO_BALANCE = "not enough balance / allowance";
