/**
 * The venue as the engine sees it (core/trade/engine.ts): paper fills against a book, live trades
 * through a `VenueSession`, implemented by core/adapters/polymarket/execution/session.ts, which
 * parses and checks the venue's wire shapes it speaks in.
 */
import type { Credentials } from "../credentials.ts";
import type { Decimal } from "../decimal.ts";
import type { OrderIntent } from "../ledger/intent.ts";
import type { PostOutcome } from "./polymarket/execution/venue-errors.ts";
import type { VenueOpenOrder, VenueTrade } from "./polymarket/execution/venue-reads.ts";
import type { Book } from "./polymarket/market-data/token-book.ts";
import type { PreparedMarketBuy } from "./polymarket/orders/order-signer.ts";

/** An order with its amounts and venue id fixed, not yet signed (the adapter's order signer `prepare`). */
export type PreparedOrder = {
  /** The venue's id for it: the EIP-712 order hash, known before signing. */
  orderId: string;
  clientOrderId: string;
  makerAmount: Decimal;
  takerAmount: Decimal;
  signerOrder: PreparedMarketBuy;
};

export type SignedOrderToSend = {
  /** The venue's id for it: the EIP-712 order hash, known before sending. */
  orderId: string;
  body: string;
  makerAmount: Decimal;
  takerAmount: Decimal;
  metadata: string;
};

/** A live, authenticated session at the venue. */
export interface VenueSession {
  readonly signer: string;
  /** The address that holds the funds (funder, or the signer for an EOA). */
  readonly maker: string;
  readonly signatureType: number;
  /** The API key, masked. */
  readonly apiKey: string;
  /** True when the API credentials were derived with L1 (not given in the environment). */
  readonly derived: boolean;
  /** The API credentials, masked in every string form: the user channel's subscribe frame reads them. */
  readonly credentials: Credentials;
  redact(text: string): string;
  /** The order's amounts and venue id, synchronously (throws on an intent the signer refuses). */
  prepareMarketBuy(intent: OrderIntent): PreparedOrder;
  /** Synchronous, so an order can be signed and posted without yielding to the event loop. */
  signMarketBuy(order: PreparedOrder): SignedOrderToSend;
  post(order: SignedOrderToSend): Promise<PostOutcome>;
  /** The per-request timeout: how long a post may still be in flight after it left. */
  readonly timeoutMs: number;
  trades(params: { id?: string; market?: string; asset_id?: string }): Promise<VenueTrade[]>;
  openOrders(params: { id?: string; market?: string; asset_id?: string }): Promise<VenueOpenOrder[]>;
  /** One order by its hash (`GET /data/order/{hash}`); undefined when the venue does not show it. */
  order(orderId: string): Promise<VenueOpenOrder | undefined>;
  /** The venue's clock (ms), which judges how long an order has been missing. */
  serverTime(): Promise<number>;
  /** Sends a heartbeat; returns the id to send next, or throws InvalidHeartbeatId with the one the venue expects. */
  heartbeat(previousId: string): Promise<string>;
  closedOnly(): Promise<boolean>;
  collateral(): Promise<{ balance: Decimal; allowances: Record<string, Decimal> }>;
}

type PaperVenue = { mode: "paper"; book(tokenId: string): Promise<Book> };
type LiveVenue = {
  mode: "live";
  session: VenueSession;
  settleTimeoutMs: number;
  pollMs: number;
  /** Venue time an order without a trace waits, past the request timeout, before it is judged not placed (default core/trade/reconcile.ts ABSENT_GRACE_MS). */
  absentGraceMs?: number;
};
export type Venue = PaperVenue | LiveVenue;
