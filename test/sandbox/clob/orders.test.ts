import { beforeAll, describe, expect, test } from "bun:test";
import { OrderBuilder, OrderType, Side, SignatureTypeV2 } from "@polymarket/clob-client-v2";
import { Decimal } from "../../../core/decimal.ts";
import { proxyWalletOf, safeWalletOf } from "../../../sandbox/clob/own-wallets.ts";
import type { SandboxMarket } from "../../../sandbox/types.ts";
import { clobSigner, deriveTestCreds, newTestWallet, sandboxClobClient } from "../../helpers/sandbox-wallet.ts";
import { collateral, newTrader, reply, tokens } from "./trader.ts";
import { bestFirst, expectedFee, openWindow, resolvedWindow, sharesFor, useClobSandbox } from "./venue.ts";

const venue = useClobSandbox({ seed: 5 });
let btc: SandboxMarket;
let eth: SandboxMarket;
beforeAll(() => {
  btc = openWindow(venue, "15m", "BTC");
  eth = openWindow(venue, "1h", "ETH");
});

const METADATA = `0x${"ab".repeat(32)}`;

describe("a FOK BUY through the official client", () => {
  test("reads the book, fills at the best ask, charges the schedule's fee, lists the trade", async () => {
    const up = btc.tokenIds[0];
    const { client } = await newTrader(venue.url);
    const book = await client.getOrderBook(up);
    const [best] = bestFirst(book, "BUY");
    expect(book.asks.at(-1)).toEqual(best!);
    expect(Number(best!.size) * Number(best!.price)).toBeGreaterThan(10);
    const shares = sharesFor(10, best!.price);
    const response = await client.createAndPostMarketOrder({ tokenID: up, amount: 10, side: Side.BUY, metadata: METADATA } as never, undefined, OrderType.FOK);
    expect(response).toMatchObject({ success: true, errorMsg: "", status: "matched", makingAmount: "10", takingAmount: shares });
    expect(response.tradeIDs).toHaveLength(1);
    expect(response.transactionsHashes![0]).toMatch(/^0x[0-9a-f]{64}$/);
    const fee = expectedFee([{ shares, price: best!.price }]);
    expect(fee.gt(0)).toBe(true);
    expect((await collateral(client)).toString()).toBe(new Decimal(1000).sub(10).sub(fee).toString());
    expect((await tokens(client, up)).toString()).toBe(shares);
    const trades = await client.getTrades();
    expect(trades).toHaveLength(1);
    expect(trades[0]).toMatchObject({
      id: response.tradeIDs![0],
      taker_order_id: response.orderID,
      market: btc.conditionId,
      asset_id: up,
      side: "BUY",
      size: shares,
      status: "MATCHED",
      trader_side: "TAKER",
      outcome: "Up",
      fee_rate_bps: "720",
    });
    expect(trades[0]!.maker_orders).toEqual([expect.objectContaining({ price: best!.price, matched_amount: shares })]);
    expect(await client.getOrder(response.orderID)).toMatchObject({ id: response.orderID, status: "MATCHED", size_matched: shares, order_type: "FOK", metadata: METADATA });
    // The makers' liquidity is taken out of the public book.
    const after = bestFirst(await client.getOrderBook(up), "BUY")[0]!;
    expect(after.price).toBe(best!.price);
    expect(new Decimal(best!.size).sub(after.size).toString()).toBe(shares);
  });

  test("walks the book best price first, with the fee at each fill price", async () => {
    const down = btc.tokenIds[1];
    const { client } = await newTrader(venue.url);
    const [first, second] = bestFirst(await client.getOrderBook(down), "BUY");
    const firstCost = new Decimal(first!.size).mul(first!.price);
    const amount = firstCost.add(20).toDecimalPlaces(0, Decimal.ROUND_UP);
    const response = await client.createAndPostMarketOrder({ tokenID: down, amount: amount.toNumber(), side: Side.BUY, price: Number(second!.price) }, undefined, OrderType.FOK);
    expect(response.status).toBe("matched");
    const fills = [
      { shares: first!.size, price: first!.price },
      { shares: sharesFor(amount.sub(firstCost).toString(), second!.price), price: second!.price },
    ];
    const [trade] = await client.getTrades();
    expect(trade!.maker_orders.map((maker) => ({ shares: maker.matched_amount, price: maker.price }))).toEqual(fills);
    expect(response.takingAmount).toBe(new Decimal(fills[0]!.shares).add(fills[1]!.shares).toString());
    expect((await collateral(client)).toString()).toBe(new Decimal(1000).sub(amount).sub(expectedFee(fills)).toString());
  });

  test("a SELL of held shares receives the bid less the fee", async () => {
    const up = eth.tokenIds[0];
    const { client } = await newTrader(venue.url);
    await client.createAndPostMarketOrder({ tokenID: up, amount: 10, side: Side.BUY }, undefined, OrderType.FOK);
    const cash = await collateral(client);
    const [bid] = bestFirst(await client.getOrderBook(up), "SELL");
    const response = await client.createAndPostMarketOrder({ tokenID: up, amount: 12, side: Side.SELL }, undefined, OrderType.FOK);
    const proceeds = new Decimal(12).mul(bid!.price);
    expect(response).toMatchObject({ status: "matched", makingAmount: "12", takingAmount: proceeds.toString() });
    expect((await collateral(client)).toString()).toBe(
      cash
        .add(proceeds)
        .sub(expectedFee([{ shares: "12", price: bid!.price }]))
        .toString(),
    );
  });
});

