import { describe, expect, test } from "bun:test";
import { OrderType, Side } from "@polymarket/clob-client-v2";
import { Decimal } from "../../../core/decimal.ts";
import { REDEEM_AFTER_MS } from "../../../sandbox/clob/resolution.ts";
import { getJson } from "../venue.ts";
import { collateral, newTrader } from "./trader.ts";
import { bestFirst, openWindow, sharesFor, useClobSandbox } from "./venue.ts";

const venue = useClobSandbox({ seed: 17 });

const dataApi = (path: string) => getJson(`${venue.url}/data-api${path}`);

const num = (value: Decimal) => Number(value.toDecimalPlaces(6).toString());

describe("Data API", () => {
  test("positions, trades and activity follow fills; resolution makes positions redeemable, then pays out", async () => {
    const market = openWindow(venue, "15m", "BTC");
    const [up, down] = market.tokenIds;
    const alice = await newTrader(venue.url);
    const bob = await newTrader(venue.url);
    const user = alice.wallet.address.toLowerCase();

    const [ask] = bestFirst(await alice.client.getOrderBook(up), "BUY");
    const bought = new Decimal(sharesFor(10, ask!.price));
    await alice.client.createAndPostMarketOrder({ tokenID: up, amount: 10, side: Side.BUY }, undefined, OrderType.FOK);
    await venue.admin.advance(1_000);
    const [bid] = bestFirst(await alice.client.getOrderBook(up), "SELL");
    await alice.client.createAndPostMarketOrder({ tokenID: up, amount: 8.86, side: Side.SELL }, undefined, OrderType.FOK);
    await bob.client.createAndPostMarketOrder({ tokenID: down, amount: 5, side: Side.BUY }, undefined, OrderType.FOK);
    const held = bought.sub("8.86");
    const average = new Decimal(10).div(bought);

    const book = await alice.client.getOrderBook(up);
    const mid = new Decimal(bestFirst(book, "BUY")[0]!.price).add(bestFirst(book, "SELL")[0]!.price).div(2);
    const positions = await dataApi(`/positions?user=${alice.wallet.address}`);
    expect(positions.status).toBe(200);
    expect(positions.body).toEqual([
      expect.objectContaining({
        proxyWallet: user,
        asset: up,
        conditionId: market.conditionId,
        size: num(held),
        avgPrice: num(average),
        curPrice: num(mid),
        redeemable: false,
        outcome: "Up",
        outcomeIndex: 0,
        oppositeAsset: down,
        title: market.question,
        slug: market.slug,
        totalBought: num(bought),
      }),
    ]);
    expect(positions.body[0].realizedPnl).toBeCloseTo(num(new Decimal("8.86").mul(new Decimal(bid!.price).sub(average))), 6);

    const trades = (await dataApi(`/trades?user=${user}`)).body;
    expect(trades.map((row: any) => [row.side, row.size, row.price])).toEqual([
      ["SELL", 8.86, Number(bid!.price)],
      ["BUY", num(bought), num(average)],
    ]);
    expect(trades[0]).toMatchObject({ proxyWallet: user, asset: up, outcome: "Up", transactionHash: expect.stringMatching(/^0x[0-9a-f]{64}$/) });

    await venue.admin.advance(market.end - venue.app.clock.now());
    const resolved = (await dataApi(`/positions?user=${user}`)).body;
    expect(market.winner).toBeDefined();
    const upWins = market.winner === 0;
    expect(resolved).toEqual([expect.objectContaining({ asset: up, redeemable: true, curPrice: upWins ? 1 : 0, currentValue: upWins ? num(held) : 0 })]);
    expect((await dataApi(`/positions?user=${bob.wallet.address}`)).body).toEqual([expect.objectContaining({ asset: down, redeemable: true, curPrice: upWins ? 0 : 1 })]);

    const cash = await collateral(alice.client);
    await venue.admin.advance(REDEEM_AFTER_MS);
    expect((await dataApi(`/positions?user=${user}`)).body).toEqual([]);
    const payout = upWins ? held : new Decimal(0);
    expect((await collateral(alice.client)).toString()).toBe(cash.add(payout).toString());
    const activity = (await dataApi(`/activity?user=${user}`)).body;
    expect(activity[0]).toMatchObject({ type: "REDEEM", asset: up, size: num(held), usdcSize: num(payout), conditionId: market.conditionId });
    expect(activity.filter((row: any) => row.type === "TRADE")).toHaveLength(2);
    expect((await dataApi(`/activity?user=${bob.wallet.address}`)).body[0]).toMatchObject({ type: "REDEEM", asset: down });
  });

  test("user is required and must be an address", async () => {
    expect((await dataApi("/positions")).status).toBe(400);
    expect((await dataApi("/trades?user=nobody")).status).toBe(400);
    expect((await dataApi(`/positions?user=0x${"1".repeat(40)}`)).body).toEqual([]);
  });

  test("GET / answers OK; /value sums a wallet's positions; /holders ranks each outcome's holders", async () => {
    expect((await dataApi("/")).body).toEqual({ data: "OK" });
    const market = openWindow(venue, "15m", "ETH");
    const [up, down] = market.tokenIds;
    const alice = await newTrader(venue.url);
    const bob = await newTrader(venue.url);
    await alice.client.createAndPostMarketOrder({ tokenID: up, amount: 20, side: Side.BUY }, undefined, OrderType.FOK);
    await bob.client.createAndPostMarketOrder({ tokenID: up, amount: 5, side: Side.BUY }, undefined, OrderType.FOK);
    await bob.client.createAndPostMarketOrder({ tokenID: down, amount: 5, side: Side.BUY }, undefined, OrderType.FOK);

    for (const trader of [alice, bob]) {
      const user = trader.wallet.address.toLowerCase();
      const positions = (await dataApi(`/positions?user=${user}`)).body as { currentValue: number }[];
      const total = positions.reduce((sum, row) => sum + row.currentValue, 0);
      const value = await dataApi(`/value?user=${user}`);
      expect(value.body).toEqual([{ user, value: expect.any(Number) }]);
      expect(value.body[0].value).toBeCloseTo(total, 5);
    }
    expect((await dataApi("/value?user=nope")).status).toBe(400);

    const holders = await dataApi(`/holders?market=${market.conditionId}`);
    expect(holders.status).toBe(200);
    expect(holders.body.map((entry: any) => entry.token)).toEqual([up, down]);
    const upHolders = holders.body[0].holders;
    expect(upHolders.map((row: any) => row.proxyWallet)).toEqual([alice.wallet.address.toLowerCase(), bob.wallet.address.toLowerCase()]);
    expect(upHolders[0].amount).toBeGreaterThan(upHolders[1].amount);
    expect(upHolders[0]).toMatchObject({ asset: up, outcomeIndex: 0 });
    expect(holders.body[1].holders.map((row: any) => row.proxyWallet)).toEqual([bob.wallet.address.toLowerCase()]);
    expect((await dataApi(`/holders?market=${market.conditionId}&limit=1`)).body[0].holders).toHaveLength(1);
    expect((await dataApi("/holders")).status).toBe(400);
  });
});
