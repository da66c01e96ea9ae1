/**
 * The official `@polymarket/clob-client-v2`, unchanged but for its host, against the sandbox with
 * two wallets (issue #16, "Done when"): its README flow (a viem wallet client), its examples' flows
 * (ethers v5 wallets: matchOrders, marketBuy/Sell seeded by a second wallet, marketable limits,
 * GTD, multipleOrders, populateOrderbook, the cancels, account reads, keys, signature types) and
 * every public method of the client, each succeeding or failing as the venue documents.
 *
 * Every client is wrapped so the methods the tests call on it are recorded (the client's calls to
 * itself are not); the last test fails when a public method of the installed client is neither
 * called nor listed in NOT_CALLED with its reason, so an upgrade cannot add an untested method.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Wallet as EthersV5Wallet } from "@ethersproject/wallet";
import {
  ApiError,
  type ApiKeyCreds,
  AssetType,
  Chain,
  ClobClient,
  type ClobClientOptions,
  OrderType,
  PriceHistoryInterval,
  Side,
  SignatureTypeV2,
  type TickSize,
} from "@polymarket/clob-client-v2";
import { Wallet } from "ethers";
import { createWalletClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { Decimal } from "../../core/decimal.ts";
import { proxyWalletOf, safeWalletOf } from "../../sandbox/clob/own-wallets.ts";
import type { SandboxMarket } from "../../sandbox/types.ts";
import type { TestSandbox } from "../helpers/sandbox.ts";
import { rejected } from "../helpers/thrown.ts";
import { bestFirst, openWindow, startClobSandbox } from "../sandbox/clob/venue.ts";

let venue: TestSandbox;
let host: string;
let market: SandboxMarket;
let YES: string;
let NO: string;
/** Wallet 1 as the README sets it up (viem wallet client); wallet 2 as the examples do (ethers v5). */
let client1: ClobClient;
let client2: ClobClient;
let creds1: ApiKeyCreds;
let address1: string;
let address2: string;
let key1: string;

/** Public methods of the client no test here calls, each with the reason. */
const NOT_CALLED: Record<string, string> = {
  createExchangeV3OrderFromAmounts: "signs an order for exchange V3; the venue answers /version 2 and documents no acceptance of V3 orders",
};

/** Public methods the tests called on a client, by name. */
const called = new Set<string>();

/** The official client on the sandbox (chain 137), unchanged but for its host, recording the methods called on it from outside. */
function clob(options: Partial<ClobClientOptions> = {}): ClobClient {
  const client = new ClobClient({ host, chain: Chain.POLYGON, ...options });
  return new Proxy(client, {
    get(target, name) {
      const value = Reflect.get(target, name, target);
      if (typeof value !== "function" || typeof name !== "string") return value;
      return (...args: unknown[]) => {
        called.add(name);
        return value.apply(target, args);
      };
    },
  });
}

const START_BALANCE = "1000";
const BUILDER = `0x${"ab".repeat(32)}`;
const fresh = () => Wallet.createRandom().privateKey;
const error = (value: unknown) => value as { error?: unknown; status?: number };

beforeAll(async () => {
  // A wide spread leaves prices strictly between the makers' quotes for the examples' resting orders.
  venue = await startClobSandbox({ seed: 17, balance: START_BALANCE, halfSpread: "0.03" });
  host = `${venue.url}/clob`;
  market = openWindow(venue, "1h", "BTC");
  [YES, NO] = market.tokenIds;

  key1 = fresh();
  const account = privateKeyToAccount(key1 as `0x${string}`);
  const walletClient = createWalletClient({ account, transport: http("http://127.0.0.1:9") });
  address1 = account.address;
  creds1 = await clob({ signer: walletClient }).createOrDeriveApiKey();
  client1 = clob({ signer: walletClient, creds: creds1 });

  const wallet2 = new EthersV5Wallet(fresh());
  address2 = await wallet2.getAddress();
  const creds2 = await clob({ signer: wallet2 }).createOrDeriveApiKey();
  client2 = clob({ signer: wallet2, creds: creds2 });
});
afterAll(() => venue.stop());

