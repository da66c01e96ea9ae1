/**
 * The venue's account side (`app.exchange`): the exchange's records (exchange-records.ts) moved
 * through time. Time moves only through `sweep(now)`, which the routes call before answering and a
 * timer calls while the clock runs: heartbeat expiry, GTD expiry, orders on ended markets, delayed
 * orders, resting orders the makers' requotes cross, the trade lifecycle, and redemption.
 */
import { formatMicro } from "./amounts.ts";
import { ExchangeRecords } from "./exchange-records.ts";
import { executeDelayed, fillResting } from "./placement.ts";
import { redeemResolved } from "./resolution.ts";
import { advanceTrade } from "./settlement.ts";

export class SandboxExchange extends ExchangeRecords {
  /**
   * Every user order and trade as the venue holds them, after catching up to `now`; `refused`: order
   * hashes the venue checked and turned away after signature checks (a killed FOK, no balance).
   */
  ledger(now: number) {
    this.sweep(now);
    const orders = [...this.orders.values()].map((order) => ({
      id: order.id,
      account: order.account,
      status: order.status,
      order_type: order.orderType,
      metadata: order.metadata,
      size_matched: formatMicro(order.matchedShares),
      created_at: order.createdAt,
    }));
    const trades = this.trades.map((trade) => ({
      id: trade.id,
      order_id: trade.orderId,
      account: trade.account,
      status: trade.status,
      size: formatMicro(trade.shares),
      match_time: trade.matchTime,
    }));
    return { orders, trades, refused: [...this.seen].filter((id) => !this.orders.has(id)) };
  }

  sweep(now: number): void {
    for (const lapsed of this.heartbeats.expire(now)) this.cancelWhere(lapsed.account);
    for (const order of [...this.orders.values()].sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))) {
      if (order.status === "LIVE" && ((order.expiresAt !== undefined && order.expiresAt <= now) || now >= order.market.end)) order.status = "CANCELED";
      if (order.status === "DELAYED" && order.executeAt !== undefined && order.executeAt <= now) executeDelayed(this, order);
      if (order.status === "LIVE") fillResting(this, order, now);
    }
    for (const trade of this.trades) advanceTrade(this.accounts, trade, now);
    redeemResolved(this, now);
  }
}
