/** CLOB public endpoints on the wire: book shape and ordering, batches, prices, ticks, market info, `clob:stale-book`. */

import { beforeAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { getJson, postJson, START, startVenue, tokenIdsOf, useVenue } from "../venue.ts";

type Row = Record<string, any>;
const venue = useVenue();
let market: Row;
let up: string;
let down: string;

beforeAll(async () => {
  const ladder = (await getJson<Row[]>(`${venue.url}/gamma/markets?limit=500&closed=false`)).body.filter((row) => row.slug.startsWith("bitcoin-above-"));
  market = ladder.sort((a, b) => Math.abs(a.bestBid - 0.5) - Math.abs(b.bestBid - 0.5))[0]!;
  [up, down] = tokenIdsOf(market) as [string, string];
});

const book = async (token: string) => (await getJson<Row>(`${venue.url}/clob/book?token_id=${token}`)).body;
const prices = (levels: Row[]) => levels.map((level) => Number(level.price));

describe("GET /clob/book", () => {
  test("has the live shape: strings for prices, sizes and the ms timestamp; levels worst-first", async () => {
    const b = await book(up);
    expect(Object.keys(b)).toEqual(["market", "asset_id", "timestamp", "hash", "bids", "asks", "min_order_size", "tick_size", "neg_risk", "last_trade_price"]);
    expect(b.market).toBe(market.conditionId);
    expect(b.asset_id).toBe(up);
    // When the makers last re-priced: within the last second, to the millisecond.
    expect(b.timestamp).toMatch(/^\d{13}$/);
    expect(Number(b.timestamp)).toBeLessThanOrEqual(START);
    expect(Number(b.timestamp)).toBeGreaterThan(START - 1000);
    expect(b.min_order_size).toBe("5");
    expect(b.neg_risk).toBe(false);
    expect(b.hash).toMatch(/^[0-9a-f]{40}$/);
    for (const level of [...b.bids, ...b.asks]) {
      expect(typeof level.price).toBe("string");
      expect(typeof level.size).toBe("string");
    }
    expect(b.bids.length).toBe(5);
    expect(b.asks.length).toBe(5);
    // Levels worst-first: bids ascending, asks descending, best prices last.
    const bids = prices(b.bids);
    const asks = prices(b.asks);
    expect(bids).toEqual([...bids].sort((x, y) => x - y));
    expect(asks).toEqual([...asks].sort((x, y) => y - x));
    expect(bids.at(-1)!).toBeLessThan(asks.at(-1)!);
    expect(bids[0]!).toBeLessThan(bids.at(-1)!);
  });

  test("the hash is the SHA-1 of the book with an empty hash, as the official client recomputes it", async () => {
    const b = await book(up);
    const hash = createHash("sha1")
      .update(JSON.stringify({ ...b, hash: "" }))
      .digest("hex");
    expect(b.hash).toBe(hash);
  });

  test("the two outcomes' books mirror each other around 1", async () => {
    const [a, b] = [await book(up), await book(down)];
    expect(Number(a.bids.at(-1).price) + Number(b.asks.at(-1).price)).toBeCloseTo(1, 9);
    expect(Number(a.asks.at(-1).price) + Number(b.bids.at(-1).price)).toBeCloseTo(1, 9);
  });

  test("prices sit on the tick; at least one listed market quotes on 0.001", async () => {
    const rows = (await getJson<Row[]>(`${venue.url}/gamma/markets?limit=500&closed=false`)).body;
    const ticks = new Set<string>();
    for (const row of rows.slice(0, 40)) {
      const b = await book(tokenIdsOf(row)[0]!);
      ticks.add(b.tick_size);
      const tick = Number(b.tick_size);
      for (const level of [...b.bids, ...b.asks]) {
        const steps = Number(level.price) / tick;
        expect(Math.abs(steps - Math.round(steps))).toBeLessThan(1e-6);
        expect(Number(level.price)).toBeGreaterThanOrEqual(tick);
        expect(Number(level.price)).toBeLessThanOrEqual(1 - tick);
      }
    }
    expect([...ticks].sort()).toEqual(["0.001", "0.01"]);
  });

  test("unknown tokens are 404 with the live message", async () => {
    const response = await getJson(`${venue.url}/clob/book?token_id=123`);
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: "No orderbook exists for the requested token id" });
  });

  test("same seed and time → the same book", async () => {
    await using twin = await startVenue();
    expect((await getJson(`${twin.url}/clob/book?token_id=${up}`)).body).toEqual(await book(up));
  });
});

