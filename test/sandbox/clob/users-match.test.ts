/**
 * Users' orders trade with each other (issue #16 item 1): every resting order — the makers' and
 * every wallet's — is matched by price, then time, through the official client, two wallets.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { OrderType, Side } from "@polymarket/clob-client-v2";
import { Decimal } from "../../../core/decimal.ts";
import type { SandboxMarket } from "../../../sandbox/types.ts";
import { collateral, newTrader, tokens } from "./trader.ts";
import { bestFirst, expectedFee, openWindow, useClobSandbox } from "./venue.ts";

// A wide spread leaves room for users' orders strictly between the makers' quotes.
const venue = useClobSandbox({ seed: 11, halfSpread: "0.03" });
let market: SandboxMarket;
beforeAll(() => {
  market = openWindow(venue, "1h", "BTC");
});

type Trader = Awaited<ReturnType<typeof newTrader>>;

/** A trader holding `shares` of the token, bought from the makers (FOK market BUY). */
async function holder(token: string, spend: number): Promise<Trader> {
  const trader = await newTrader(venue.url);
  expect((await trader.client.createAndPostMarketOrder({ tokenID: token, amount: spend, side: Side.BUY }, undefined, OrderType.FOK)).status).toBe("matched");
  return trader;
}

/** The makers' best bid and a price strictly inside the spread. */
async function inside(client: Trader["client"], token: string) {
  const book = await client.getOrderBook(token);
  const bid = new Decimal(bestFirst(book, "SELL")[0]!.price);
  const ask = new Decimal(bestFirst(book, "BUY")[0]!.price);
  const price = bid.add(book.tick_size);
  expect(price.lt(ask)).toBe(true);
  return { bid, ask, price: price.toNumber() };
}

