/**
 * Accepting and matching orders. `placeOrder` runs the venue's checks in order (owner, signer,
 * signature and own funder, duplicate, market and amount rules), then matches against every
 * resting order, the makers' and other wallets', by price then time: FOK all or nothing, FAK what is
 * there, GTC/GTD fill what crosses and rest the remainder (post-only must not cross). Balances are checked on the would-be result before anything is committed.
 */
import { Decimal } from "../../core/decimal.ts";
import type { SandboxMarket } from "../types.ts";
import { formatMicro, notionalMicro, takerFeeMicro } from "./amounts.ts";
import type { ApiKey } from "./auth.ts";
import type { ExchangeRecords } from "./exchange-records.ts";
import { consumedLevels, type Fill, walkBook } from "./matching.ts";
import { type OrderPayload, orderHash, recoverOrderSigner } from "./order-signature.ts";
import { ownWalletOf } from "./own-wallets.ts";
import { applyTrade, tradeId, transactionHash } from "./settlement.ts";
import type { VenueOrder, VenueTrade } from "./state.ts";
import { checkOrder, FAK_NO_MATCH, FOK_KILLED, GTD_THRESHOLD_MS, isMarketOrder, limitPrice, NO_BALANCE, orderShares, POST_ONLY_CROSSES } from "./validation.ts";

const OWNER_MISMATCH = "the order owner has to be the owner of the API KEY";
const SIGNER_MISMATCH = "the order signer address has to be the address of the API KEY";
const INVALID_SIGNATURE = "invalid signature";
const EXECUTION_ERROR = "could not run the execution";
const DELAYED_MESSAGE = "order match delayed due to market conditions";

type OrderResponse = {
  success: boolean;
  errorMsg: string;
  orderID: string;
  status: "matched" | "live" | "delayed" | "unmatched";
  makingAmount: string;
  takingAmount: string;
  tradeIDs: string[];
  transactionsHashes: string[];
};

export type PlaceResult = { ok: true; response: OrderResponse } | { ok: false; status: number; error: string; orderID?: string };

/** The venue's answer to one order post: nothing matched unless `fields` say otherwise. */
export function orderResponse(orderID: string, fields: Partial<OrderResponse> = {}): OrderResponse {
  return { success: true, errorMsg: "", orderID, status: "unmatched", makingAmount: "0", takingAmount: "0", tradeIDs: [], transactionsHashes: [], ...fields };
}

export type PlaceOptions = {
  /** Fills become ghost trades (the `ghost-fill` fault). */
  ghost?: boolean;
  /** Accept now, match this much later (the `delayed` fault). */
  delayMs?: number;
  /** Whether the engine fails to run this market's order (the `execution-error` fault). */
  executionError?: (market: SandboxMarket) => boolean;
};

/**
 * Whether the order's maker is a wallet its signer may fund from: a POLY_1271 deposit wallet signs
 * as itself; a proxy or Safe must be the signer's own (the exchange checks it with the signature;
 * the venue's exact text for this case is not documented, "invalid signature" is assumed).
 */
function fundsOwnWallet(order: OrderPayload["order"]): boolean {
  if (order.signatureType === 3) return order.maker === order.signer;
  if (order.signatureType === 1 || order.signatureType === 2) return order.maker === ownWalletOf(order.signer, order.signatureType);
  return true;
}

function fail(status: number, error: string, orderID?: string): PlaceResult {
  return { ok: false, status, error, orderID };
}