describe("batches and prices", () => {
  test("POST /books returns a book per known token, rejects more than 500", async () => {
    const books = (await postJson<Row[]>(`${venue.url}/clob/books`, [{ token_id: up }, { token_id: "42" }, { token_id: down }])).body;
    expect(books.map((b) => b.asset_id)).toEqual([up, down]);
    expect(books[0]).toEqual(await book(up));
    const many = Array.from({ length: 501 }, () => ({ token_id: up }));
    expect((await postJson(`${venue.url}/clob/books`, many)).status).toBe(400);
    expect((await postJson(`${venue.url}/clob/books`, { token_id: up })).status).toBe(400);
  });

  test("price (BUY = best bid, SELL = best ask, as live), midpoint, spread and their batch forms agree with the book", async () => {
    const b = await book(up);
    const bid = b.bids.at(-1).price;
    const ask = b.asks.at(-1).price;
    expect((await getJson(`${venue.url}/clob/price?token_id=${up}&side=BUY`)).body).toEqual({ price: bid });
    expect((await getJson(`${venue.url}/clob/price?token_id=${up}&side=SELL`)).body).toEqual({ price: ask });
    expect((await getJson(`${venue.url}/clob/price?token_id=${up}&side=UP`)).status).toBe(400);
    const mid = (await getJson(`${venue.url}/clob/midpoint?token_id=${up}`)).body.mid;
    expect(Number(mid)).toBeCloseTo((Number(bid) + Number(ask)) / 2, 9);
    const spread = (await getJson(`${venue.url}/clob/spread?token_id=${up}`)).body.spread;
    expect(Number(spread)).toBeCloseTo(Number(ask) - Number(bid), 9);
    const bothSides = [
      { token_id: up, side: "BUY" },
      { token_id: up, side: "SELL" },
    ];
    expect((await postJson(`${venue.url}/clob/prices`, bothSides)).body).toEqual({ [up]: { BUY: bid, SELL: ask } });
    expect((await postJson(`${venue.url}/clob/midpoints`, [{ token_id: up }])).body).toEqual({ [up]: mid });
    expect((await postJson(`${venue.url}/clob/spreads`, [{ token_id: up }])).body).toEqual({ [up]: spread });
    expect((await getJson(`${venue.url}/clob/last-trade-price?token_id=${up}`)).body.price).toBe(b.last_trade_price);
  });
});

