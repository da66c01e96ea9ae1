import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { OrderType, Side } from "@polymarket/clob-client-v2";
import { ASKS, startStandInVenue, type StandInVenue } from "./stand-in.ts";
import { advance, collateral, newTrader, tokens } from "./trader.ts";

let venue: StandInVenue;
let up: string;
beforeAll(async () => {
  venue = await startStandInVenue({ seed: 9, balance: "100" });
  up = venue.open.tokenIds[0];
});
afterAll(() => venue.stop());

const reply = (value: unknown) => value as Record<string, unknown>;

describe("GTC and GTD orders", () => {
  test("a GTC below the ask rests: open orders, the public book, reserved balance; cancel frees it", async () => {
    const { client } = await newTrader(venue.url);
    const response = await client.createAndPostOrder({ tokenID: up, price: 0.45, size: 100, side: Side.BUY }, undefined, OrderType.GTC);
    expect(response).toMatchObject({ success: true, status: "live", makingAmount: "0", takingAmount: "0", tradeIDs: [] });
    const open = await client.getOpenOrders();
    expect(open).toEqual([expect.objectContaining({ id: response.orderID, status: "LIVE", side: "BUY", price: "0.45", original_size: "100", size_matched: "0", order_type: "GTC", asset_id: up })]);
    const book = await client.getOrderBook(up);
    expect(book.bids).toContainEqual({ price: "0.45", size: "100" });
    // 45 of the 100 pUSD are held by the order: a 60 pUSD order no longer fits.
    const refused = reply(await client.createAndPostOrder({ tokenID: up, price: 0.4, size: 150, side: Side.BUY }));
    expect(refused.error).toBe("not enough balance / allowance");
    expect(await client.cancelOrder({ orderID: response.orderID })).toEqual({ canceled: [response.orderID], not_canceled: {} });
    expect(await client.getOpenOrders()).toEqual([]);
    expect((await client.getOrderBook(up)).bids).not.toContainEqual({ price: "0.45", size: "100" });
    expect(await client.cancelOrder({ orderID: response.orderID })).toEqual({ canceled: [], not_canceled: { [response.orderID]: "already canceled or matched" } });
    expect((await client.createAndPostOrder({ tokenID: up, price: 0.4, size: 150, side: Side.BUY })).status).toBe("live");
    expect((await client.cancelAll()).canceled).toHaveLength(1);
  });

  test("a crossing GTC fills what crosses and rests the remainder; post-only must not cross", async () => {
    const { client } = await newTrader(venue.url);
    const token = venue.negRisk.tokenIds[0];
    const response = await client.createAndPostOrder({ tokenID: token, price: 0.53, size: 150, side: Side.BUY });
    expect(response).toMatchObject({ status: "live", makingAmount: "53", takingAmount: "100" });
    expect(response.tradeIDs).toHaveLength(1);
    const [open] = await client.getOpenOrders({ asset_id: token });
    expect(open).toMatchObject({ original_size: "150", size_matched: "100", price: "0.53", associate_trades: response.tradeIDs });
    const crossing = await client.createOrder({ tokenID: token, price: 0.54, size: 10, side: Side.BUY });
    expect(reply(await client.postOrder(crossing, OrderType.GTC, true)).error).toBe("invalid post-only order: order crosses book");
    const passive = await client.createOrder({ tokenID: token, price: 0.2, size: 10, side: Side.BUY });
    expect((await client.postOrder(passive, OrderType.GTC, true)).status).toBe("live");
    const cancelled = await client.cancelMarketOrders({ asset_id: token });
    expect(cancelled.canceled).toHaveLength(2);
  });

  test("when the makers requote through a resting order it fills at its own price, as maker, without fee", async () => {
    const { client } = await newTrader(venue.url);
    const response = await client.createAndPostOrder({ tokenID: up, price: 0.52, size: 40, side: Side.BUY });
    expect(response.status).toBe("live");
    venue.books.levels = { ...venue.books.levels, asks: [{ price: "0.5", size: "30" }, ...ASKS] };
    try {
      const trades = await client.getTrades();
      expect(trades).toEqual([expect.objectContaining({ trader_side: "MAKER", side: "BUY", size: "30", price: "0.52", fee_rate_bps: "0" })]);
      expect((await client.getOrder(response.orderID)).size_matched).toBe("30");
      expect((await collateral(client)).toString()).toBe("84.4");
      expect((await tokens(client, up)).toString()).toBe("30");
    } finally {
      venue.books.levels = { ...venue.books.levels, asks: ASKS };
    }
    await client.cancelAll();
  });

  test("GTD: expiration needs the one-minute threshold; the order is dropped a minute before it", async () => {
    const { client } = await newTrader(venue.url);
    const now = Math.floor(venue.app.clock.now() / 1000);
    const tooSoon = reply(await client.createAndPostOrder({ tokenID: up, price: 0.3, size: 10, side: Side.BUY, expiration: now + 50 }, undefined, OrderType.GTD));
    expect(tooSoon.error).toBe("invalid expiration");
    const gtd = await client.createAndPostOrder({ tokenID: up, price: 0.3, size: 10, side: Side.BUY, expiration: now + 90 }, undefined, OrderType.GTD);
    expect(gtd.status).toBe("live");
    await advance(venue.url, 29_000);
    expect(await client.getOpenOrders()).toHaveLength(1);
    await advance(venue.url, 1_000);
    expect(await client.getOpenOrders()).toEqual([]);
    expect((await client.getOrder(gtd.orderID)).status).toBe("CANCELED");
  });

  test("open orders page with next_cursor", async () => {
    const { client } = await newTrader(venue.url);
    for (let i = 0; i < 101; i++) await client.createAndPostOrder({ tokenID: venue.negRisk.tokenIds[1], price: 0.1, size: 5, side: Side.BUY });
    expect(await client.getOpenOrders(undefined, true)).toHaveLength(100);
    const all = await client.getOpenOrders();
    expect(all).toHaveLength(101);
    expect(new Set(all.map((order) => order.id)).size).toBe(101);
    expect((await client.cancelAll()).canceled).toHaveLength(101);
  });
});

