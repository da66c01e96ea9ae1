import { beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { createL2Headers, OrderType, Side } from "@polymarket/clob-client-v2";
import type { SandboxMarket } from "../../../sandbox/types.ts";
import { clobSigner } from "../../helpers/sandbox-wallet.ts";
import { collateral, newTrader, reply, tokens } from "./trader.ts";
import { bestFirst, openWindow, sharesFor, useClobSandbox } from "./venue.ts";

const venue = useClobSandbox({ seed: 13 });
let token: string;
let soon: SandboxMarket;
beforeAll(() => {
  token = openWindow(venue, "1h", "ETH").tokenIds[1];
  soon = openWindow(venue, "5m", "BTC");
});
beforeEach(() => venue.admin.clearFaults());

const buy = (amount: number) => ({ tokenID: token, amount, side: Side.BUY });

describe("generic status faults seen by the official client", () => {
  test("clob:425 — matching engine restarting", async () => {
    const { client } = await newTrader(venue.url);
    await venue.admin.addFault("clob:425:path=/order,count=1");
    expect(reply(await client.createAndPostMarketOrder(buy(5), undefined, OrderType.FOK))).toMatchObject({ status: 425, error: expect.any(String) });
    expect((await client.createAndPostMarketOrder(buy(5), undefined, OrderType.FOK)).status).toBe("matched");
  });

  test("clob:403 with a closed-only message", async () => {
    const { client } = await newTrader(venue.url);
    await venue.admin.addFault("clob:403:message=address in closed only mode,path=/order");
    expect(reply(await client.createAndPostMarketOrder(buy(5), undefined, OrderType.FOK))).toEqual({ error: "address in closed only mode", status: 403 });
    expect(await client.getTrades()).toEqual([]);
  });
});

describe("semantic CLOB faults", () => {
  test("clob:execution-error — 500 only for orders on markets ending within within_s; nothing trades", async () => {
    const { client } = await newTrader(venue.url);
    await venue.admin.addFault("clob:execution-error:within_s=60");
    expect((await client.createAndPostMarketOrder({ ...buy(5), tokenID: soon.tokenIds[1] }, undefined, OrderType.FOK)).status).toBe("matched");
    await venue.admin.advance(soon.end - venue.app.clock.now() - 30_000);
    const failed = reply(await client.createAndPostOrder({ tokenID: soon.tokenIds[1], price: 0.5, size: 10, side: Side.BUY }));
    expect(failed).toEqual({ error: "could not run the execution", status: 500 });
    expect(await client.getTrades()).toHaveLength(1);
    expect(await client.getOpenOrders()).toEqual([]);
    // The hourly window ends much later: unaffected.
    expect((await client.createAndPostMarketOrder(buy(5), undefined, OrderType.FOK)).status).toBe("matched");
  });

  test("clob:timeout-after-accept — the answer never comes in time, but the order was accepted and matched", async () => {
    const { wallet, creds, client } = await newTrader(venue.url);
    await venue.admin.addFault("clob:timeout-after-accept:ms=30000,count=1");
    const order = await client.createMarketOrder(buy(5));
    const [ask] = bestFirst(await client.getOrderBook(token), "BUY");
    const body = JSON.stringify({ deferExec: false, postOnly: false, order: { ...order, salt: Number(order.salt), side: order.side }, owner: creds.key, orderType: "FOK" });
    const headers = await createL2Headers(clobSigner(wallet), creds, { method: "POST", requestPath: "/order", body });
    const controller = new AbortController();
    const posted = fetch(`${venue.url}/clob/order`, { method: "POST", headers: headers as never, body, signal: controller.signal }).then(
      () => "answered",
      () => "gave up",
    );
    // The venue matches the order while the answer hangs; the client then gives up waiting.
    let trades = await client.getTrades();
    while (trades.length === 0) {
      await Bun.sleep(10);
      trades = await client.getTrades();
    }
    controller.abort();
    expect(await posted).toBe("gave up");
    expect(trades).toHaveLength(1);
    expect(trades[0]).toMatchObject({ side: "BUY", status: "MATCHED", price: ask!.price, size: sharesFor(5, ask!.price) });
    expect((await tokens(client, token)).toString()).toBe(trades[0]!.size);
    // With a short hang the official client sees a gateway timeout instead of the order's answer.
    await venue.admin.addFault("clob:timeout-after-accept:ms=50,count=1");
    expect(reply(await client.createAndPostOrder({ tokenID: token, price: 0.05, size: 5, side: Side.BUY }))).toEqual({ error: "timeout", status: 504 });
    expect(await client.getOpenOrders()).toHaveLength(1);
  });

  test("clob:ghost-fill — reported matched, then the trade FAILS on chain and balances revert", async () => {
    const { client } = await newTrader(venue.url);
    await venue.admin.addFault("clob:ghost-fill:count=1");
    const [ask] = bestFirst(await client.getOrderBook(token), "BUY");
    const response = await client.createAndPostMarketOrder(buy(5), undefined, OrderType.FOK);
    expect(response).toMatchObject({ status: "matched", makingAmount: "5", takingAmount: sharesFor(5, ask!.price) });
    expect((await tokens(client, token)).toString()).toBe(sharesFor(5, ask!.price));
    expect((await collateral(client)).lt(995)).toBe(true);
    await venue.admin.advance(2_000);
    expect((await client.getTrades())[0]!.status).toBe("RETRYING");
    await venue.admin.advance(4_000);
    const [trade] = await client.getTrades();
    expect(trade).toMatchObject({ id: response.tradeIDs![0], status: "FAILED" });
    expect((await tokens(client, token)).toString()).toBe("0");
    expect((await collateral(client)).toString()).toBe("1000");
    // The next order is not affected (count=1).
    await client.createAndPostMarketOrder(buy(5), undefined, OrderType.FOK);
    await venue.admin.advance(6_000);
    expect((await client.getTrades()).map((t) => t.status).sort()).toEqual(["CONFIRMED", "FAILED"]);
  });

  test("clob:delayed — status delayed, matched later in simulated time", async () => {
    const { client } = await newTrader(venue.url);
    await venue.admin.addFault("clob:delayed:ms=3000,count=1");
    const response = await client.createAndPostMarketOrder(buy(5), undefined, OrderType.FOK);
    expect(response).toMatchObject({ success: true, status: "delayed", tradeIDs: [] });
    expect((await client.getOrder(response.orderID)).status).toBe("DELAYED");
    expect(await client.getTrades()).toEqual([]);
    await venue.admin.advance(2_999);
    expect(await client.getTrades()).toEqual([]);
    await venue.admin.advance(1);
    const trades = await client.getTrades();
    expect(trades).toHaveLength(1);
    expect(trades[0]!.taker_order_id).toBe(response.orderID);
    expect((await client.getOrder(response.orderID)).status).toBe("MATCHED");
    expect((await tokens(client, token)).toString()).toBe(trades[0]!.size);
  });
});
