/** The exchange's records: user orders, trades, redemptions. */
import type { Decimal } from "../../core/decimal.ts";
import type { SandboxMarket } from "../types.ts";
import type { Amount, Fill } from "./matching.ts";
import type { OrderPayload, OrderType, Side } from "./order-signature.ts";

type OrderStatus = "LIVE" | "MATCHED" | "CANCELED" | "DELAYED" | "UNMATCHED";

/** Whose an order is and what it trades; each of its trades carries the same. */
type Ticket = {
  /** The API key's wallet (lower-case): heartbeats and cancel-all act per account. */
  account: string;
  apiKey: string;
  /** Address whose balances the order uses (lower-case) and the maker as signed. */
  funder: string;
  makerAddress: string;
  market: SandboxMarket;
  tokenId: string;
  outcome: string;
  side: Side;
};

export type VenueOrder = Ticket & {
  id: string;
  orderType: OrderType;
  price: Decimal;
  /** What the order is for: collateral (market BUY) or shares. */
  amount: Amount;
  originalShares: bigint;
  matchedShares: bigint;
  /** Shares still resting on the book (LIVE orders). */
  remainingShares: bigint;
  status: OrderStatus;
  createdAt: number;
  expiration: string;
  /** GTD: when the venue drops it (stated expiration minus the security threshold). */
  expiresAt?: number;
  metadata: string;
  tradeIds: string[];
  postOnly: boolean;
  /** Delayed orders: when matching runs. */
  executeAt?: number;
  /** Fills of this order will fail on chain (the `ghost-fill` fault). */
  ghost: boolean;
  payload: OrderPayload;
};

type TradeStatus = "MATCHED" | "MINED" | "CONFIRMED" | "RETRYING" | "FAILED";

export type VenueTrade = Ticket & {
  id: string;
  orderId: string;
  traderSide: "TAKER" | "MAKER";
  shares: bigint;
  /** Collateral exchanged before fees. */
  collateral: bigint;
  fee: bigint;
  fills: Fill[];
  /** The limit price of the order that traded (the trade's own price is collateral / shares). */
  orderPrice: Decimal;
  matchTime: number;
  lastUpdate: number;
  status: TradeStatus;
  transactionHash: string;
  ghost: boolean;
};

export type Redemption = {
  funder: string;
  market: SandboxMarket;
  tokenId: string;
  outcome: string;
  shares: bigint;
  payout: bigint;
  time: number;
  transactionHash: string;
};