describe("rejections", () => {
  test("FOK without enough liquidity inside its limit is killed; nothing moves", async () => {
    const up = eth.tokenIds[0];
    const { client } = await newTrader(venue.url);
    const [best] = bestFirst(await client.getOrderBook(up), "BUY");
    const tooMuch = new Decimal(best!.size).mul(best!.price).add(5).toDecimalPlaces(0).toNumber();
    const response = reply(await client.createAndPostMarketOrder({ tokenID: up, amount: tooMuch, side: Side.BUY, price: Number(best!.price) }, undefined, OrderType.FOK));
    expect(response).toMatchObject({ error: "order couldn't be fully filled. FOK orders are fully filled or killed.", status: 400 });
    expect(response.orderID).toMatch(/^0x[0-9a-f]{64}$/);
    expect((await collateral(client)).toString()).toBe("1000");
    expect(await client.getTrades()).toEqual([]);
    // The venue holds no such order: its lookup answers 200 with null; the admin ledger lists it as refused.
    expect(await client.getOrder(String(response.orderID))).toBeNull();
    const ledger = (await (await fetch(`${venue.url}/admin/ledger`)).json()) as { refused: string[]; orders: { id: string }[] };
    expect(ledger.refused).toContain(String(response.orderID));
    expect(ledger.orders.map((order) => order.id)).not.toContain(String(response.orderID));
  });

  test("FAK fills what is inside its limit and kills the rest; with nothing inside it is refused", async () => {
    const down = eth.tokenIds[1];
    const { client } = await newTrader(venue.url);
    const [best] = bestFirst(await client.getOrderBook(down), "BUY");
    const levelCost = new Decimal(best!.size).mul(best!.price);
    const response = await client.createAndPostMarketOrder(
      { tokenID: down, amount: levelCost.add(5).toDecimalPlaces(0).toNumber(), side: Side.BUY, price: Number(best!.price) },
      undefined,
      OrderType.FAK,
    );
    expect(response).toMatchObject({ status: "matched", makingAmount: levelCost.toString(), takingAmount: best!.size });
    const none = reply(await client.createAndPostMarketOrder({ tokenID: down, amount: 5, side: Side.BUY, price: 0.02 }, undefined, OrderType.FAK));
    expect(none.error).toBe("no orders found to match with FAK order. FAK orders are partially filled or killed if no match is found.");
  });

  test("below the minimum size, under $1 marketable, off-tick", async () => {
    const up = btc.tokenIds[0];
    const { wallet, client } = await newTrader(venue.url);
    const small = reply(await client.createAndPostOrder({ tokenID: up, price: 0.1, size: 3, side: Side.BUY }));
    expect(small.error).toMatch(/^order 0x[0-9a-f]{64} is invalid\. Size \(3\) lower than the minimum: 5$/);
    const cheap = reply(await client.createAndPostMarketOrder({ tokenID: up, amount: 0.5, side: Side.BUY }, undefined, OrderType.FOK));
    expect(cheap.error).toBe("invalid amount for a marketable BUY order ($0.5), min size: $1");
    const builder = new OrderBuilder(clobSigner(wallet), 137);
    const offTick = await builder.buildOrder({ tokenID: up, price: 0.105, size: 10, side: Side.BUY }, { tickSize: "0.001", negRisk: false }, 2);
    expect(reply(await client.postOrder(offTick, OrderType.GTC)).error).toMatch(/is invalid\. Price \(0\.105\) breaks minimum tick size rule: 0\.01$/);
  });

  test("marketable amounts too precise for the tick are refused; amounts changed after signing fail the signature", async () => {
    const up = btc.tokenIds[0];
    const { wallet, client } = await newTrader(venue.url);
    const builder = new OrderBuilder(clobSigner(wallet), 137);
    // Rounded for a 0.001 tick the taker amount keeps 5 decimals; the market's 0.01 tick allows 4.
    const order = await builder.buildMarketOrder({ tokenID: up, amount: 10, side: Side.BUY, price: 0.53 }, { tickSize: "0.001", negRisk: false }, 2);
    expect(order.takerAmount).toBe("18867920");
    expect(reply(await client.postOrder(order, OrderType.FOK)).error).toBe(
      "invalid amounts, the market buy orders maker amount supports a max accuracy of 2 decimals, taker amount a max of 4 decimals",
    );
    const signed = await builder.buildMarketOrder({ tokenID: up, amount: 10, side: Side.BUY, price: 0.53 }, { tickSize: "0.01", negRisk: false }, 2);
    expect(reply(await client.postOrder({ ...signed, makerAmount: "11000000" }, OrderType.FOK)).error).toBe("invalid signature");
  });

  test("not enough balance, closed market, duplicate", async () => {
    const up = btc.tokenIds[0];
    const { client } = await newTrader(venue.url);
    const broke = reply(await client.createAndPostMarketOrder({ tokenID: up, amount: 1001, side: Side.BUY, price: 0.99 }, undefined, OrderType.FOK));
    expect(broke.error).toBe("not enough balance / allowance");
    const unheld = reply(await client.createAndPostMarketOrder({ tokenID: up, amount: 10, side: Side.SELL, price: 0.01 }, undefined, OrderType.FOK));
    expect(unheld.error).toBe("not enough balance / allowance");
    const ended = resolvedWindow(venue);
    const closed = reply(
      await client.createAndPostMarketOrder({ tokenID: ended.tokenIds[0], amount: 5, side: Side.BUY, price: 0.5 }, { tickSize: "0.01", negRisk: false }, OrderType.FOK),
    );
    expect(closed.error).toBe("the market is not accepting orders");
    const order = await client.createOrder({ tokenID: up, price: 0.05, size: 5, side: Side.BUY });
    expect((await client.postOrder(order, OrderType.GTC)).status).toBe("live");
    expect(reply(await client.postOrder(order, OrderType.GTC)).error).toMatch(/^order 0x[0-9a-f]{64} is invalid\. Duplicated\.$/);
  });
});

