import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { OrderType, Side } from "@polymarket/clob-client-v2";
import { REDEEM_AFTER_MS } from "../../../../core/sandbox/clob/resolution.ts";
import { startStandInVenue, type StandInVenue } from "./stand-in.ts";
import { advance, collateral, newTrader } from "./trader.ts";

let venue: StandInVenue;
beforeAll(async () => {
  venue = await startStandInVenue({ seed: 17, balance: "100" });
});
afterAll(() => venue.stop());

async function dataApi(path: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${venue.url}/data-api${path}`);
  return { status: response.status, body: await response.json() };
}

describe("Data API", () => {
  test("positions, trades and activity follow fills; resolution makes positions redeemable, then pays out", async () => {
    const [up, down] = venue.open.tokenIds;
    const winner = await newTrader(venue.url);
    const loser = await newTrader(venue.url);
    const user = winner.wallet.address.toLowerCase();
    await winner.client.createAndPostMarketOrder({ tokenID: up, amount: 10, side: Side.BUY, price: 0.53 }, undefined, OrderType.FOK);
    await advance(venue.url, 1_000);
    await winner.client.createAndPostMarketOrder({ tokenID: up, amount: 8.86, side: Side.SELL, price: 0.51 }, undefined, OrderType.FOK);
    await loser.client.createAndPostMarketOrder({ tokenID: down, amount: 5, side: Side.BUY, price: 0.49 }, undefined, OrderType.FOK);

    const positions = await dataApi(`/positions?user=${winner.wallet.address}`);
    expect(positions.status).toBe(200);
    expect(positions.body).toEqual([
      expect.objectContaining({ proxyWallet: user, asset: up, conditionId: venue.open.conditionId, size: 10.007924, avgPrice: 0.53, curPrice: 0.52, redeemable: false, outcome: "Up", outcomeIndex: 0, oppositeAsset: down, title: venue.open.question, slug: venue.open.slug, totalBought: 18.867924 }),
    ]);
    expect(positions.body[0].realizedPnl).toBeCloseTo(8.86 * (0.51 - 0.53), 6);

    const trades = await dataApi(`/trades?user=${user}`);
    expect(trades.body.map((row: any) => [row.side, row.size, row.price])).toEqual([
      ["SELL", 8.86, 0.51],
      ["BUY", 18.867924, 0.53],
    ]);
    expect(trades.body[0]).toMatchObject({ proxyWallet: user, asset: up, outcome: "Up", transactionHash: expect.stringMatching(/^0x[0-9a-f]{64}$/) });

    await advance(venue.url, venue.open.end - venue.app.clock.now());
    venue.open.winner = 0;
    const resolved = (await dataApi(`/positions?user=${user}`)).body;
    expect(resolved).toEqual([expect.objectContaining({ asset: up, redeemable: true, curPrice: 1, currentValue: 10.007924 })]);
    expect((await dataApi(`/positions?user=${loser.wallet.address}`)).body).toEqual([expect.objectContaining({ asset: down, redeemable: true, curPrice: 0, currentValue: 0 })]);

    const cash = await collateral(winner.client);
    await advance(venue.url, REDEEM_AFTER_MS);
    expect((await dataApi(`/positions?user=${user}`)).body).toEqual([]);
    expect((await collateral(winner.client)).toString()).toBe(cash.add("10.007924").toString());
    const activity = (await dataApi(`/activity?user=${user}`)).body;
    expect(activity[0]).toMatchObject({ type: "REDEEM", asset: up, size: 10.007924, usdcSize: 10.007924, conditionId: venue.open.conditionId });
    expect(activity.filter((row: any) => row.type === "TRADE")).toHaveLength(2);
    const lost = (await dataApi(`/activity?user=${loser.wallet.address}`)).body;
    expect(lost[0]).toMatchObject({ type: "REDEEM", asset: down, usdcSize: 0 });
  });

  test("user is required", async () => {
    expect((await dataApi("/positions")).status).toBe(400);
    expect((await dataApi("/trades?user=nobody")).status).toBe(400);
    expect((await dataApi(`/positions?user=0x${"1".repeat(40)}`)).body).toEqual([]);
  });
});
