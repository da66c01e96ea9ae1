/**
 * `GET /admin/ledger` (issue #16 item 10): the venue's own record over HTTP — every accepted order
 * and every trade, as each wallet would read them, plus the hashes it refused.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { OrderType, Side } from "@polymarket/clob-client-v2";
import { Decimal } from "../../../core/decimal.ts";
import type { SandboxExchange } from "../../../sandbox/clob/exchange.ts";
import type { SandboxMarket } from "../../../sandbox/types.ts";
import { newTrader, reply } from "./trader.ts";
import { bestFirst, openWindow, useClobSandbox } from "./venue.ts";

type Ledger = ReturnType<SandboxExchange["ledger"]>;

const venue = useClobSandbox({ seed: 13, halfSpread: "0.03" });
let market: SandboxMarket;
beforeAll(() => {
  market = openWindow(venue, "1h", "ETH");
});

const METADATA = `0x${"cd".repeat(32)}`;

async function ledger(): Promise<Ledger> {
  const response = await fetch(`${venue.url}/admin/ledger`);
  expect(response.status).toBe(200);
  return (await response.json()) as Ledger;
}

describe("GET /admin/ledger", () => {
  test("lists each accepted order as its owner reads it, each trade for both users, and refused hashes", async () => {
    const token = market.tokenIds[0];
    const buyer = await newTrader(venue.url);
    const seller = await newTrader(venue.url);
    const now = venue.app.clock.now();
    const bought = await seller.client.createAndPostMarketOrder({ tokenID: token, amount: 20, side: Side.BUY }, undefined, OrderType.FOK);
    expect(bought.status).toBe("matched");
    const book = await buyer.client.getOrderBook(token);
    const price = new Decimal(bestFirst(book, "SELL")[0]!.price).add(book.tick_size).toNumber();
    const bid = await buyer.client.createAndPostOrder({ tokenID: token, price, size: 12, side: Side.BUY, metadata: METADATA } as never);
    const sold = await seller.client.createAndPostOrder({ tokenID: token, price, size: 5, side: Side.SELL });
    expect([bid.status, sold.status]).toEqual(["live", "matched"]);
    const killed = reply(await buyer.client.createAndPostMarketOrder({ tokenID: token, amount: 999, side: Side.BUY, price: 0.02 }, undefined, OrderType.FOK));
    expect(killed.error).toBeDefined();

    const venueRecord = await ledger();
    const resting = venueRecord.orders.find((order) => order.id === bid.orderID)!;
    const { account: _a, signature_type: _s, created_at_ms: _c, ...wire } = resting;
    expect(wire).toEqual((await buyer.client.getOrder(bid.orderID)) as never);
    expect(resting).toMatchObject({
      owner: buyer.creds.key,
      account: buyer.wallet.address.toLowerCase(),
      maker_address: buyer.wallet.address,
      metadata: METADATA,
      status: "LIVE",
      size_matched: "5",
      signature_type: 0,
      created_at_ms: now,
    });
    expect(venueRecord.orders.filter((order) => order.account === seller.wallet.address.toLowerCase()).map((order) => [order.id, order.status])).toEqual([
      [bought.orderID, "MATCHED"],
      [sold.orderID, "MATCHED"],
    ]);

    const shared = venueRecord.trades.filter((trade) => trade.id === sold.tradeIDs![0]);
    expect(shared.map((trade) => [trade.account, trade.order_id, trade.trader_side, trade.size, trade.taker_order_id])).toEqual([
      [seller.wallet.address.toLowerCase(), sold.orderID, "TAKER", "5", sold.orderID],
      [buyer.wallet.address.toLowerCase(), bid.orderID, "MAKER", "5", sold.orderID],
    ]);
    expect(shared[1]!.fee).toBe("0");
    expect(new Decimal(shared[0]!.fee).gt(0)).toBe(true);
    expect(shared.every((trade) => trade.match_time_ms === now && trade.status === "MATCHED")).toBe(true);
    expect(venueRecord.refused).toEqual([String(killed.orderID)]);
    expect(venueRecord.orders.map((order) => order.id)).not.toContain(String(killed.orderID));
  });
});