describe("signatures", () => {
  test("an order whose signature is by another key than its signer is rejected", async () => {
    const up = btc.tokenIds[1];
    const { wallet, client } = await newTrader(venue.url);
    const impostor = new OrderBuilder(clobSigner(newTestWallet()), 137);
    const signed = await impostor.buildOrder({ tokenID: up, price: 0.05, size: 5, side: Side.BUY }, { tickSize: "0.01", negRisk: false }, 2);
    expect(reply(await client.postOrder({ ...signed, maker: wallet.address, signer: wallet.address }, OrderType.GTC))).toMatchObject({ error: "invalid signature", status: 400 });
    expect(reply(await client.postOrder(signed, OrderType.GTC)).error).toBe("the order signer address has to be the address of the API KEY");
  });

  test("a V1-signed order is refused as a version mismatch", async () => {
    const { client } = await newTrader(venue.url);
    const v1 = await client.createOrder({ tokenID: btc.tokenIds[0], price: 0.05, size: 5, side: Side.BUY }, { tickSize: "0.01", version: 1 });
    expect("nonce" in v1 && "feeRateBps" in v1).toBe(true);
    expect(reply(await client.postOrder(v1, OrderType.GTC))).toMatchObject({ error: "order_version_mismatch", status: 400 });
  });

  test("a neg-risk market's orders verify against the neg-risk exchange", async () => {
    const market = openWindow(venue, "15m", "SOL");
    market.negRisk = true;
    const { client } = await newTrader(venue.url);
    expect(await client.getNegRisk(market.tokenIds[0])).toBe(true);
    const right = await client.createOrder({ tokenID: market.tokenIds[0], price: 0.05, size: 5, side: Side.BUY });
    expect((await client.postOrder(right, OrderType.GTC)).status).toBe("live");
    const wrong = await client.createOrder({ tokenID: market.tokenIds[0], price: 0.06, size: 5, side: Side.BUY }, { tickSize: "0.01", negRisk: false });
    expect(reply(await client.postOrder(wrong, OrderType.GTC)).error).toBe("invalid signature");
  });

  test("proxy, Safe and deposit-wallet (POLY_1271) orders trade from the funder's balance", async () => {
    for (const signatureType of [SignatureTypeV2.POLY_PROXY, SignatureTypeV2.POLY_GNOSIS_SAFE, SignatureTypeV2.POLY_1271]) {
      const signer = newTestWallet();
      const own = { [SignatureTypeV2.POLY_PROXY]: proxyWalletOf, [SignatureTypeV2.POLY_GNOSIS_SAFE]: safeWalletOf } as Record<number, (address: string) => string>;
      const funderAddress = own[signatureType]?.(signer.address) ?? newTestWallet().address;
      const creds = await deriveTestCreds(venue.url, signer);
      const wallet = signer;
      const client = sandboxClobClient(venue.url, signer, creds, { signatureType, funderAddress });
      const response = await client.createAndPostMarketOrder({ tokenID: eth.tokenIds[1], amount: 5, side: Side.BUY }, undefined, OrderType.FOK);
      expect(response.status).toBe("matched");
      expect((await client.getTrades())[0]!.maker_address).toBe(funderAddress);
      expect((await collateral(client)).lt(995)).toBe(true);
      expect((await collateral(sandboxClobClient(venue.url, wallet, creds))).toString()).toBe("1000");
    }
  });
});

