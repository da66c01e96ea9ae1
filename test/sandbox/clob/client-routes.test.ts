/**
 * The official client's calls that used to 404 (several crashed its pagination): listings, scoring,
 * rewards, notifications, read-only and builder keys, builder trades, live activity, pre-migration
 * orders. Each answers in the venue's shape; `throwOnError` makes any error body fail the test.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { OrderType, Side } from "@polymarket/clob-client-v2";
import type { TestSandbox } from "../../helpers/sandbox.ts";
import { newTrader } from "./trader.ts";
import { openWindow, startClobSandbox } from "./venue.ts";

let venue: TestSandbox;
let trader: Awaited<ReturnType<typeof newTrader>>;
const BUILDER = `0x${"ab".repeat(32)}`;

beforeAll(async () => {
  venue = await startClobSandbox({ seed: 9 });
  trader = await newTrader(venue.url, { throwOnError: true });
});
afterAll(() => venue.stop());

describe("public calls", () => {
  test("getOk, and every listing the client pages through to its end", async () => {
    const { client } = trader;
    expect(await client.getOk()).toBe("OK");
    const market = openWindow(venue, "15m");
    const simplified = await client.getSimplifiedMarkets();
    expect(simplified.next_cursor).toBe("LTE=");
    expect(simplified.data.map((row: { condition_id: string }) => row.condition_id)).toContain(market.conditionId);
    expect((await client.getSamplingMarkets()).data).toEqual([]);
    expect((await client.getSamplingSimplifiedMarkets()).data).toEqual([]);
    expect(await client.getCurrentRewards()).toEqual([]);
    expect(await client.getRawRewardsForMarket(market.conditionId)).toEqual([]);
  });

  test("live activity and builder trades show a trade signed with a builder code", async () => {
    const market = openWindow(venue, "15m");
    const buyer = await newTrader(venue.url, { throwOnError: true });
    const response = await buyer.client.createAndPostMarketOrder({ tokenID: market.tokenIds[0], amount: 10, side: Side.BUY, builderCode: BUILDER }, undefined, OrderType.FOK);
    expect(response.status).toBe("matched");
    const activity = await trader.client.getMarketTradesEvents(market.conditionId);
    expect(activity[0]).toMatchObject({ event_type: "trade", side: "BUY", outcome: market.outcomes[0], outcome_index: 0 });
    expect(activity[0]!.market.condition_id).toBe(market.conditionId);
    expect(activity[0]!.user.address).toBe(buyer.wallet.address.toLowerCase());
    const builderTrades = await trader.client.getBuilderTrades({ builder_code: BUILDER });
    expect(builderTrades.trades.map((trade) => trade.id)).toEqual(response.tradeIDs as string[]);
    expect(builderTrades.trades[0]).toMatchObject({ builderCode: BUILDER, side: "BUY", tradeType: "TAKER", builderFee: "0" });
    expect((await trader.client.getBuilderTrades({ builder_code: `0x${"cd".repeat(32)}` })).trades).toEqual([]);
  });
});

describe("authenticated calls", () => {
  test("scoring, earnings, notifications and pre-migration orders answer empty in the venue's shapes", async () => {
    const { client } = trader;
    const order = await client.createOrder({ tokenID: openWindow(venue, "15m").tokenIds[0], price: 0.05, size: 10, side: Side.BUY });
    const placed = await client.postOrder(order, OrderType.GTC);
    expect(await client.isOrderScoring({ order_id: placed.orderID })).toEqual({ scoring: false });
    expect(await client.areOrdersScoring({ orderIds: [placed.orderID, "0x01"] })).toEqual({ [placed.orderID]: false, "0x01": false });
    expect(await client.getEarningsForUserForDay("2026-11-25")).toEqual([]);
    expect(await client.getTotalEarningsForUserForDay("2026-11-25")).toEqual([]);
    expect(await client.getUserEarningsAndMarketsConfig("2026-11-25")).toEqual([]);
    expect(await client.getRewardPercentages()).toEqual({});
    expect(await client.getNotifications()).toEqual([]);
    await client.dropNotifications({ ids: ["1"] });
    expect(await client.getPreMigrationOrders()).toEqual([]);
  });

  test("read-only keys: create, list, delete", async () => {
    const { client } = trader;
    const { apiKey } = await client.createReadonlyApiKey();
    expect(apiKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(await client.getReadonlyApiKeys()).toEqual([apiKey]);
    expect(await client.deleteReadonlyApiKey(apiKey)).toBe(true);
    expect(await client.getReadonlyApiKeys()).toEqual([]);
  });

  test("builder key: one at a time, listed with its dates, revoked", async () => {
    const { client } = trader;
    const created = await client.createBuilderApiKey();
    expect(created.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.secret).toBeTruthy();
    await expect(client.createBuilderApiKey()).rejects.toThrow("builder api key already exists");
    expect(await client.getBuilderApiKeys()).toEqual([{ key: created.key, createdAt: expect.any(String) }]);
    await client.revokeBuilderApiKey();
    expect((await client.getBuilderApiKeys())[0]!.revokedAt).toEqual(expect.any(String));
    expect((await client.createBuilderApiKey()).key).not.toBe(created.key);
  });
});