describe("trades and heartbeats in simulated time", () => {
  test("a trade goes MATCHED → MINED → CONFIRMED", async () => {
    const { client } = await newTrader(venue.url);
    const { tradeIDs } = await client.createAndPostMarketOrder({ tokenID: venue.negRisk.tokenIds[1], amount: 5, side: Side.BUY, price: 0.5 }, undefined, OrderType.FOK);
    const status = async () => (await client.getTrades({ id: tradeIDs![0] }))[0]!.status;
    expect(await status()).toBe("MATCHED");
    await advance(venue.url, 2_000);
    expect(await status()).toBe("MINED");
    await advance(venue.url, 4_000);
    expect(await status()).toBe("CONFIRMED");
  });

  test("once an account sends heartbeats, missing them (10 s + 5 s buffer) cancels its resting orders", async () => {
    const watched = await newTrader(venue.url);
    const other = await newTrader(venue.url);
    const first = await watched.client.postHeartbeat();
    expect(first.heartbeat_id).toMatch(/^[0-9a-f-]{36}$/);
    const order = await watched.client.createAndPostOrder({ tokenID: up, price: 0.2, size: 10, side: Side.BUY });
    await other.client.createAndPostOrder({ tokenID: up, price: 0.2, size: 10, side: Side.BUY });
    await advance(venue.url, 9_000);
    const second = await watched.client.postHeartbeat(first.heartbeat_id);
    expect(second.heartbeat_id).not.toBe(first.heartbeat_id);
    expect(reply(await watched.client.postHeartbeat(first.heartbeat_id))).toMatchObject({ error: "Invalid Heartbeat ID", status: 400 });
    await advance(venue.url, 15_000);
    expect(await watched.client.getOpenOrders()).toHaveLength(1);
    await advance(venue.url, 1);
    expect(await watched.client.getOpenOrders()).toEqual([]);
    expect((await watched.client.getOrder(order.orderID)).status).toBe("CANCELED");
    expect(await other.client.getOpenOrders()).toHaveLength(1);
    expect(reply(await watched.client.postHeartbeat(second.heartbeat_id)).error).toBe("Invalid Heartbeat ID");
    expect((await watched.client.postHeartbeat()).heartbeat_id).toMatch(/^[0-9a-f-]{36}$/);
    await other.client.cancelAll();
  });

  test("resting orders are cancelled when their market ends", async () => {
    const { client } = await newTrader(venue.url);
    await client.createAndPostOrder({ tokenID: up, price: 0.2, size: 10, side: Side.BUY });
    await advance(venue.url, venue.open.end - venue.app.clock.now());
    expect(await client.getOpenOrders()).toEqual([]);
  });
});