/** The makers' best bid and ask for a token, a price strictly between them, and one 5 cents under the bid (a BUY there rests). */
async function spread(token: string) {
  const book = await client1.getOrderBook(token);
  const bid = new Decimal(bestFirst(book, "SELL")[0]!.price);
  const ask = new Decimal(bestFirst(book, "BUY")[0]!.price);
  const inside = bid.add(book.tick_size);
  expect(inside.lt(ask)).toBe(true);
  return { bid: bid.toNumber(), ask: ask.toNumber(), inside: inside.toNumber(), under: bid.sub("0.05").toNumber() };
}

/** Book parameters for both outcomes, BUY side. */
const bothBuy = () => [YES, NO].map((token_id) => ({ token_id, side: Side.BUY }));
const pusd = async (client: ClobClient) => new Decimal((await client.getBalanceAllowance({ asset_type: AssetType.COLLATERAL })).balance).div(1e6);
const shares = async (client: ClobClient, token: string) =>
  new Decimal((await client.getBalanceAllowance({ asset_type: AssetType.CONDITIONAL, token_id: token })).balance).div(1e6);

describe("public market data", () => {
  test("getOk, getVersion, getServerTime", async () => {
    expect(await client1.getOk()).toBe("OK");
    expect(await client1.getVersion()).toBe(2);
    expect(await client1.getServerTime()).toBe(Math.floor(venue.app.clock.now() / 1000));
  });

  test("getMarkets, getMarket, getClobMarketInfo", async () => {
    const page = await client1.getMarkets();
    expect(page.data.length).toBeGreaterThan(0);
    expect(typeof page.next_cursor).toBe("string");
    const classic = await client1.getMarket(market.conditionId);
    expect(classic.condition_id).toBe(market.conditionId);
    expect(classic.tokens.map((token: { token_id: string }) => token.token_id)).toEqual([YES, NO]);
    const info = await client1.getClobMarketInfo(market.conditionId);
    expect(info.t.map((token) => token.t)).toEqual([YES, NO]);
  });

  test("getOrderBook(s) and getOrderBookHash; an unknown token is the documented 404", async () => {
    const book = await client1.getOrderBook(YES);
    expect(book).toMatchObject({ market: market.conditionId, asset_id: YES, neg_risk: false });
    expect(await client1.getOrderBookHash({ ...book })).toBe(book.hash);
    const books = await client1.getOrderBooks(bothBuy());
    expect(books.map((item) => item.asset_id)).toEqual([YES, NO]);
    expect(error(await client1.getOrderBook("123"))).toEqual({ error: "No orderbook exists for the requested token id", status: 404 });
    expect((await rejected(ApiError, clob({ throwOnError: true }).getOrderBook("123"))).status).toBe(404);
  });

  test("tick size, neg risk, fee rate and exponent", async () => {
    expect(await client1.getTickSize(YES)).toBe((await client1.getOrderBook(YES)).tick_size as TickSize);
    expect(await client1.getNegRisk(YES)).toBe(false);
    expect(await client1.getFeeRateBps(YES)).toBeGreaterThan(0);
    expect(await client1.getFeeExponent(YES)).toBe(1);
  });

  test("midpoint(s), price(s), spread(s), last trade price(s), prices history", async () => {
    const { bid, ask } = await spread(YES);
    expect(Number((await client1.getMidpoint(YES)).mid)).toBeCloseTo((bid + ask) / 2, 9);
    expect(Object.keys(await client1.getMidpoints(bothBuy()))).toEqual([YES, NO]);
    expect(Number((await client1.getPrice(YES, Side.BUY)).price)).toBe(bid);
    expect(Number((await client1.getPrice(YES, Side.SELL)).price)).toBe(ask);
    expect((await client1.getPrices([{ token_id: YES, side: Side.BUY }]))[YES]).toMatchObject({ BUY: String(bid) });
    expect(Number((await client1.getSpread(YES)).spread)).toBeCloseTo(ask - bid, 9);
    expect(Object.keys(await client1.getSpreads([{ token_id: YES, side: Side.BUY }]))).toEqual([YES]);
    expect((await client1.getLastTradePrice(YES)).price).toMatch(/^0\.\d+$/);
    expect(await client1.getLastTradesPrices([{ token_id: YES, side: Side.BUY }])).toEqual([expect.objectContaining({ token_id: YES })]);
    const history = (await client1.getPricesHistory({ market: YES, interval: PriceHistoryInterval.ONE_HOUR })) as unknown as { history: { t: number; p: number }[] };
    expect(history.history.length).toBeGreaterThan(0);
    expect(() => client1.getPricesHistory({ market: YES })).toThrow(/requires either interval or both startTs and endTs/);
  });

  test("calculateMarketPrice walks the book for the amount", async () => {
    const { bid, ask } = await spread(NO);
    expect(await client1.calculateMarketPrice(NO, Side.BUY, 1)).toBe(ask);
    expect(await client1.calculateMarketPrice(NO, Side.SELL, 1)).toBe(bid);
  });

  test("listings the client pages to their end: simplified markets; sampling markets and rewards empty (no rewards programme)", async () => {
    const simplified = await client1.getSimplifiedMarkets();
    expect(simplified.next_cursor).toBe("LTE=");
    expect(simplified.data.find((row: { condition_id: string }) => row.condition_id === market.conditionId)).toMatchObject({
      tokens: [expect.objectContaining({ token_id: YES }), expect.objectContaining({ token_id: NO })],
    });
    expect(await client1.getSamplingMarkets()).toMatchObject({ data: [], next_cursor: "LTE=" });
    expect(await client1.getSamplingSimplifiedMarkets()).toMatchObject({ data: [], next_cursor: "LTE=" });
    expect(await client1.getCurrentRewards()).toEqual([]);
    expect(await client1.getRawRewardsForMarket(market.conditionId)).toEqual([]);
  });
});

