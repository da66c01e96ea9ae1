/** The official `@polymarket/clob-client-v2`, unchanged and without a signer, reads the sandbox's public CLOB. */
import { beforeAll, describe, expect, test } from "bun:test";
import { ClobClient, Side } from "@polymarket/clob-client-v2";
import type { CatalogMarket } from "../../../sandbox/polymarket/catalog.ts";
import { getJson, START, useVenue } from "../venue.ts";

const venue = useVenue();
let client: ClobClient;
let market: CatalogMarket;
let fine: CatalogMarket;

beforeAll(() => {
  client = new ClobClient({ host: `${venue.url}/clob`, chain: 137 });
  market = venue.app.markets!.bySlug(`btc-updown-15m-${START / 1000}`) as CatalogMarket;
  fine = venue.app.markets!.list(START).find((m) => m.tickSize === "0.001" && START < m.end) as CatalogMarket;
});

describe("ClobClient against the sandbox", () => {
  test("getOrderBook returns the REST book, and its hash checks out with the client's own hasher", async () => {
    const book = await client.getOrderBook(market.tokenIds[0]);
    const rest = (await getJson(`${venue.url}/clob/book?token_id=${market.tokenIds[0]}`)).body;
    expect(book).toEqual(rest);
    const hash = book.hash;
    expect(await client.getOrderBookHash({ ...book })).toBe(hash);
  });

  test("getTickSize, getNegRisk, getMidpoint, getPrice, getSpread; calculateMarketPrice walks the worst-first book from its end", async () => {
    expect(await client.getTickSize(fine.tokenIds[0])).toBe("0.001");
    expect(await client.getNegRisk(market.tokenIds[0])).toBe(false);
    const book = await client.getOrderBook(market.tokenIds[0]);
    const [bid, ask] = [Number(book.bids.at(-1)!.price), Number(book.asks.at(-1)!.price)];
    expect(Number((await client.getMidpoint(market.tokenIds[0])).mid)).toBeCloseTo((bid + ask) / 2, 9);
    expect(Number((await client.getPrice(market.tokenIds[0], "BUY")).price)).toBe(bid);
    expect(Number((await client.getSpread(market.tokenIds[0])).spread)).toBeCloseTo(ask - bid, 9);
    // A small market order prices at the best level: the last one of each side.
    expect(await client.calculateMarketPrice(market.tokenIds[0], Side.BUY, 1)).toBe(ask);
    expect(await client.calculateMarketPrice(market.tokenIds[0], Side.SELL, 1)).toBe(bid);
  });

  test("getClobMarketInfo fills the client's caches; getVersion says 2; getServerTime is unix seconds", async () => {
    const info = await client.getClobMarketInfo(market.conditionId);
    expect(info.t.map((token) => token.t)).toEqual([...market.tokenIds]);
    expect(await client.getFeeExponent(market.tokenIds[0])).toBe(1);
    expect(await client.getVersion()).toBe(2);
    expect(await client.getServerTime()).toBe(START / 1000);
  });

  test("batch books and the classic market object", async () => {
    const books = await client.getOrderBooks(market.tokenIds.map((token_id) => ({ token_id, side: Side.BUY })));
    expect(books.map((book) => book.asset_id)).toEqual([...market.tokenIds]);
    const classic = await client.getMarket(market.conditionId);
    expect(classic.tokens.map((token: { token_id: string }) => token.token_id)).toEqual([...market.tokenIds]);
  });
});
