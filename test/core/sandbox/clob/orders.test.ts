import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { OrderBuilder, OrderType, Side, SignatureTypeV2 } from "@polymarket/clob-client-v2";
import { Decimal } from "../../../../core/decimal.ts";
import { clobSigner, newTestWallet, sandboxClobClient } from "../../../helpers/sandbox-wallet.ts";
import { startStandInVenue, type StandInVenue } from "./stand-in.ts";
import { collateral, expectedFee, newTrader, tokens } from "./trader.ts";

let venue: StandInVenue;
let up: string;
beforeAll(async () => {
  venue = await startStandInVenue({ seed: 5, balance: "250" });
  up = venue.open.tokenIds[0];
});
afterAll(() => venue.stop());

const METADATA = `0x${"ab".repeat(32)}`;

describe("a FOK BUY through the official client", () => {
  test("reads the book, fills at the best ask, charges the schedule's fee, lists the trade", async () => {
    const { client } = await newTrader(venue.url);
    const book = await client.getOrderBook(up);
    expect(book.asks.at(-1)).toEqual({ price: "0.53", size: "100" });
    const before = await collateral(client);
    const response = await client.createAndPostMarketOrder({ tokenID: up, amount: 10, side: Side.BUY, metadata: METADATA } as never, undefined, OrderType.FOK);
    expect(response).toMatchObject({ success: true, errorMsg: "", status: "matched", makingAmount: "10", takingAmount: "18.867924" });
    expect(response.tradeIDs).toHaveLength(1);
    expect(response.transactionsHashes![0]).toMatch(/^0x[0-9a-f]{64}$/);
    const fee = expectedFee([{ shares: "18.867924", price: "0.53" }]);
    expect(fee.gt(0)).toBe(true);
    expect((await collateral(client)).toString()).toBe(before.sub(10).sub(fee).toString());
    expect((await tokens(client, up)).toString()).toBe("18.867924");
    const trades = await client.getTrades();
    expect(trades).toHaveLength(1);
    expect(trades[0]).toMatchObject({ id: response.tradeIDs![0], taker_order_id: response.orderID, asset_id: up, side: "BUY", size: "18.867924", price: "0.53", status: "MATCHED", trader_side: "TAKER", fee_rate_bps: "720" });
    expect(trades[0]!.maker_orders).toEqual([expect.objectContaining({ price: "0.53", matched_amount: "18.867924" })]);
    const order = await client.getOrder(response.orderID);
    expect(order).toMatchObject({ id: response.orderID, status: "MATCHED", size_matched: "18.867924", order_type: "FOK", metadata: METADATA });
  });

  test("walks the book best price first; the fee is per fill price; liquidity is taken out", async () => {
    const { client } = await newTrader(venue.url);
    const takenBefore = venue.books.taken.get(`${up}:asks:0.54`) ?? 0;
    const response = await client.createAndPostMarketOrder({ tokenID: up, amount: 100, side: Side.BUY, price: 0.55 }, undefined, OrderType.FOK);
    expect(response.status).toBe("matched");
    const trades = await client.getTrades();
    const fills = trades[0]!.maker_orders.map((maker) => ({ shares: maker.matched_amount, price: maker.price }));
    expect(fills.map((fill) => fill.price)).toEqual(["0.53", "0.54"]);
    const spent = fills.reduce((sum, fill) => sum.add(new Decimal(fill.shares).mul(fill.price)), new Decimal(0));
    expect(spent.toDecimalPlaces(2).toString()).toBe("100");
    expect((await collateral(client)).toString()).toBe(new Decimal(250).sub(100).sub(expectedFee(fills)).toString());
    expect(venue.books.taken.get(`${up}:asks:0.54`)! - takenBefore).toBeCloseTo(Number(fills[1]!.shares), 6);
  });

  test("a SELL of held shares receives the bid less the fee", async () => {
    const { client } = await newTrader(venue.url);
    await client.createAndPostMarketOrder({ tokenID: up, amount: 10, side: Side.BUY, price: 0.55 }, undefined, OrderType.FOK);
    const cash = await collateral(client);
    const response = await client.createAndPostMarketOrder({ tokenID: up, amount: 18, side: Side.SELL, price: 0.5 }, undefined, OrderType.FOK);
    expect(response).toMatchObject({ status: "matched", makingAmount: "18", takingAmount: "9.18" });
    const fee = expectedFee([{ shares: "18", price: "0.51" }]);
    expect((await collateral(client)).toString()).toBe(cash.add("9.18").sub(fee).toString());
  });
});