describe("API keys (L1) and account status (L2)", () => {
  test("deriveApiKey returns the same credentials every time; getApiKeys lists the key in use; closed-only is off", async () => {
    const signer = new EthersV5Wallet(fresh());
    const l1 = clob({ signer });
    const created = await l1.createApiKey(5);
    expect(created.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(await l1.deriveApiKey(6)).toEqual(await l1.deriveApiKey(6));
    const l2 = clob({ signer, creds: created });
    // Listed whatever the entries' shape (the client types them as credentials).
    expect(JSON.stringify((await l2.getApiKeys()).apiKeys)).toContain(created.key);
    expect(await l2.getClosedOnlyMode()).toEqual({ closed_only: false });
  });

  test("deleteApiKey revokes the key: its next L2 call is the documented 401", async () => {
    const signer = new EthersV5Wallet(fresh());
    const creds = await clob({ signer }).createOrDeriveApiKey();
    const client = clob({ signer, creds });
    expect(await client.deleteApiKey()).toBe("OK");
    expect(error(await client.getApiKeys())).toEqual({ error: "Unauthorized/Invalid api key", status: 401 });
  });

  test("L2 methods without credentials are refused by the client itself", async () => {
    const anonymous = clob();
    await expect(anonymous.getOpenOrders()).rejects.toThrow();
  });

  test("createOrDeriveApiKey returns the same credentials every time; a second createApiKey is the documented 400", async () => {
    const signer = new EthersV5Wallet(fresh());
    const first = await clob({ signer }).createOrDeriveApiKey();
    expect(first.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(await clob({ signer }).createOrDeriveApiKey()).toEqual(first);
    expect(await rejected(ApiError, clob({ signer, throwOnError: true }).createApiKey())).toMatchObject({ status: 400, message: "Could not create api key" });
  });

  test("read-only keys: created, listed, deleted", async () => {
    const { apiKey } = await client2.createReadonlyApiKey();
    expect(apiKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(apiKey).not.toBe(client2.creds!.key);
    expect(await client2.getReadonlyApiKeys()).toEqual([apiKey]);
    expect(await client2.deleteReadonlyApiKey(apiKey)).toBe(true);
    expect(await client2.getReadonlyApiKeys()).toEqual([]);
  });

  test("builder key: one live at a time, listed with its dates, revoked, then a new one", async () => {
    const signer = new EthersV5Wallet(fresh());
    const creds = await clob({ signer }).createOrDeriveApiKey();
    const client = clob({ signer, creds });
    const created = await client.createBuilderApiKey();
    expect(created).toEqual({ key: expect.stringMatching(/^[0-9a-f-]{36}$/), secret: expect.any(String), passphrase: expect.any(String) });
    expect(error(await client.createBuilderApiKey())).toMatchObject({ error: "builder api key already exists", status: 400 });
    expect(await client.getBuilderApiKeys()).toEqual([{ key: created.key, createdAt: expect.any(String) }]);
    expect(error(await client.revokeBuilderApiKey()).error).toBeUndefined();
    expect(await client.getBuilderApiKeys()).toEqual([{ key: created.key, createdAt: expect.any(String), revokedAt: expect.any(String) }]);
    expect((await client.createBuilderApiKey()).key).not.toBe(created.key);
  });
});

describe("the README and the examples' order flows, two wallets", () => {
  test("README: a resting GTC BUY, then a market BUY (FOK, amount in pUSD)", async () => {
    const { under } = await spread(YES);
    const resting = await client1.createAndPostOrder({ tokenID: YES, price: under, side: Side.BUY, size: 100 }, { tickSize: "0.01" }, OrderType.GTC);
    expect(resting).toMatchObject({ success: true, status: "live" });
    const bought = await client1.createAndPostMarketOrder({ tokenID: YES, amount: 10, side: Side.BUY, orderType: OrderType.FOK }, { tickSize: "0.01" }, OrderType.FOK);
    expect(bought).toMatchObject({ success: true, status: "matched", makingAmount: "10" });
    expect(bought.transactionsHashes).toHaveLength(1);
    expect(await client1.cancelOrder({ orderID: resting.orderID })).toEqual({ canceled: [resting.orderID], not_canceled: {} });
  });

  test("matchOrders: wallet 1's bid and wallet 2's ask at one price fill each other", async () => {
    await client2.createAndPostMarketOrder({ tokenID: YES, amount: 30, side: Side.BUY }, undefined, OrderType.FOK);
    const { inside } = await spread(YES);
    const yesBid = await client1.createOrder({ tokenID: YES, price: inside, side: Side.BUY, size: 10 });
    expect((await client1.postOrder(yesBid)).status).toBe("live");
    const yesAsk = await client2.createOrder({ tokenID: YES, price: inside, side: Side.SELL, size: 10 });
    const answer = await client2.postOrder(yesAsk);
    expect(answer).toMatchObject({ status: "matched", makingAmount: "10", takingAmount: new Decimal(10).mul(inside).toString() });
    const [made] = await client1.getTrades({ id: answer.tradeIDs![0] });
    expect(made).toMatchObject({ trader_side: "MAKER", side: "BUY", size: "10", maker_address: address1 });
    const [taken] = await client2.getTrades({ id: answer.tradeIDs![0] });
    expect(taken).toMatchObject({ trader_side: "TAKER", side: "SELL", maker_address: address2 });
    expect(taken!.maker_orders.map((order) => order.maker_address)).toEqual([address1]);
  });

  test("marketSell: wallet 2 seeds a bid, wallet 1 sells into it (FOK, amount in shares); then a FAK, signed and posted apart", async () => {
    const { inside } = await spread(YES);
    const seeded = await client2.createAndPostOrder({ tokenID: YES, price: inside, side: Side.BUY, size: 15 }, undefined, OrderType.GTC);
    expect(seeded.status).toBe("live");
    const held = await shares(client1, YES);
    const sold = await client1.createAndPostMarketOrder({ tokenID: YES, amount: 10, side: Side.SELL, orderType: OrderType.FOK }, undefined, OrderType.FOK);
    expect(sold).toMatchObject({ status: "matched", makingAmount: "10", takingAmount: new Decimal(10).mul(inside).toString() });
    const fak = await client1.createMarketOrder({ tokenID: YES, amount: 5, side: Side.SELL, orderType: OrderType.FAK });
    const rest = await client1.postOrder(fak, OrderType.FAK);
    expect(rest).toMatchObject({ status: "matched", makingAmount: "5" });
    expect((await shares(client1, YES)).toString()).toBe(held.sub(15).toString());
    expect((await client2.getOrder(seeded.orderID)).status).toBe("MATCHED");
  });

  test("marketBuy: wallet 2 seeds an ask, wallet 1 buys it (FOK, amount in pUSD)", async () => {
    const { inside } = await spread(YES);
    const seeded = await client2.createAndPostOrder({ tokenID: YES, price: inside, side: Side.SELL, size: 10 });
    expect(seeded.status).toBe("live");
    const amount = new Decimal(10).mul(inside).toNumber();
    const bought = await client1.createAndPostMarketOrder({ tokenID: YES, amount, side: Side.BUY, orderType: OrderType.FOK }, undefined, OrderType.FOK);
    expect(bought).toMatchObject({ status: "matched", takingAmount: "10" });
    expect((await client2.getOrder(seeded.orderID)).status).toBe("MATCHED");
  });

  test("marketable limit BUY at the best ask and SELL at the best bid cross at once", async () => {
    const { bid, ask } = await spread(NO);
    const buy = await client1.createAndPostOrder({ tokenID: NO, price: ask, side: Side.BUY, size: 10 });
    expect(buy).toMatchObject({ status: "matched", takingAmount: "10" });
    const sell = await client1.createAndPostOrder({ tokenID: NO, price: bid, side: Side.SELL, size: 10 });
    expect(sell).toMatchObject({ status: "matched", makingAmount: "10" });
  });

  test("a FOK larger than the book is killed with the documented message; nothing moves", async () => {
    const before = await pusd(client1);
    const { ask } = await spread(NO);
    const killed = error(await client1.createAndPostMarketOrder({ tokenID: NO, amount: 900, side: Side.BUY, price: ask }, undefined, OrderType.FOK));
    expect(killed).toMatchObject({ error: "order couldn't be fully filled. FOK orders are fully filled or killed.", status: 400 });
    expect((await pusd(client1)).toString()).toBe(before.toString());
  });

  test("GTD limit BUY and SELL rest until a minute before their expiration", async () => {
    const now = Math.floor(venue.app.clock.now() / 1000);
    const { under, ask } = await spread(NO);
    const expiration = now + 60 + 30;
    const gtdBuy = await client1.createAndPostOrder({ tokenID: NO, price: under, side: Side.BUY, size: 10, expiration }, undefined, OrderType.GTD);
    const gtdSell = await client2.createAndPostOrder(
      { tokenID: YES, price: new Decimal(ask).add("0.2").toNumber(), side: Side.SELL, size: 5, expiration },
      undefined,
      OrderType.GTD,
    );
    expect([gtdBuy.status, gtdSell.status]).toEqual(["live", "live"]);
    expect(error(await client1.createAndPostOrder({ tokenID: NO, price: 0.05, side: Side.BUY, size: 10, expiration: now + 30 }, undefined, OrderType.GTD)).error).toBe(
      "invalid expiration",
    );
    await venue.admin.advance(30_000);
    expect((await client1.getOrder(gtdBuy.orderID)).status).toBe("CANCELED");
    expect((await client2.getOrder(gtdSell.orderID)).status).toBe("CANCELED");
  });

  test("post-only: a crossing post-only order is refused; a passive one rests", async () => {
    const { under, ask } = await spread(NO);
    const crossing = error(await client1.createAndPostOrder({ tokenID: NO, price: ask, side: Side.BUY, size: 5 }, undefined, OrderType.GTC, true));
    expect(crossing).toMatchObject({ error: "invalid post-only order: order crosses book", status: 400 });
    const passive = await client1.createAndPostOrder({ tokenID: NO, price: under, side: Side.BUY, size: 5 }, undefined, OrderType.GTC, true);
    expect(passive.status).toBe("live");
    await client1.cancelOrder({ orderID: passive.orderID });
  });

  test("multipleOrders (postOrders) then populateOrderbook; cancelOrders, cancelMarketOrders, cancelAll", async () => {
    const { bid } = await spread(YES);
    const low = (offset: string) => new Decimal(bid).sub(offset).toNumber();
    const batch = await Promise.all([
      client1.createOrder({ tokenID: YES, price: low("0.05"), side: Side.BUY, size: 10 }),
      client1.createOrder({ tokenID: YES, price: low("0.06"), side: Side.BUY, size: 10 }),
    ]);
    const answers = await client1.postOrders(batch.map((order) => ({ order, orderType: OrderType.GTC })));
    expect(answers.map((answer) => answer.status)).toEqual(["live", "live"]);
    const ids = answers.map((answer) => answer.orderID);
    expect(await client1.cancelOrders(ids)).toEqual({ canceled: ids, not_canceled: {} });

    for (const token of [YES, NO]) {
      await client2.postOrder(await client2.createOrder({ tokenID: token, price: (await spread(token)).under, side: Side.BUY, size: 10 }));
    }
    expect(await client2.getOpenOrders({ asset_id: YES })).toHaveLength(1);
    expect((await client2.cancelMarketOrders({ asset_id: YES })).canceled).toHaveLength(1);
    expect(await client2.getOpenOrders({ market: market.conditionId })).toHaveLength(1);
    expect((await client2.cancelAll()).canceled).toHaveLength(1);
    expect(await client2.getOpenOrders()).toEqual([]);
    expect(await client2.cancelOrder({ orderID: ids[0]! })).toEqual({ canceled: [], not_canceled: { [ids[0]!]: "order not found" } });
  });

  test("signature types: a POLY_PROXY and a POLY_GNOSIS_SAFE client trade from the signer's own wallets", async () => {
    const signer = new EthersV5Wallet(key1);
    const proxy = clob({ signer, creds: creds1, signatureType: SignatureTypeV2.POLY_PROXY, funderAddress: proxyWalletOf(address1) });
    const safe = clob({ signer, creds: creds1, signatureType: SignatureTypeV2.POLY_GNOSIS_SAFE, funderAddress: safeWalletOf(address1) });
    for (const client of [proxy, safe]) {
      expect((await pusd(client)).toString()).toBe(START_BALANCE);
      const bought = await client.createAndPostMarketOrder({ tokenID: NO, amount: 5, side: Side.BUY }, undefined, OrderType.FOK);
      expect(bought.status).toBe("matched");
      expect((await pusd(client)).lt(995)).toBe(true);
    }
    const stranger = clob({ signer, creds: creds1, signatureType: SignatureTypeV2.POLY_PROXY, funderAddress: address2 });
    expect(error(await stranger.createAndPostMarketOrder({ tokenID: NO, amount: 5, side: Side.BUY }, undefined, OrderType.FOK)).error).toBe("invalid signature");
  });
});

describe("account reads and the dead-man switch", () => {
  test("getOpenOrders, getOrder, getTrades, getTradesPaginated, balances, updateBalanceAllowance, postHeartbeat", async () => {
    const open = await client1.createAndPostOrder({ tokenID: YES, price: (await spread(YES)).under, side: Side.BUY, size: 10 });
    expect(await client1.getOpenOrders()).toEqual([expect.objectContaining({ id: open.orderID, status: "LIVE", maker_address: address1, owner: creds1.key })]);
    expect(await client1.getOrder(open.orderID)).toMatchObject({ id: open.orderID, original_size: "10", size_matched: "0" });
    const trades = await client1.getTrades();
    expect(trades.length).toBeGreaterThan(3);
    const page = await client1.getTradesPaginated();
    expect(page).toMatchObject({ count: trades.length, next_cursor: "LTE=" });
    expect(page.trades.map((trade) => trade.id)).toEqual(trades.map((trade) => trade.id));
    expect((await pusd(client1)).lt(START_BALANCE)).toBe(true);
    expect((await client1.getBalanceAllowance({ asset_type: AssetType.COLLATERAL })).allowances).toBeDefined();
    expect((await client1.updateBalanceAllowance({ asset_type: AssetType.COLLATERAL })) as unknown).toBe("");
    const beat = await client1.postHeartbeat();
    expect(beat.heartbeat_id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await client1.postHeartbeat(beat.heartbeat_id)).heartbeat_id).not.toBe(beat.heartbeat_id);
    expect((await client1.cancelAll()).canceled).toEqual([open.orderID]);
  });
});

describe("rewards, scoring, notifications and V1 history (L2): nothing to report, in the venue's shapes", () => {
  test("a resting order does not score; no earnings, percentages, notifications or pre-migration orders", async () => {
    const resting = await client1.createAndPostOrder({ tokenID: NO, price: (await spread(NO)).under, side: Side.BUY, size: 10 });
    expect(resting.status).toBe("live");
    expect(await client1.isOrderScoring({ order_id: resting.orderID })).toEqual({ scoring: false });
    expect(await client1.areOrdersScoring({ orderIds: [resting.orderID, "0x01"] })).toEqual({ [resting.orderID]: false, "0x01": false });
    const day = new Date(venue.app.clock.now()).toISOString().slice(0, 10);
    expect(await client1.getEarningsForUserForDay(day)).toEqual([]);
    expect(await client1.getTotalEarningsForUserForDay(day)).toEqual([]);
    expect(await client1.getUserEarningsAndMarketsConfig(day)).toEqual([]);
    expect(await client1.getRewardPercentages()).toEqual({});
    expect(await client1.getNotifications()).toEqual([]);
    expect(error(await client1.dropNotifications({ ids: ["1"] }))?.error).toBeUndefined();
    expect(await client1.getPreMigrationOrders()).toEqual([]);
    expect(await client1.cancelOrder({ orderID: resting.orderID })).toEqual({ canceled: [resting.orderID], not_canceled: {} });
  });
});

describe("public trades: live activity and builder trades", () => {
  test("a market BUY signed with a builder code shows in the market's live activity and the builder's trades", async () => {
    const other = openWindow(venue, "15m");
    const bought = await client2.createAndPostMarketOrder({ tokenID: other.tokenIds[0], amount: 10, side: Side.BUY, builderCode: BUILDER }, undefined, OrderType.FOK);
    expect(bought.status).toBe("matched");
    const [activity] = await client1.getMarketTradesEvents(other.conditionId);
    expect(activity).toMatchObject({ event_type: "trade", side: "BUY", outcome: other.outcomes[0], outcome_index: 0 });
    expect(activity!.market).toMatchObject({ condition_id: other.conditionId, asset_id: other.tokenIds[0] });
    expect(activity!.user.address.toLowerCase()).toBe(address2.toLowerCase());
    const builderTrades = await client1.getBuilderTrades({ builder_code: BUILDER });
    expect(builderTrades.trades.map((trade) => trade.id)).toEqual(bought.tradeIDs!);
    expect(builderTrades.trades[0]).toMatchObject({ builderCode: BUILDER, side: "BUY", tradeType: "TAKER", market: other.conditionId, builderFee: "0" });
    expect((await client1.getBuilderTrades({ builder_code: `0x${"cd".repeat(32)}` })).trades).toEqual([]);
    await expect(client1.getBuilderTrades({ builder_code: `0x${"0".repeat(64)}` })).rejects.toThrow("builderCode is required and cannot be zero");
  });
});

describe("the client's public API", () => {
  for (const [method, reason] of Object.entries(NOT_CALLED)) test.todo(`${method}: ${reason}`);

  test("every public method of the installed client was called above or is listed in NOT_CALLED with its reason", () => {
    // Public per the client's typings; the prototype holds the private helpers too.
    const typings = readFileSync(join(dirname(Bun.resolveSync("@polymarket/clob-client-v2", import.meta.dir)), "client.d.ts"), "utf8");
    const declared = (visibility: "public" | "private") =>
      [...typings.matchAll(visibility === "private" ? /^ {2}private (?:readonly )?(\w+)/gm : /^ {2}(\w+)[<(]/gm)].map((match) => match[1]!);
    const privates = new Set(declared("private"));
    const methods = Object.getOwnPropertyNames(ClobClient.prototype).filter((name) => name !== "constructor" && !privates.has(name));
    expect(methods.sort()).toEqual(
      declared("public")
        .filter((name) => name !== "constructor")
        .sort(),
    );
    expect(methods.filter((method) => !called.has(method) && !(method in NOT_CALLED))).toEqual([]);
    expect(Object.keys(NOT_CALLED).filter((method) => called.has(method) || !methods.includes(method))).toEqual([]);
  });
});
