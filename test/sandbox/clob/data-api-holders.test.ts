/** The Data API's `/value`, `/holders` and `GET /`, after real fills by two wallets. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { OrderType, Side } from "@polymarket/clob-client-v2";
import type { TestSandbox } from "../../helpers/sandbox.ts";
import { getJson } from "../venue.ts";
import { newTrader } from "./trader.ts";
import { openWindow, startClobSandbox } from "./venue.ts";

let venue: TestSandbox;
beforeAll(async () => {
  venue = await startClobSandbox({ seed: 19 });
});
afterAll(() => venue.stop());

const dataApi = (path: string) => getJson(`${venue.url}/data-api${path}`);

describe("Data API totals and holders", () => {
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
      const value = await dataApi(`/value?user=${user}`);
      expect(value.body).toEqual([{ user, value: expect.any(Number) }]);
      expect(value.body[0].value).toBeCloseTo(
        positions.reduce((sum, row) => sum + row.currentValue, 0),
        5,
      );
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