describe("proxy and Safe funders (signature types 1 and 2)", () => {
  test("the funder must be the signer's own proxy or Safe, derived as the venue does; another is refused", async () => {
    for (const [signatureType, ownWallet] of [
      [SignatureTypeV2.POLY_PROXY, proxyWalletOf],
      [SignatureTypeV2.POLY_GNOSIS_SAFE, safeWalletOf],
    ] as const) {
      const signer = newTestWallet();
      const creds = await deriveTestCreds(venue.url, signer);
      const stranger = sandboxClobClient(venue.url, signer, creds, { signatureType, funderAddress: newTestWallet().address });
      const refused = reply(await stranger.createAndPostOrder({ tokenID: btc.tokenIds[0], price: 0.05, size: 5, side: Side.BUY }));
      expect(refused).toMatchObject({ error: "invalid signature", status: 400 });
      // Signed by the right key for another signer's wallet: refused too.
      const borrowed = sandboxClobClient(venue.url, signer, creds, { signatureType, funderAddress: ownWallet(newTestWallet().address) });
      expect(reply(await borrowed.createAndPostOrder({ tokenID: btc.tokenIds[0], price: 0.05, size: 5, side: Side.BUY })).error).toBe("invalid signature");
      // The key's own wallet is funded and seen by balance queries before any order names it.
      const client = sandboxClobClient(venue.url, signer, creds, { signatureType, funderAddress: ownWallet(signer.address) });
      expect((await collateral(client)).toString()).toBe("1000");
      const live = await client.createAndPostOrder({ tokenID: btc.tokenIds[0], price: 0.05, size: 5, side: Side.BUY });
      expect(live.status).toBe("live");
      expect((await client.getOrder(live.orderID)).maker_address).toBe(ownWallet(signer.address));
      await client.cancelAll();
    }
  });

  test("derivation matches a published Safe of a known signer", () => {
    // A signer and the Safe Polymarket's own relayer SDK derived for it, as quoted in a public report.
    expect(safeWalletOf("0xBBc264c10F54A61607A31B53358a5A87d4B045be")).toBe("0xEFae63145ffb73Ab047e578324bcA9BaABE5E1Ad");
  });
});

describe("batches", () => {
  test("POST /orders answers per order; DELETE /orders cancels several; at most 15 per post", async () => {
    const token = btc.tokenIds[1];
    const { client } = await newTrader(venue.url);
    const order = (price: number, size: number) => client.createOrder({ tokenID: token, price, size, side: Side.BUY });
    const args = [await order(0.05, 5), await order(0.06, 5), await order(0.07, 2)].map((signed) => ({ order: signed, orderType: OrderType.GTC }));
    const answers = (await client.postOrders(args)) as never as Record<string, unknown>[];
    expect(answers).toHaveLength(3);
    expect(answers[0]).toMatchObject({ success: true, status: "live" });
    expect(answers[1]).toMatchObject({ success: true, status: "live" });
    expect(answers[2]).toMatchObject({ success: false, errorMsg: expect.stringMatching(/lower than the minimum: 5$/) });
    const ids = [answers[0]!.orderID as string, answers[1]!.orderID as string];
    expect(await client.cancelOrders(ids)).toEqual({ canceled: ids, not_canceled: {} });
    const many = await Promise.all(Array.from({ length: 16 }, (_, i) => order(0.05, 5 + i)));
    expect(reply(await client.postOrders(many.map((signed) => ({ order: signed, orderType: OrderType.GTC }))))).toMatchObject({
      error: "Too many orders in payload: 16, max allowed: 15",
      status: 400,
    });
  });
});