describe("rejections", () => {
  test("FOK without enough liquidity is killed, nothing moves", async () => {
    const { client } = await newTrader(venue.url, { throwOnError: false });
    const response = (await client.createAndPostMarketOrder({ tokenID: up, amount: 240, side: Side.BUY, price: 0.53 }, undefined, OrderType.FOK)) as never as Record<string, unknown>;
    expect(response).toMatchObject({ error: "order couldn't be fully filled. FOK orders are fully filled or killed.", status: 400 });
    expect(response.orderID).toMatch(/^0x[0-9a-f]{64}$/);
    expect((await collateral(client)).toString()).toBe("250");
    expect(await client.getTrades()).toEqual([]);
  });

  test("FAK fills what is there; with nothing inside the limit it is killed", async () => {
    const { client } = await newTrader(venue.url);
    const partial = await client.createAndPostMarketOrder({ tokenID: venue.negRisk.tokenIds[0], amount: 60, side: Side.BUY, price: 0.53 }, undefined, OrderType.FAK);
    expect(partial).toMatchObject({ status: "matched", makingAmount: "53", takingAmount: "100" });
    const none = (await client.createAndPostMarketOrder({ tokenID: up, amount: 5, side: Side.BUY, price: 0.4 }, undefined, OrderType.FAK)) as never as Record<string, unknown>;
    expect(none.error).toBe("no orders found to match with FAK order. FAK orders are partially filled or killed if no match is found.");
  });

  test("below the minimum size, under $1 marketable, off-tick", async () => {
    const { wallet, client } = await newTrader(venue.url);
    const small = (await client.createAndPostOrder({ tokenID: up, price: 0.4, size: 3, side: Side.BUY })) as never as Record<string, unknown>;
    expect(small.error).toMatch(/^order 0x[0-9a-f]{64} is invalid\. Size \(3\) lower than the minimum: 5$/);
    const cheap = (await client.createAndPostMarketOrder({ tokenID: up, amount: 0.5, side: Side.BUY, price: 0.53 }, undefined, OrderType.FOK)) as never as Record<string, unknown>;
    expect(cheap.error).toBe("invalid amount for a marketable BUY order ($0.5), min size: $1");
    const builder = new OrderBuilder(clobSigner(wallet), 137);
    const offTick = await builder.buildOrder({ tokenID: up, price: 0.555, size: 10, side: Side.BUY }, { tickSize: "0.001", negRisk: false }, 2);
    const tickAnswer = (await client.postOrder(offTick, OrderType.GTC)) as never as Record<string, unknown>;
    expect(tickAnswer.error).toMatch(/is invalid\. Price \(0\.555\) breaks minimum tick size rule: 0\.01$/);
  });

  test("marketable amounts too precise for the tick are refused; amounts changed after signing are not the signed order", async () => {
    const { wallet, client } = await newTrader(venue.url);
    const builder = new OrderBuilder(clobSigner(wallet), 137);
    // Rounded for a 0.001 tick the taker amount keeps 5 decimals; the market's 0.01 tick allows 4.
    const order = await builder.buildMarketOrder({ tokenID: up, amount: 10, side: Side.BUY, price: 0.53 }, { tickSize: "0.001", negRisk: false }, 2);
    expect(order.takerAmount).toBe("18867920");
    const answer = (await client.postOrder(order, OrderType.FOK)) as never as Record<string, unknown>;
    expect(answer.error).toBe("invalid amounts, the market buy orders maker amount supports a max accuracy of 2 decimals, taker amount a max of 4 decimals");
    const tampered = { ...(await builder.buildMarketOrder({ tokenID: up, amount: 10, side: Side.BUY, price: 0.53 }, { tickSize: "0.01", negRisk: false }, 2)), makerAmount: "11000000" };
    expect(((await client.postOrder(tampered, OrderType.FOK)) as never as Record<string, unknown>).error).toBe("invalid signature");
  });

  test("not enough balance, closed market, duplicate", async () => {
    const { client } = await newTrader(venue.url);
    const broke = (await client.createAndPostMarketOrder({ tokenID: up, amount: 300, side: Side.BUY, price: 0.55 }, undefined, OrderType.FOK)) as never as Record<string, unknown>;
    expect(broke.error).toBe("not enough balance / allowance");
    const unheld = (await client.createAndPostMarketOrder({ tokenID: up, amount: 10, side: Side.SELL, price: 0.5 }, undefined, OrderType.FOK)) as never as Record<string, unknown>;
    expect(unheld.error).toBe("not enough balance / allowance");
    const closed = (await client.createAndPostMarketOrder({ tokenID: venue.closed.tokenIds[0], amount: 5, side: Side.BUY, price: 0.5 }, undefined, OrderType.FOK)) as never as Record<string, unknown>;
    expect(closed.error).toBe("the market is not accepting orders");
    const order = await client.createOrder({ tokenID: up, price: 0.3, size: 5, side: Side.BUY });
    expect((await client.postOrder(order, OrderType.GTC)).status).toBe("live");
    const again = (await client.postOrder(order, OrderType.GTC)) as never as Record<string, unknown>;
    expect(again.error).toMatch(/^order 0x[0-9a-f]{64} is invalid\. Duplicated\.$/);
  });
});