describe("users' orders match each other", () => {
  test("a SELL at another wallet's resting bid trades with it: no locked book, both see the same trade", async () => {
    const token = market.tokenIds[0];
    const buyer = await newTrader(venue.url);
    const seller = await holder(token, 30);
    const { price } = await inside(buyer.client, token);
    const bid = await buyer.client.createAndPostOrder({ tokenID: token, price, size: 20, side: Side.BUY }, undefined, OrderType.GTC);
    expect(bid.status).toBe("live");
    const sellerCash = await collateral(seller.client);
    const sellerShares = await tokens(seller.client, token);

    const ask = await seller.client.createAndPostOrder({ tokenID: token, price, size: 20, side: Side.SELL }, undefined, OrderType.GTC);
    const notional = new Decimal(20).mul(price);
    expect(ask).toMatchObject({ success: true, status: "matched", makingAmount: "20", takingAmount: notional.toString() });
    expect(ask.tradeIDs).toHaveLength(1);
    // Neither order is left on the book: it is not locked.
    const book = await buyer.client.getOrderBook(token);
    expect(book.bids.find((level) => Number(level.price) === price)).toBeUndefined();
    expect(book.asks.find((level) => Number(level.price) === price)).toBeUndefined();
    expect(await buyer.client.getOpenOrders()).toEqual([]);
    expect(await buyer.client.getOrder(bid.orderID)).toMatchObject({ status: "MATCHED", size_matched: "20", associate_trades: ask.tradeIDs });

    const [taken] = await seller.client.getTrades({ id: ask.tradeIDs![0] });
    expect(taken).toMatchObject({ id: ask.tradeIDs![0], trader_side: "TAKER", side: "SELL", size: "20", taker_order_id: ask.orderID });
    expect(taken!.maker_orders).toEqual([
      expect.objectContaining({ order_id: bid.orderID, owner: buyer.creds.key, maker_address: buyer.wallet.address, matched_amount: "20", side: "BUY" }),
    ]);
    const [made] = await buyer.client.getTrades();
    expect(made).toMatchObject({ id: ask.tradeIDs![0], trader_side: "MAKER", side: "BUY", size: "20", taker_order_id: ask.orderID, fee_rate_bps: "0" });

    // The maker pays its limit and no fee (taker-only schedule); the taker receives it less the taker fee.
    expect((await collateral(buyer.client)).toString()).toBe(new Decimal(1000).sub(notional).toString());
    expect((await tokens(buyer.client, token)).toString()).toBe("20");
    expect((await tokens(seller.client, token)).toString()).toBe(sellerShares.sub(20).toString());
    const fee = expectedFee([{ shares: "20", price: String(price) }]);
    expect((await collateral(seller.client)).toString()).toBe(sellerCash.add(notional).sub(fee).toString());
  });

  test("the official client's market SELL and BUY, priced from /book, fill against another wallet's order at the top", async () => {
    const token = market.tokenIds[1];
    const maker = await holder(token, 40);
    const taker = await holder(token, 40);
    const { price } = await inside(maker.client, token);
    const bid = await maker.client.createAndPostOrder({ tokenID: token, price, size: 10, side: Side.BUY });
    expect(bid.status).toBe("live");
    expect(await taker.client.calculateMarketPrice(token, Side.SELL, 10)).toBe(price);
    const sold = await taker.client.createAndPostMarketOrder({ tokenID: token, amount: 10, side: Side.SELL }, undefined, OrderType.FOK);
    expect(sold).toMatchObject({ status: "matched", makingAmount: "10", takingAmount: new Decimal(10).mul(price).toString() });
    expect((await maker.client.getOrder(bid.orderID)).status).toBe("MATCHED");

    const offer = await maker.client.createAndPostOrder({ tokenID: token, price, size: 10, side: Side.SELL });
    expect(offer.status).toBe("live");
    expect(await taker.client.calculateMarketPrice(token, Side.BUY, new Decimal(10).mul(price).toNumber())).toBe(price);
    const bought = await taker.client.createAndPostMarketOrder({ tokenID: token, amount: new Decimal(5).mul(price).toNumber(), side: Side.BUY }, undefined, OrderType.FOK);
    expect(bought).toMatchObject({ status: "matched", takingAmount: "5" });
    expect(await maker.client.getOpenOrders()).toEqual([expect.objectContaining({ id: offer.orderID, size_matched: "5" })]);
    await maker.client.cancelAll();
  });

  test("price, then time: the better price first, and at one price the earlier order first", async () => {
    const token = market.tokenIds[0];
    const [first, second, better] = [await newTrader(venue.url), await newTrader(venue.url), await newTrader(venue.url)];
    const seller = await holder(token, 30);
    const { price } = await inside(first.client, token);
    const early = await first.client.createAndPostOrder({ tokenID: token, price, size: 6, side: Side.BUY });
    const late = await second.client.createAndPostOrder({ tokenID: token, price, size: 6, side: Side.BUY });
    const best = new Decimal(price).add(market.tickSize).toNumber();
    const top = await better.client.createAndPostOrder({ tokenID: token, price: best, size: 5, side: Side.BUY });
    for (const order of [early, late, top]) expect(order.status).toBe("live");

    const sold = await seller.client.createAndPostOrder({ tokenID: token, price, size: 8, side: Side.SELL });
    expect(sold.status).toBe("matched");
    const [trade] = await seller.client.getTrades({ id: sold.tradeIDs![0] });
    expect(trade!.maker_orders.map((order) => [order.order_id, order.price, order.matched_amount])).toEqual([
      [top.orderID, String(best), "5"],
      [early.orderID, String(price), "3"],
    ]);
    expect(await first.client.getOpenOrders()).toEqual([expect.objectContaining({ id: early.orderID, size_matched: "3" })]);
    expect(await second.client.getOpenOrders()).toEqual([expect.objectContaining({ id: late.orderID, size_matched: "0" })]);
    await first.client.cancelAll();
    await second.client.cancelAll();
  });

  test("at the makers' price a user order placed in their quote's millisecond queues behind them; one resting since an earlier quote leads", async () => {
    const token = market.tokenIds[1];
    const seller = await holder(token, 30);
    const user = await newTrader(venue.url);
    const makersBid = (t: number) => venue.app.books!.book(token, t)!.bids[0]!;
    // Wait (same seed, same books) for two quotes in a row with the same best bid.
    let now = venue.app.clock.now();
    while (makersBid(now).price !== makersBid(now + 1_000).price) now = await venue.admin.advance(1_000);
    const price = Number(makersBid(now).price);
    const resting = await user.client.createAndPostOrder({ tokenID: token, price, size: 5, side: Side.BUY });
    expect(resting.status).toBe("live");
    const behind = await seller.client.createAndPostOrder({ tokenID: token, price, size: 5, side: Side.SELL }, undefined, OrderType.GTC);
    expect((await seller.client.getTrades({ id: behind.tradeIDs![0] }))[0]!.maker_orders[0]!.order_id).not.toBe(resting.orderID);
    await venue.admin.advance(1_000);
    const ahead = await seller.client.createAndPostOrder({ tokenID: token, price, size: 5, side: Side.SELL }, undefined, OrderType.GTC);
    expect((await seller.client.getTrades({ id: ahead.tradeIDs![0] }))[0]!.maker_orders).toEqual([expect.objectContaining({ order_id: resting.orderID, matched_amount: "5" })]);
  });

  test("a wallet's orders never match each other (self-trade prevention): its SELL passes its own bid by", async () => {
    const token = market.tokenIds[0];
    const trader = await holder(token, 30);
    const { price } = await inside(trader.client, token);
    const bid = await trader.client.createAndPostOrder({ tokenID: token, price, size: 5, side: Side.BUY });
    const own = await trader.client.createAndPostOrder({ tokenID: token, price, size: 5, side: Side.SELL }, undefined, OrderType.GTC);
    expect(own).toMatchObject({ status: "live", tradeIDs: [] });
    expect((await trader.client.getOrder(bid.orderID)).size_matched).toBe("0");
    // Another wallet's SELL does take the bid.
    const other = await holder(token, 30);
    expect((await other.client.createAndPostOrder({ tokenID: token, price, size: 5, side: Side.SELL })).status).toBe("matched");
    expect((await trader.client.getOrder(bid.orderID)).status).toBe("MATCHED");
    await trader.client.cancelAll();
  });
});