describe("market info", () => {
  test("tick-size, neg-risk and the legacy fee-rate field", async () => {
    const b = await book(up);
    expect((await getJson(`${venue.url}/clob/tick-size?token_id=${up}`)).body).toEqual({ minimum_tick_size: Number(b.tick_size) });
    expect((await getJson(`${venue.url}/clob/neg-risk?token_id=${up}`)).body).toEqual({ neg_risk: false });
    expect((await getJson(`${venue.url}/clob/fee-rate?token_id=${up}`)).body).toEqual({ base_fee: 1000 });
    expect((await getJson(`${venue.url}/clob/tick-size?token_id=5`)).status).toBe(404);
  });

  test("clob-markets compact form carries tokens, tick, min size, neg risk and the fee curve", async () => {
    const info = (await getJson<Row>(`${venue.url}/clob/clob-markets/${market.conditionId}`)).body;
    expect(info.c).toBe(market.conditionId);
    expect(info.t).toEqual([
      { t: up, o: "Yes" },
      { t: down, o: "No" },
    ]);
    expect(info.mos).toBe(5);
    expect(info.mts).toBe(market.orderPriceMinTickSize);
    expect(info.nr).toBe(false);
    expect(info.fd).toEqual({ r: 0.072, e: 1, to: true });
    expect((await getJson(`${venue.url}/clob/clob-markets/0x${"0".repeat(64)}`)).status).toBe(404);
  });

  test("classic market object, markets-by-token, time, version", async () => {
    const classic = (await getJson<Row>(`${venue.url}/clob/markets/${market.conditionId}`)).body;
    expect(classic.condition_id).toBe(market.conditionId);
    expect(classic.tokens.map((token: Row) => [token.token_id, token.outcome, token.winner])).toEqual([
      [up, "Yes", false],
      [down, "No", false],
    ]);
    expect(classic.accepting_orders).toBe(true);
    expect(classic.minimum_order_size).toBe(5);
    expect((await getJson(`${venue.url}/clob/markets-by-token/${down}`)).body).toEqual({ condition_id: market.conditionId, primary_token_id: up, secondary_token_id: down });
    const time = await getJson(`${venue.url}/clob/time`);
    expect(time.text).toBe(String(START / 1000));
    expect((await getJson(`${venue.url}/clob/version`)).body).toEqual({ version: 2 });
  });

  test("prices-history gives {t, p} points within the requested interval", async () => {
    await venue.admin.advance(10 * 60_000);
    const { body } = await getJson<Row>(`${venue.url}/clob/prices-history?market=${up}&interval=1h&fidelity=1`);
    expect(body.history.length).toBeGreaterThan(10);
    for (const point of body.history) {
      expect(Number.isInteger(point.t)).toBe(true);
      expect(point.p).toBeGreaterThan(0);
      expect(point.p).toBeLessThan(1);
    }
  });
});

describe("prices-history rules, as live", () => {
  const history = (query: string) => getJson<Row>(`${venue.url}/clob/prices-history?market=${up}&${query}`);
  const invalid = (why: string) => ({ status: 400, body: { error: `invalid filters: ${why}` } });

  test("1m is a month and needs a fidelity of 10, 1w needs 5, shorter intervals accept 1", async () => {
    expect(pick(await history("interval=1m&fidelity=1"))).toEqual(invalid("minimum 'fidelity' for '1m' range is 10"));
    expect(pick(await history("interval=1m"))).toEqual(invalid("minimum 'fidelity' for '1m' range is 10"));
    expect(pick(await history("interval=1w&fidelity=4"))).toEqual(invalid("minimum 'fidelity' for '1w' range is 5"));
    const nowS = Math.floor(venue.app.clock.now() / 1000);
    expect(pick(await history(`interval=1w&fidelity=1&startTs=${nowS - 3600}&endTs=${nowS}`))).toEqual(invalid("minimum 'fidelity' for '1w' range is 5"));
    for (const query of ["interval=1w&fidelity=5", "interval=1m&fidelity=10", "interval=1d&fidelity=1", "interval=6h", "interval=max"])
      expect((await history(query)).status).toBe(200);
    // A month reaches back past the market's listing: every point from its first minute on.
    const month = (await history("interval=1m&fidelity=10")).body.history as Row[];
    const hour = (await history("interval=1h&fidelity=10")).body.history as Row[];
    expect(month[0]!.t).toBeLessThan(hour[0]!.t);
  });

  test("startTs/endTs span at most 15 days, in seconds; endTs alone is refused", async () => {
    const nowS = Math.floor(venue.app.clock.now() / 1000);
    const tooLong = invalid("'startTs' and 'endTs' interval is too long");
    expect(pick(await history(`startTs=${nowS - 16 * 86_400}&endTs=${nowS}`))).toEqual(tooLong);
    expect(pick(await history(`startTs=${nowS - 16 * 86_400}`))).toEqual(tooLong);
    expect(pick(await history(`startTs=${(nowS - 3600) * 1000}&endTs=${nowS * 1000 * 1000}`))).toEqual(tooLong);
    expect((await history(`endTs=${nowS}`)).status).toBe(400);
    expect((await history(`startTs=${nowS - 15 * 86_400}&endTs=${nowS}`)).status).toBe(200);
  });

  test("points are fidelity minutes apart, then one more at the current time", async () => {
    const nowS = Math.floor(venue.app.clock.now() / 1000);
    const points = (await history(`startTs=${nowS - 3600}&endTs=${nowS - 600}&fidelity=5`)).body.history as Row[];
    const spaced = points.slice(0, -1);
    expect(spaced.length).toBeGreaterThan(2);
    for (const [i, point] of spaced.entries()) {
      expect(point.t % 300).toBe(0);
      expect(point.t).toBeLessThanOrEqual(nowS - 600);
      if (i > 0) expect(point.t - spaced[i - 1]!.t).toBe(300);
    }
    expect(points.at(-1)!.t).toBe(nowS);
  });
});