export function placeOrder(ex: ExchangeRecords, key: ApiKey, payload: OrderPayload, now: number, options: PlaceOptions = {}): PlaceResult {
  const { order } = payload;
  if (payload.owner !== key.key) return fail(400, OWNER_MISMATCH);
  const market = ex.market(order.tokenId);
  if (!market) return fail(404, "market not found");
  const id = orderHash(order, market.negRisk);
  const is1271 = order.signatureType === 3;
  if (!is1271 && order.signer.toLowerCase() !== key.address) return fail(400, SIGNER_MISMATCH, id);
  if (order.signatureType === 0 && order.maker !== order.signer) return fail(400, OWNER_MISMATCH, id);
  const recovered = recoverOrderSigner(order, market.negRisk)?.toLowerCase();
  const expected = is1271 ? key.address : order.signer.toLowerCase();
  if (recovered !== expected || !fundsOwnWallet(order)) return fail(400, INVALID_SIGNATURE, id);
  if (ex.seen.has(id)) return fail(400, `order ${id} is invalid. Duplicated.`, id);
  const tickSize = ex.tickSize(market, order.tokenId, now);
  const problem = checkOrder(id, payload, market, tickSize, now);
  if (problem) return fail(400, problem, id);
  if (options.executionError?.(market)) return fail(500, EXECUTION_ERROR);

  ex.seen.add(id);
  ex.accounts.ensure(key.address);
  if (order.signatureType === 3) ex.accounts.linkFunder(key.address, order.signatureType, order.maker);
  const price = limitPrice(payload, tickSize);
  const shares = orderShares(payload);
  const marketBuy = isMarketOrder(payload) && order.side === "BUY";
  const venueOrder: VenueOrder = {
    id,
    account: key.address,
    apiKey: key.key,
    funder: order.maker.toLowerCase(),
    makerAddress: order.maker,
    market,
    tokenId: order.tokenId,
    outcome: market.outcomes[market.tokenIds.indexOf(order.tokenId)] ?? "",
    side: order.side,
    orderType: payload.orderType,
    price,
    amount: marketBuy ? { kind: "collateral", budget: order.makerAmount } : { kind: "shares", shares },
    originalShares: shares,
    matchedShares: 0n,
    remainingShares: 0n,
    status: "UNMATCHED",
    createdAt: now,
    expiration: order.expiration,
    expiresAt: payload.orderType === "GTD" ? Number(order.expiration) * 1000 - GTD_THRESHOLD_MS : undefined,
    metadata: order.metadata,
    tradeIds: [],
    postOnly: payload.postOnly,
    ghost: options.ghost === true,
    payload,
  };
  ex.accounts.ensure(venueOrder.funder);

  if (options.delayMs !== undefined) {
    if (order.makerAmount > available(ex, venueOrder)) return fail(400, NO_BALANCE, id);
    venueOrder.status = "DELAYED";
    venueOrder.executeAt = now + options.delayMs;
    ex.orders.set(id, venueOrder);
    return { ok: true, response: orderResponse(id, { errorMsg: DELAYED_MESSAGE, status: "delayed" }) };
  }
  return executeOrder(ex, venueOrder, now);
}

/** Matches an accepted order against the book at `now` and commits the result. */
function executeOrder(ex: ExchangeRecords, order: VenueOrder, now: number): PlaceResult {
  // The venue checks the order's full amount against free balance before it matches anything.
  if (order.payload.order.makerAmount > available(ex, order)) return fail(400, NO_BALANCE, order.id);
  const walk = walkBook(order.side, ex.liquidity(order.tokenId, order.side, order.funder, now), order.price, order.amount);
  const complete = walk.remaining === 0n;
  if (order.postOnly && walk.fills.length > 0) return fail(400, POST_ONLY_CROSSES, order.id);
  if (order.orderType === "FOK" && !complete) return fail(400, FOK_KILLED, order.id);
  if (order.orderType === "FAK" && walk.fills.length === 0) return fail(400, FAK_NO_MATCH, order.id);
  const rests = (order.orderType === "GTC" || order.orderType === "GTD") && !complete;
  const restShares = rests ? walk.remaining : 0n;
  const fee = walk.fills.reduce((sum, fill) => sum + takerFeeMicro(order.market.fee, fill.shares, fill.price), 0n);

  const needed = order.side === "BUY" ? walk.collateral + fee + notionalMicro(restShares, order.price, Decimal.ROUND_UP) : walk.shares + restShares;
  if (needed > available(ex, order)) return fail(400, NO_BALANCE, order.id);

  order.matchedShares = walk.shares;
  order.remainingShares = restShares;
  order.status = rests ? "LIVE" : walk.fills.length > 0 ? "MATCHED" : "UNMATCHED";
  ex.orders.set(order.id, order);
  const trade = walk.fills.length > 0 ? recordTrade(ex, order, { fills: walk.fills, shares: walk.shares, collateral: walk.collateral, fee, traderSide: "TAKER" }, now) : undefined;
  for (const fill of trade?.fills ?? []) if (fill.maker) fillUserMaker(ex, fill, trade!, now);
  const making = order.side === "BUY" ? walk.collateral : walk.shares;
  const taking = order.side === "BUY" ? walk.shares : walk.collateral;
  const response = orderResponse(order.id, { status: rests ? "live" : "matched", makingAmount: formatMicro(making), takingAmount: formatMicro(taking) });
  return { ok: true, response: { ...response, tradeIDs: trade ? [trade.id] : [], transactionsHashes: trade ? [trade.transactionHash] : [] } };
}

/** Free pUSD (BUY) or free tokens (SELL) of the order's funder, net of its other open orders. */
function available(ex: ExchangeRecords, order: VenueOrder): bigint {
  const held = order.side === "BUY" ? ex.accounts.collateral(order.funder) : ex.accounts.tokens(order.funder, order.tokenId);
  return held - ex.reserved(order);
}

