/** The CLOB user channel (`/clob-ws/ws/user`): an API key's orders and trades as they change. */
import { describe, expect, test } from "bun:test";
import { OrderType, Side } from "@polymarket/clob-client-v2";
import { Decimal } from "../../../core/decimal.ts";
import { openSocket } from "../../helpers/sandbox.ts";
import { useSockets } from "../venue.ts";
import { newTrader } from "./trader.ts";
import { bestFirst, openWindow, useClobSandbox } from "./venue.ts";

const venue = useClobSandbox({ seed: 5 });
const connect = useSockets();

type Trader = Awaited<ReturnType<typeof newTrader>>;
type Row = Record<string, any>;

/** A user-channel socket subscribed with the trader's credentials. */
async function subscribe(trader: Trader, markets: string[] = []) {
  const socket = await connect(venue.ws("/clob-ws/ws/user"));
  socket.ws.send(JSON.stringify({ auth: { apiKey: trader.creds.key, secret: trader.creds.secret, passphrase: trader.creds.passphrase }, markets, type: "user" }));
  return socket;
}

async function restingBuy(trader: Trader, tokenID: string) {
  const order = await trader.client.createOrder({ tokenID, price: 0.05, size: 10, side: Side.BUY });
  const response = await trader.client.postOrder(order, OrderType.GTC);
  expect(response.status).toBe("live");
  return response.orderID as string;
}

