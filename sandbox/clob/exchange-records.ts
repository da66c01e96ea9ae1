/**
 * The exchange's records (API keys, balances, user orders, trades, redemptions) and what reading
 * them answers: the market of a token, the makers' book, the tick, what open orders reserve.
 * Placement and redemption write through it; `SandboxExchange` (exchange.ts) adds the passage of
 * time on top.
 */
import { Decimal } from "../../core/decimal.ts";
import type { SandboxInstance } from "../server.ts";
import type { BookLevel, OrderBook, SandboxMarket } from "../types.ts";
import { Accounts } from "./accounts.ts";
import { formatMicro, notionalMicro, priceText, toMicro } from "./amounts.ts";
import { ApiKeyStore } from "./auth.ts";
import { Heartbeats } from "./heartbeats.ts";
import type { Redemption, VenueOrder, VenueTrade } from "./state.ts";

type CancelResult = { canceled: string[]; not_canceled: Record<string, string> };

export class ExchangeRecords {
  readonly accounts: Accounts;
  readonly keys: ApiKeyStore;
  readonly heartbeats: Heartbeats;
  readonly orders = new Map<string, VenueOrder>();
  readonly trades: VenueTrade[] = [];
  readonly redemptions: Redemption[] = [];
  /** Every order hash ever accepted (a re-post of the same signed order is a duplicate). */
  readonly seen = new Set<string>();
  readonly tradedTokens = new Set<string>();
  private readingBook = false;

  constructor(readonly app: SandboxInstance) {
    this.accounts = new Accounts(toMicro(app.options.balance));
    this.keys = new ApiKeyStore(app.options.seed);
    this.heartbeats = new Heartbeats(app.options.seed);
  }

  market(tokenId: string): SandboxMarket | undefined {
    return this.app.markets?.byToken(tokenId);
  }

  /**
   * The makers' book at `now`, without the users' resting orders (the public book merges those in
   * through `restingLevels`, which answers empty while the exchange itself is reading).
   */
  book(tokenId: string, now: number): OrderBook | undefined {
    this.readingBook = true;
    try {
      return this.app.books?.book(tokenId, now);
    } finally {
      this.readingBook = false;
    }
  }

  /** The tick orders must respect at `now` (books narrow 0.01 markets to 0.001 near 0 and 1). */
  tickSize(market: SandboxMarket, tokenId: string, now: number): string {
    return this.app.books?.tickSize?.(tokenId, Math.min(now, market.end - 1)) ?? market.tickSize;
  }

  /** Resting user orders aggregated per price, best first, for the public book. */
  restingLevels(tokenId: string): { bids: BookLevel[]; asks: BookLevel[] } {
    const bids = new Map<string, bigint>();
    const asks = new Map<string, bigint>();
    if (this.readingBook) return { bids: [], asks: [] };
    for (const order of this.orders.values()) {
      if (order.status !== "LIVE" || order.tokenId !== tokenId || order.remainingShares <= 0n) continue;
      const side = order.side === "BUY" ? bids : asks;
      const price = priceText(order.price, order.market.tickSize);
      side.set(price, (side.get(price) ?? 0n) + order.remainingShares);
    }
    const levels = (map: Map<string, bigint>, descending: boolean) =>
      [...map].sort(([a], [b]) => (descending ? new Decimal(b).cmp(a) : new Decimal(a).cmp(b))).map(([price, shares]) => ({ price, size: formatMicro(shares) }));
    return { bids: levels(bids, true), asks: levels(asks, false) };
  }

  /**
   * What the funder's other open orders on the order's side hold: pUSD for BUYs (LIVE remainders at
   * their limit), the same token for SELLs; DELAYED orders hold their full maker amount.
   */
  reserved(order: VenueOrder): bigint {
    let reserved = 0n;
    for (const other of this.orders.values()) {
      if (other.funder !== order.funder || other.side !== order.side || other.id === order.id || (order.side === "SELL" && other.tokenId !== order.tokenId)) continue;
      if (other.status === "LIVE") reserved += order.side === "BUY" ? notionalMicro(other.remainingShares, other.price, Decimal.ROUND_UP) : other.remainingShares;
      if (other.status === "DELAYED") reserved += other.payload.order.makerAmount;
    }
    return reserved;
  }

  ordersOf(account: string): VenueOrder[] {
    return [...this.orders.values()].filter((order) => order.account === account);
  }

  isOpen(order: VenueOrder): boolean {
    return order.status === "LIVE" || order.status === "DELAYED";
  }

  /** Cancels the account's open orders among `ids`; others are reported with a reason. */
  cancel(account: string, ids: string[]): CancelResult {
    const result: CancelResult = { canceled: [], not_canceled: {} };
    for (const id of ids) {
      const order = this.orders.get(id);
      if (!order || order.account !== account) result.not_canceled[id] = "order not found";
      else if (!this.isOpen(order)) result.not_canceled[id] = "already canceled or matched";
      else {
        order.status = "CANCELED";
        result.canceled.push(id);
      }
    }
    return result;
  }

  cancelWhere(account: string, keep: (order: VenueOrder) => boolean = () => false): CancelResult {
    const ids = this.ordersOf(account)
      .filter((order) => this.isOpen(order) && !keep(order))
      .map((order) => order.id);
    return this.cancel(account, ids);
  }
}