describe("last trade", () => {
  test("has a side, BUY or SELL, before any trade; the batch form agrees", async () => {
    const one = (await getJson<Row>(`${venue.url}/clob/last-trade-price?token_id=${up}`)).body;
    expect(["BUY", "SELL"]).toContain(one.side);
    expect(one.price).toBe((await book(up)).last_trade_price);
    const many = (await postJson<Row[]>(`${venue.url}/clob/last-trades-prices`, [{ token_id: up }, { token_id: down }])).body;
    expect(many[0]).toEqual({ token_id: up, ...one });
    expect(["BUY", "SELL"]).toContain(many[1]!.side);
  });
});

describe("market listings", () => {
  test("GET / answers OK like /ok (the V1 client's health check)", async () => {
    expect((await getJson(`${venue.url}/clob/`)).text).toBe('"OK"');
    expect((await getJson(`${venue.url}/clob`)).text).toBe('"OK"');
  });

  test("markets and simplified-markets page 1000 at a time, end with LTE=, refuse LTE= as a cursor", async () => {
    for (const path of ["/markets", "/simplified-markets"]) {
      const first = (await getJson<Row>(`${venue.url}/clob${path}?next_cursor=MA==`)).body;
      expect(first.limit).toBe(1000);
      expect(first.count).toBe(first.data.length);
      expect(first.next_cursor).toBe("LTE=");
      expect(first.data.map((row: Row) => row.condition_id)).toContain(market.conditionId);
      expect(pick(await getJson(`${venue.url}/clob${path}?next_cursor=LTE=`))).toEqual({ status: 400, body: { error: "next item should be greater than or equal to 0" } });
    }
    const simple = (await getJson<Row>(`${venue.url}/clob/simplified-markets`)).body.data.find((row: Row) => row.condition_id === market.conditionId);
    expect(Object.keys(simple).sort()).toEqual(["accepting_orders", "active", "archived", "closed", "condition_id", "rewards", "tokens"]);
    expect(simple.tokens.map((token: Row) => token.token_id)).toEqual([up, down]);
  });

  test("sampling listings (markets with liquidity rewards) are empty pages: no market has a rewards programme", async () => {
    for (const path of ["/sampling-markets", "/sampling-simplified-markets"])
      expect((await getJson(`${venue.url}/clob${path}`)).body).toEqual({ limit: 1000, count: 0, next_cursor: "LTE=", data: [] });
  });
});

function pick({ status, body }: { status: number; body: unknown }) {
  return { status, body };
}

describe("clob:stale-book", () => {
  test("book timestamps freeze while the fault is on and move again once it is removed", async () => {
    const before = await book(up);
    await venue.admin.addFault("clob:stale-book");
    try {
      const frozen = await book(up);
      await venue.admin.advance(30_000);
      const later = await book(up);
      expect(later.timestamp).toBe(frozen.timestamp);
      expect(later).toEqual(frozen);
      expect(Number(frozen.timestamp)).toBeGreaterThanOrEqual(Number(before.timestamp));
    } finally {
      await venue.admin.clearFaults();
    }
    const live = await book(up);
    expect(Number(live.timestamp)).toBeGreaterThan(Number(before.timestamp) + 29_000);
  });
});
