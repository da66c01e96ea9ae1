/** The market channel over a real WebSocket: snapshots, diffs, PING/PONG, unsubscribe, trades, silent and drop faults. */
import { beforeAll, describe, expect, test } from "bun:test";
import type { MakerBooks } from "../../../sandbox/polymarket/books.ts";
import type { CatalogMarket } from "../../../sandbox/polymarket/catalog.ts";
import { until } from "../../helpers/until.ts";
import { getJson, START, startVenue, useSockets, useVenue } from "../venue.ts";

type Message = any;

const connect = useSockets();

/** A market-channel socket (closed after the test): its inbox (JSON frames parsed, "PONG" as text) and a sender. */
async function subscriber(url: string) {
  const { ws, inbox } = await connect(url);
  return { ws, inbox, send: (value: unknown) => ws.send(typeof value === "string" ? value : JSON.stringify(value)) };
}

/** Anything but a price_change/best_bid_ask diff. */
const notDiff = (message: Message) => message?.event_type !== "price_change" && message?.event_type !== "best_bid_ask";

const venue = useVenue();
let market: CatalogMarket;
const wsUrl = () => venue.ws("/clob-ws/ws/market");

beforeAll(() => {
  market = venue.app.markets!.bySlug(`btc-updown-15m-${START / 1000}`) as CatalogMarket;
});

describe("market channel", () => {
  test("subscribe → an array of book snapshots (worst-first, like REST), then price_change diffs as makers requote", async () => {
    const client = await subscriber(wsUrl());
    client.send({ assets_ids: [...market.tokenIds, "999"], type: "market" });
    const snapshot = await client.inbox.next();
    expect(Array.isArray(snapshot)).toBe(true);
    expect(snapshot.map((book: Message) => book.asset_id)).toEqual([...market.tokenIds]);
    const [book] = snapshot;
    expect(book.event_type).toBe("book");
    expect(book.market).toBe(market.conditionId);
    const rest = (await getJson(`${venue.url}/clob/book?token_id=${market.tokenIds[0]}`)).body;
    expect(book.bids).toEqual(rest.bids);
    expect(book.asks).toEqual(rest.asks);
    expect(book.hash).toBe(rest.hash);
    expect(book.timestamp).toBe(rest.timestamp);

    await venue.admin.advance(6 * 60_000);
    const change = await client.inbox.next();
    expect(change.event_type).toBe("price_change");
    expect(change.market).toBe(market.conditionId);
    expect(change.price_changes.length).toBeGreaterThan(0);
    const after = (await getJson(`${venue.url}/clob/book?token_id=${market.tokenIds[0]}`)).body;
    for (const entry of change.price_changes) {
      expect(market.tokenIds).toContain(entry.asset_id);
      expect(["BUY", "SELL"]).toContain(entry.side);
      expect(typeof entry.price).toBe("string");
      expect(typeof entry.size).toBe("string");
      if (entry.asset_id === market.tokenIds[0]) {
        expect(entry.best_bid).toBe(after.bids.at(-1).price);
        expect(entry.best_ask).toBe(after.asks.at(-1).price);
        expect(entry.hash).toBe(after.hash);
        const level = (entry.side === "BUY" ? after.bids : after.asks).find((l: Message) => l.price === entry.price);
        expect(entry.size).toBe(level ? level.size : "0");
      }
    }
  });

  test("PING → PONG; unsubscribe stops an asset's diffs; a noted trade sends last_trade_price then a fresh book", async () => {
    const client = await subscriber(wsUrl());
    client.send("PING");
    expect(await client.inbox.next()).toBe("PONG");
    client.send({ assets_ids: [market.tokenIds[0]], type: "market" });
    expect((await client.inbox.next())[0].asset_id).toBe(market.tokenIds[0]);
    client.send({ assets_ids: [market.tokenIds[1]], operation: "subscribe" });
    expect((await client.inbox.next())[0].asset_id).toBe(market.tokenIds[1]);
    client.send({ assets_ids: [market.tokenIds[0]], operation: "unsubscribe" });
    client.send("PING");
    expect(await client.inbox.next(notDiff)).toBe("PONG");
    venue.app.books!.noteTrade(market.tokenIds[1], "0.42", venue.app.clock.now(), { side: "BUY", size: "15" });
    const trade = await client.inbox.next(notDiff);
    expect(trade).toMatchObject({ event_type: "last_trade_price", asset_id: market.tokenIds[1], market: market.conditionId, price: "0.42", side: "BUY", size: "15" });
    const book = await client.inbox.next(notDiff);
    expect(book).toMatchObject({ event_type: "book", asset_id: market.tokenIds[1] });
    client.inbox.clear();
    await venue.admin.advance(60_000);
    const change = await client.inbox.next();
    expect(change.event_type).toBe("price_change");
    expect(change.price_changes.length).toBeGreaterThan(0);
    for (const entry of change.price_changes as Message[]) expect(entry.asset_id).toBe(market.tokenIds[1]);
  });

  test("clob-ws:silent keeps the socket open but sends nothing, not even PONG", async () => {
    const client = await subscriber(wsUrl());
    await venue.admin.addFault("clob-ws:silent");
    client.send("PING");
    client.send({ assets_ids: [market.tokenIds[0]], type: "market" });
    // Frames on one socket are handled in order: once the subscription shows, the PING was handled too.
    await until(
      () => venue.app.socketsOf("clob-ws").some((ws) => JSON.stringify([...((ws.data.state.subscription as { assets?: Set<string> })?.assets ?? [])]).includes(market.tokenIds[0])),
      "the subscription on the venue",
    );
    await venue.admin.clearFaults();
    client.send({ assets_ids: [market.tokenIds[1]], operation: "subscribe" });
    const first = await client.inbox.next();
    expect(Array.isArray(first)).toBe(true);
    expect(first.map((book: Message) => book.asset_id)).toEqual([market.tokenIds[1]]);
  });

  test("clob-ws:drop closes open sockets; a new connection works", async () => {
    const client = await subscriber(wsUrl());
    const closed = new Promise((resolve) => client.ws.addEventListener("close", (event) => resolve(event.code)));
    await venue.admin.addFault("clob-ws:drop:count=1");
    expect(await closed).toBe(1011);
    await venue.admin.clearFaults();
    const again = await subscriber(wsUrl());
    again.send("PING");
    expect(await again.inbox.next()).toBe("PONG");
  });
});