describe("signatures", () => {
  test("an order whose signature is by another key than its signer is rejected", async () => {
    const { wallet, client } = await newTrader(venue.url);
    const impostor = new OrderBuilder(clobSigner(newTestWallet()), 137);
    const signed = await impostor.buildOrder({ tokenID: up, price: 0.3, size: 5, side: Side.BUY }, { tickSize: "0.01", negRisk: false }, 2);
    const forged = { ...signed, maker: wallet.address, signer: wallet.address };
    const answer = (await client.postOrder(forged, OrderType.GTC)) as never as Record<string, unknown>;
    expect(answer).toMatchObject({ error: "invalid signature", status: 400 });
    const foreign = (await client.postOrder(signed, OrderType.GTC)) as never as Record<string, unknown>;
    expect(foreign.error).toBe("the order signer address has to be the address of the API KEY");
  });

  test("a V1-signed order is refused as a version mismatch", async () => {
    const { client } = await newTrader(venue.url);
    const v1 = await client.createOrder({ tokenID: up, price: 0.3, size: 5, side: Side.BUY }, { tickSize: "0.01", version: 1 });
    expect("nonce" in v1 && "feeRateBps" in v1).toBe(true);
    const answer = (await client.postOrder(v1, OrderType.GTC)) as never as Record<string, unknown>;
    expect(answer).toMatchObject({ error: "order_version_mismatch", status: 400 });
  });

  test("neg-risk markets verify against the neg-risk exchange", async () => {
    const { client } = await newTrader(venue.url);
    const token = venue.negRisk.tokenIds[1];
    const right = await client.createOrder({ tokenID: token, price: 0.3, size: 5, side: Side.BUY });
    expect((await client.postOrder(right, OrderType.GTC)).status).toBe("live");
    const wrong = await client.createOrder({ tokenID: token, price: 0.31, size: 5, side: Side.BUY }, { tickSize: "0.01", negRisk: false });
    expect(((await client.postOrder(wrong, OrderType.GTC)) as never as Record<string, unknown>).error).toBe("invalid signature");
  });

  test("proxy and deposit-wallet (POLY_1271) orders trade from the funder's balance", async () => {
    for (const signatureType of [SignatureTypeV2.POLY_PROXY, SignatureTypeV2.POLY_1271]) {
      const funderAddress = newTestWallet().address;
      const { wallet, creds, client } = await newTrader(venue.url, { signatureType, funderAddress });
      const response = await client.createAndPostMarketOrder({ tokenID: venue.negRisk.tokenIds[1], amount: 5, side: Side.BUY, price: 0.49 }, undefined, OrderType.FOK);
      expect(response.status).toBe("matched");
      const trades = await client.getTrades();
      expect(trades[0]!.maker_address).toBe(funderAddress);
      expect((await collateral(client)).lt(250)).toBe(true);
      const eoa = sandboxClobClient(venue.url, wallet, creds);
      expect((await collateral(eoa)).toString()).toBe("250");
    }
  });
});