describe("user channel", () => {
  test("unknown credentials close the socket", async () => {
    const ws = await openSocket(venue.ws("/clob-ws/ws/user"));
    const closed = new Promise<number>((resolve) => ws.addEventListener("close", (event) => resolve(event.code)));
    ws.send(JSON.stringify({ auth: { apiKey: "00000000-0000-4000-a000-000000000000", secret: "x", passphrase: "y" }, markets: [], type: "user" }));
    expect(await closed).toBe(1008);
  });

  test("a resting order: PLACEMENT, then CANCELLATION; PING answers PONG", async () => {
    const trader = await newTrader(venue.url);
    const market = openWindow(venue, "15m");
    const { ws, inbox } = await subscribe(trader);
    ws.send("PING");
    expect(await inbox.next((message) => message === "PONG")).toBe("PONG");
    const id = await restingBuy(trader, market.tokenIds[0]);
    const placed = await inbox.next<Row>((message) => message.event_type === "order");
    expect(placed).toMatchObject({ type: "PLACEMENT", id, status: "LIVE", market: market.conditionId, asset_id: market.tokenIds[0], side: "BUY", price: "0.05" });
    expect(placed.owner).toBe(trader.creds.key);
    expect(placed.order_owner).toBe(trader.creds.key);
    expect(placed.original_size).toBe("10");
    expect(placed.size_matched).toBe("0");
    await trader.client.cancelOrder({ orderID: id });
    expect(await inbox.next<Row>((message) => message.event_type === "order")).toMatchObject({ type: "CANCELLATION", id, status: "CANCELED" });
  });

  test("a FOK that fills at once shows its trade, MATCHED then MINED and CONFIRMED; no order message", async () => {
    const trader = await newTrader(venue.url);
    const market = openWindow(venue, "15m");
    const { inbox } = await subscribe(trader, [market.conditionId]);
    const response = await trader.client.createAndPostMarketOrder({ tokenID: market.tokenIds[0], amount: 10, side: Side.BUY }, undefined, OrderType.FOK);
    expect(response.status).toBe("matched");
    const [tradeId] = response.tradeIDs as string[];
    const matched = await inbox.next<Row>((message) => message.event_type === "trade");
    expect(matched).toMatchObject({
      type: "TRADE",
      id: tradeId,
      status: "MATCHED",
      taker_order_id: response.orderID,
      side: "BUY",
      trader_side: "TAKER",
      market: market.conditionId,
    });
    expect(matched.trade_owner).toBe(trader.creds.key);
    await venue.admin.advance(10_000);
    expect(await inbox.next<Row>((message) => message.event_type === "trade")).toMatchObject({ id: tradeId, status: "MINED" });
    expect(await inbox.next<Row>((message) => message.event_type === "trade")).toMatchObject({ id: tradeId, status: "CONFIRMED" });
    expect(inbox.pending.filter((message) => (message as Row).event_type === "order")).toEqual([]);
  });

  test("only the subscribed markets and the key's own orders; unsubscribe stops a market", async () => {
    const trader = await newTrader(venue.url);
    const other = await newTrader(venue.url);
    const [first, second] = [openWindow(venue, "15m"), openWindow(venue, "1h")];
    const { ws, inbox } = await subscribe(trader, [first.conditionId]);
    await restingBuy(other, first.tokenIds[0]);
    await restingBuy(trader, second.tokenIds[0]);
    const mine = await restingBuy(trader, first.tokenIds[0]);
    expect((await inbox.next<Row>((message) => message.event_type === "order")).id).toBe(mine);
    ws.send(JSON.stringify({ markets: [second.conditionId], operation: "subscribe" }));
    ws.send(JSON.stringify({ markets: [first.conditionId], operation: "unsubscribe" }));
    ws.send("PING");
    await inbox.next((message) => message === "PONG");
    await restingBuy(trader, first.tokenIds[1]);
    const later = await restingBuy(trader, second.tokenIds[1]);
    expect((await inbox.next<Row>((message) => message.event_type === "order")).id).toBe(later);
    expect(inbox.pending.filter((message) => (message as Row).event_type === "order")).toEqual([]);
  });

  test("two wallets: A's resting bid taken partly then fully by B shows PLACEMENT, UPDATEs and maker trades; B sees its taker trades", async () => {
    const [a, b] = [await newTrader(venue.url), await newTrader(venue.url)];
    const market = openWindow(venue, "1h");
    const token = market.tokenIds[0];
    const seeded = await b.client.createAndPostMarketOrder({ tokenID: token, amount: 30, side: Side.BUY }, undefined, OrderType.FOK);
    expect(seeded.status).toBe("matched");
    // One tick above the makers' best bid: A's bid is the best, so B's sells fill it first.
    const book = await a.client.getOrderBook(token);
    const price = new Decimal(bestFirst(book, "SELL")[0]!.price).add(book.tick_size).toString();
    const [aChannel, bChannel] = [await subscribe(a, [market.conditionId]), await subscribe(b, [market.conditionId])];
    const orders = (message: Row) => message.event_type === "order";
    const trades = (message: Row) => message.event_type === "trade" && message.status === "MATCHED";
    const resting = await a.client.createAndPostOrder({ tokenID: token, price: Number(price), side: Side.BUY, size: 12 }, undefined, OrderType.GTC);
    expect(resting.status).toBe("live");
    expect(await aChannel.inbox.next<Row>(orders)).toMatchObject({ type: "PLACEMENT", id: resting.orderID, status: "LIVE", original_size: "12", size_matched: "0", price });

    for (const [shares, matched, status] of [
      ["5", "5", "LIVE"],
      ["7", "12", "MATCHED"],
    ] as const) {
      const answer = await b.client.createAndPostOrder({ tokenID: token, price: Number(price), side: Side.SELL, size: Number(shares) }, undefined, OrderType.GTC);
      expect(answer).toMatchObject({ status: "matched", makingAmount: shares });
      const [tradeId] = answer.tradeIDs as string[];

      const update = await aChannel.inbox.next<Row>(orders);
      expect(update).toMatchObject({ event_type: "order", type: "UPDATE", id: resting.orderID, status, original_size: "12", size_matched: matched, order_owner: a.creds.key });
      expect(update.associate_trades).toContain(tradeId);
      const made = await aChannel.inbox.next<Row>(trades);
      expect(made).toMatchObject({
        type: "TRADE",
        id: tradeId,
        taker_order_id: answer.orderID,
        side: "BUY",
        size: shares,
        price,
        trader_side: "MAKER",
        trade_owner: a.creds.key,
      });
      expect(made.maker_orders).toEqual([expect.objectContaining({ order_id: resting.orderID, owner: a.creds.key, matched_amount: shares, price })]);

      const taken = await bChannel.inbox.next<Row>(trades);
      expect(taken).toMatchObject({ type: "TRADE", id: tradeId, taker_order_id: answer.orderID, side: "SELL", size: shares, trader_side: "TAKER", trade_owner: b.creds.key });
      expect(taken.maker_orders).toEqual([expect.objectContaining({ order_id: resting.orderID, owner: a.creds.key, matched_amount: shares, price })]);
    }
    // B's sells filled as they arrived: its channel shows their trades, no order message.
    expect(bChannel.inbox.pending.filter((message) => orders(message as Row))).toEqual([]);
  });
});