describe("custom features", () => {
  test("a move to near-certainty narrows the tick (tick_size_change), moves best_bid_ask, and the window's end sends market_resolved", async () => {
    await using v = await startVenue();
    const books = v.app.books as MakerBooks;
    // Find a 0.01-tick window whose makers' fair value leaves [0.04, 0.96] before it ends.
    let found: { market: CatalogMarket; at: number } | undefined;
    for (const market of v.app.markets!.list(START) as CatalogMarket[]) {
      if (market.tickSize !== "0.01" || market.kind !== "updown" || market.window === "1h" || market.windowStart < START || found) continue;
      for (let t = market.windowStart + 10_000; t < market.end - 1000 && !found; t += 1000) {
        const fair = books.makersFair(market, t);
        if (fair < 0.04 || fair > 0.96) found = { market, at: t };
      }
    }
    const { market: target, at } = found!;
    const client = await subscriber(v.ws("/clob-ws/ws/market"));
    await v.admin.advance(target.windowStart + 5000 - START);
    client.send({ assets_ids: [target.tokenIds[0]], type: "market", custom_feature_enabled: true });
    expect((await client.inbox.next())[0].tick_size).toBe("0.01");
    await v.admin.advance(at - v.app.clock.now());
    const seen: Message[] = [];
    while (!seen.some((m) => m.event_type === "price_change")) seen.push(await client.inbox.next());
    expect(seen.find((m) => m.event_type === "tick_size_change")).toMatchObject({ asset_id: target.tokenIds[0], old_tick_size: "0.01", new_tick_size: "0.001" });
    const best = seen.find((m) => m.event_type === "best_bid_ask");
    const rest = (await getJson(`${v.url}/clob/book?token_id=${target.tokenIds[0]}`)).body;
    expect(best).toMatchObject({ best_bid: rest.bids.at(-1).price, best_ask: rest.asks.at(-1).price });
    expect(Number(best.spread)).toBeCloseTo(Number(best.best_ask) - Number(best.best_bid), 9);
    await v.admin.advance(target.end - v.app.clock.now());
    const resolved = await client.inbox.next((m) => m.event_type === "market_resolved");
    const winner = target.winner!;
    expect(resolved).toMatchObject({ market: target.conditionId, winning_asset_id: target.tokenIds[winner], winning_outcome: target.outcomes[winner] });
  });
});
