import { beforeAll, describe, expect, test } from "bun:test";
import { OrderType, Side } from "@polymarket/clob-client-v2";
import { Decimal } from "../../../core/decimal.ts";
import type { SandboxMarket } from "../../../sandbox/types.ts";
import { collateral, newTrader, reply, tokens } from "./trader.ts";
import { bestFirst, openWindow, useClobSandbox } from "./venue.ts";

const venue = useClobSandbox({ seed: 9 });
let market: SandboxMarket;
let up: string;
let other: SandboxMarket;
beforeAll(() => {
  market = openWindow(venue, "15m", "BTC");
  up = market.tokenIds[0];
  other = openWindow(venue, "1h", "ETH");
});

describe("GTC and GTD orders", () => {
  test("a GTC below the ask rests: open orders, the public book, reserved balance; cancel frees it", async () => {
    const { client } = await newTrader(venue.url);
    const response = await client.createAndPostOrder({ tokenID: up, price: 0.3, size: 3000, side: Side.BUY }, undefined, OrderType.GTC);
    expect(response).toMatchObject({ success: true, status: "live", makingAmount: "0", takingAmount: "0", tradeIDs: [] });
    const open = await client.getOpenOrders();
    expect(open).toEqual([
      expect.objectContaining({
        id: response.orderID,
        status: "LIVE",
        side: "BUY",
        price: "0.30",
        original_size: "3000",
        size_matched: "0",
        order_type: "GTC",
        asset_id: up,
        market: market.conditionId,
      }),
    ]);
    const level = (bids: { price: string; size: string }[]) => bids.find((bid) => bid.price === "0.3");
    expect(level((await client.getOrderBook(up)).bids)).toEqual({ price: "0.3", size: "3000" });
    // 900 of the 1000 pUSD are held by the order: a 120 pUSD order no longer fits.
    const refused = reply(await client.createAndPostOrder({ tokenID: up, price: 0.2, size: 600, side: Side.BUY }));
    expect(refused.error).toBe("not enough balance / allowance");
    expect(await client.cancelOrder({ orderID: response.orderID })).toEqual({ canceled: [response.orderID], not_canceled: {} });
    expect(await client.getOpenOrders()).toEqual([]);
    expect(level((await client.getOrderBook(up)).bids)).toBeUndefined();
    expect(await client.cancelOrder({ orderID: response.orderID })).toEqual({ canceled: [], not_canceled: { [response.orderID]: "already canceled or matched" } });
    expect((await client.createAndPostOrder({ tokenID: up, price: 0.2, size: 600, side: Side.BUY })).status).toBe("live");
    expect((await client.cancelAll()).canceled).toHaveLength(1);
  });

  test("a crossing GTC fills what crosses and rests the remainder; post-only must not cross", async () => {
    const { client } = await newTrader(venue.url);
    const token = other.tokenIds[0];
    const [best] = bestFirst(await client.getOrderBook(token), "BUY");
    const size = new Decimal(best!.size).add(20);
    const response = await client.createAndPostOrder({ tokenID: token, price: Number(best!.price), size: size.toNumber(), side: Side.BUY });
    expect(response).toMatchObject({ status: "live", makingAmount: new Decimal(best!.size).mul(best!.price).toString(), takingAmount: best!.size });
    expect(response.tradeIDs).toHaveLength(1);
    const [open] = await client.getOpenOrders({ asset_id: token });
    expect(open).toMatchObject({ original_size: size.toString(), size_matched: best!.size, associate_trades: response.tradeIDs });
    expect(Number(open!.price)).toBe(Number(best!.price));
    const [nextAsk] = bestFirst(await client.getOrderBook(token), "BUY").filter((level) => Number(level.price) > Number(best!.price));
    const crossing = await client.createOrder({ tokenID: token, price: Number(nextAsk!.price), size: 5, side: Side.BUY });
    expect(reply(await client.postOrder(crossing, OrderType.GTC, true)).error).toBe("invalid post-only order: order crosses book");
    const passive = await client.createOrder({ tokenID: token, price: 0.05, size: 10, side: Side.BUY });
    expect((await client.postOrder(passive, OrderType.GTC, true)).status).toBe("live");
    const cancelled = await client.cancelMarketOrders({ asset_id: token });
    expect(cancelled.canceled).toHaveLength(2);
  });

  test("when the makers requote through a resting order it fills at its own price, as maker, without fee", async () => {
    const { client } = await newTrader(venue.url);
    const token = market.tokenIds[1];
    const now = venue.app.clock.now();
    const askAt = (t: number) => Number(venue.app.books!.book(token, t)!.asks[0]!.price);
    // Look ahead (same seed, same books) for the makers' lowest ask in the next five minutes.
    let low = { t: now, price: askAt(now) };
    for (let t = now + 1000; t < Math.min(now + 300_000, market.end); t += 1000) if (askAt(t) < low.price) low = { t, price: askAt(t) };
    expect(low.price).toBeLessThan(askAt(now));
    const response = await client.createAndPostOrder({ tokenID: token, price: low.price, size: 10, side: Side.BUY });
    expect(response.status).toBe("live");
    expect(await client.getTrades()).toEqual([]);
    await venue.admin.advance(low.t - now);
    const trades = await client.getTrades();
    expect(trades).toEqual([expect.objectContaining({ trader_side: "MAKER", side: "BUY", size: "10", fee_rate_bps: "0" })]);
    expect(Number(trades[0]!.price)).toBe(low.price);
    expect((await client.getOrder(response.orderID)).status).toBe("MATCHED");
    expect((await collateral(client)).toString()).toBe(new Decimal(1000).sub(new Decimal(10).mul(low.price)).toString());
    expect((await tokens(client, token)).toString()).toBe("10");
  });

  test("GTD: expiration needs the one-minute threshold; the order is dropped a minute before it", async () => {
    const { client } = await newTrader(venue.url);
    const now = Math.floor(venue.app.clock.now() / 1000);
    const tooSoon = reply(await client.createAndPostOrder({ tokenID: up, price: 0.05, size: 10, side: Side.BUY, expiration: now + 50 }, undefined, OrderType.GTD));
    expect(tooSoon.error).toBe("invalid expiration");
    const gtd = await client.createAndPostOrder({ tokenID: up, price: 0.05, size: 10, side: Side.BUY, expiration: now + 90 }, undefined, OrderType.GTD);
    expect(gtd.status).toBe("live");
    await venue.admin.advance(29_000);
    expect(await client.getOpenOrders()).toHaveLength(1);
    await venue.admin.advance(1_000);
    expect(await client.getOpenOrders()).toEqual([]);
    expect((await client.getOrder(gtd.orderID)).status).toBe("CANCELED");
  });

  test("open orders page with next_cursor", async () => {
    const { client } = await newTrader(venue.url);
    for (let i = 0; i < 101; i++) await client.createAndPostOrder({ tokenID: other.tokenIds[1], price: 0.05, size: 5, side: Side.BUY });
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
    const { tradeIDs } = await client.createAndPostMarketOrder({ tokenID: other.tokenIds[1], amount: 5, side: Side.BUY }, undefined, OrderType.FOK);
    const status = async () => (await client.getTrades({ id: tradeIDs![0] }))[0]!.status;
    expect(await status()).toBe("MATCHED");
    await venue.admin.advance(2_000);
    expect(await status()).toBe("MINED");
    await venue.admin.advance(4_000);
    expect(await status()).toBe("CONFIRMED");
  });

  test("once an account sends heartbeats, missing them (10 s + 5 s buffer) cancels its resting orders", async () => {
    const watched = await newTrader(venue.url);
    const other = await newTrader(venue.url);
    const first = await watched.client.postHeartbeat();
    expect(first.heartbeat_id).toMatch(/^[0-9a-f-]{36}$/);
    const order = await watched.client.createAndPostOrder({ tokenID: up, price: 0.05, size: 10, side: Side.BUY });
    await other.client.createAndPostOrder({ tokenID: up, price: 0.05, size: 10, side: Side.BUY });
    await venue.admin.advance(9_000);
    const second = await watched.client.postHeartbeat(first.heartbeat_id);
    expect(second.heartbeat_id).not.toBe(first.heartbeat_id);
    // A stale id is refused with the id the venue expects (the client's error wraps the body).
    expect(reply(await watched.client.postHeartbeat(first.heartbeat_id))).toEqual({ error: { error_msg: "Invalid Heartbeat ID", heartbeat_id: second.heartbeat_id }, status: 400 });
    expect(reply(await watched.client.postHeartbeat()).error).toEqual({ error_msg: "Invalid Heartbeat ID", heartbeat_id: second.heartbeat_id });
    await venue.admin.advance(15_000);
    expect(await watched.client.getOpenOrders()).toHaveLength(1);
    await venue.admin.advance(1);
    expect(await watched.client.getOpenOrders()).toEqual([]);
    expect((await watched.client.getOrder(order.orderID)).status).toBe("CANCELED");
    expect(await other.client.getOpenOrders()).toHaveLength(1);
    // The lapsed chain is gone: the venue expects a new one.
    expect(reply(await watched.client.postHeartbeat(second.heartbeat_id)).error).toEqual({ error_msg: "Invalid Heartbeat ID", heartbeat_id: "" });
    expect((await watched.client.postHeartbeat()).heartbeat_id).toMatch(/^[0-9a-f-]{36}$/);
    await other.client.cancelAll();
  });

  test("resting orders are cancelled when their market ends", async () => {
    const { client } = await newTrader(venue.url);
    await client.createAndPostOrder({ tokenID: up, price: 0.05, size: 10, side: Side.BUY });
    await venue.admin.advance(market.end - venue.app.clock.now());
    expect(await client.getOpenOrders()).toEqual([]);
  });
});