type TradeTerms = Pick<VenueTrade, "fills" | "shares" | "collateral" | "fee" | "traderSide"> & { id?: string; takerOrderId?: string };

/** Books a trade for the order and moves balances; `id`: the taker's trade, seen from a user maker's side. */
function bookTrade(ex: ExchangeRecords, order: VenueOrder, terms: TradeTerms, now: number, ghost: boolean): VenueTrade {
  const { id = tradeId(order.id, order.tradeIds.length), ...rest } = terms;
  const trade: VenueTrade = {
    ...rest,
    id,
    orderId: order.id,
    account: order.account,
    apiKey: order.apiKey,
    funder: order.funder,
    makerAddress: order.makerAddress,
    market: order.market,
    tokenId: order.tokenId,
    outcome: order.outcome,
    side: order.side,
    orderPrice: order.price,
    matchTime: now,
    lastUpdate: now,
    status: "MATCHED",
    transactionHash: transactionHash(id),
    ghost,
  };
  applyTrade(ex.accounts, trade, 1n);
  ex.trades.push(trade);
  ex.tradedTokens.add(order.tokenId);
  order.tradeIds.push(id);
  return trade;
}

/** Books the order's trade, takes the makers' share of it out of their book and notes the last trade. */
function recordTrade(ex: ExchangeRecords, order: VenueOrder, terms: TradeTerms, now: number): VenueTrade {
  const trade = bookTrade(ex, order, terms, now, order.ghost);
  // The taken maker liquidity leaves the book (for a resting order crossed by a requote, too).
  ex.app.books?.consume(order.tokenId, order.side, consumedLevels(trade.fills), now);
  const taker = trade.traderSide === "TAKER";
  const last = taker ? trade.fills[trade.fills.length - 1]!.price : order.price.toString();
  const takerSide = taker ? order.side : order.side === "BUY" ? "SELL" : "BUY";
  ex.app.books?.noteTrade(order.tokenId, last, now, { side: takerSide, size: formatMicro(trade.shares) });
  return trade;
}

/** Makers pay nothing under a taker-only schedule (every crypto market); otherwise the same curve. */
function makerFee(order: VenueOrder, shares: bigint): bigint {
  return order.market.fee && !order.market.fee.takerOnly ? takerFeeMicro(order.market.fee, shares, order.price) : 0n;
}

/**
 * The other side of a taker's fill against a user's resting order: the resting order fills at its
 * own price, as the maker, under the taker's trade id; the collateral is exactly what the taker paid
 * or received for that fill. A ghost fill fails for both (one settlement transaction).
 */
function fillUserMaker(ex: ExchangeRecords, fill: Fill, taken: VenueTrade, now: number): void {
  const resting = ex.orders.get(fill.maker!.orderId)!;
  const own: Fill = { price: fill.price, shares: fill.shares, collateral: fill.collateral };
  const terms: TradeTerms = {
    id: taken.id,
    takerOrderId: taken.orderId,
    fills: [own],
    shares: fill.shares,
    collateral: fill.collateral,
    fee: makerFee(resting, fill.shares),
    traderSide: "MAKER",
  };
  bookTrade(ex, resting, terms, now, taken.ghost);
  resting.matchedShares += fill.shares;
  resting.remainingShares -= fill.shares;
  if (resting.remainingShares <= 0n) resting.status = "MATCHED";
}

/** Runs a delayed order's matching at its execution time; a kill leaves it UNMATCHED. */
export function executeDelayed(ex: ExchangeRecords, order: VenueOrder): void {
  order.status = "UNMATCHED";
  executeOrder(ex, order, order.executeAt ?? order.createdAt);
}

/** A resting order the makers' book now crosses fills at its own price, as the maker. */
export function fillResting(ex: ExchangeRecords, order: VenueOrder, now: number): void {
  const book = ex.book(order.tokenId, now);
  const levels = (order.side === "BUY" ? book?.asks : book?.bids) ?? [];
  const walk = walkBook(order.side, levels, order.price, { kind: "shares", shares: order.remainingShares });
  if (walk.fills.length === 0) return;
  const collateral = notionalMicro(walk.shares, order.price, order.side === "BUY" ? Decimal.ROUND_UP : Decimal.ROUND_DOWN);
  recordTrade(ex, order, { fills: walk.fills, shares: walk.shares, collateral, fee: makerFee(order, walk.shares), traderSide: "MAKER" }, now);
  order.matchedShares += walk.shares;
  order.remainingShares -= walk.shares;
  if (order.remainingShares <= 0n) order.status = "MATCHED";
}
