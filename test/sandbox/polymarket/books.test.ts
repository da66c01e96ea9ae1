/** The market makers' books: lag against the true price, consumed liquidity and requotes, resting orders, trades. */
import { beforeAll, describe, expect, test } from "bun:test";
import { REQUOTE_MS } from "../../../sandbox/polymarket/books.ts";
import type { CatalogMarket } from "../../../sandbox/polymarket/catalog.ts";
import { fairFirst } from "../../../sandbox/polymarket/fair.ts";
import { getJson, START, startVenue, useVenue, type Venue } from "../venue.ts";

type Row = Record<string, any>;
const WINDOW = `btc-updown-15m-${START / 1000}`;
const LAG = 30_000;

async function wireMid(venue: Venue, token: string): Promise<number> {
  const book = (await getJson<Row>(`${venue.url}/clob/book?token_id=${token}`)).body;
  return (Number(book.bids.at(-1).price) + Number(book.asks.at(-1).price)) / 2;
}

const fairAt = (venue: Venue, market: CatalogMarket, t: number) => fairFirst(market, venue.app.prices!, t, venue.app.options.volatility);

/** The (market, whole second) in the first half hour where the lagged and the true fair value differ most. */
function sharpestMove(venue: Venue): { market: CatalogMarket; t: number; gap: number } {
  let best = { market: undefined as unknown as CatalogMarket, t: 0, gap: -1 };
  const markets = venue.app
    .markets!.list(START)
    .filter((m) => m.kind === "updown" && m.window !== "1h" && m.windowStart >= START && m.end <= START + 30 * 60_000) as CatalogMarket[];
  for (const market of markets) {
    for (let t = market.windowStart + LAG + 1000; t + LAG < market.end - 1000; t += 1000) {
      const gap = Math.abs(fairAt(venue, market, t) - fairAt(venue, market, t - LAG));
      if (gap > best.gap) best = { market, t, gap };
    }
  }
  return best;
}

describe("oracle lag", () => {
  test("after a sharp move the book mid trails the fair value of the current price, then catches up", async () => {
    await using venue = await startVenue({ lagMs: LAG, jumpsPerHour: 12, jumpSize: 0.01 });
    await using honest = await startVenue({ lagMs: 0, jumpsPerHour: 12, jumpSize: 0.01 });
    const { market, t, gap } = sharpestMove(venue);
    expect(gap).toBeGreaterThan(0.2);
    const token = market.tokenIds[0];
    await venue.admin.advance(t - START);
    await honest.admin.advance(t - START);
    const mid = await wireMid(venue, token);
    expect(Math.abs(mid - fairAt(venue, market, t))).toBeGreaterThan(0.15);
    expect(Math.abs(mid - fairAt(venue, market, t - LAG))).toBeLessThan(0.03);
    expect(Math.abs((await wireMid(honest, token)) - fairAt(honest, market, t))).toBeLessThan(0.03);
    await venue.admin.advance(LAG);
    expect(Math.abs((await wireMid(venue, token)) - fairAt(venue, market, t))).toBeLessThan(0.03);
  });

  test("with lagMs 0 the book is fair ± the spread: the best bid is at most and the best ask at least the fair value", async () => {
    await using venue = await startVenue({ lagMs: 0 });
    const market = venue.app.markets!.bySlug(WINDOW) as CatalogMarket;
    for (let i = 0; i < 14; i++) {
      await venue.admin.advance(61_000);
      const book = (await getJson<Row>(`${venue.url}/clob/book?token_id=${market.tokenIds[0]}`)).body;
      // Fair as of the moment the makers quoted it: the book's own timestamp.
      const fair = fairAt(venue, market, Number(book.timestamp));
      const tick = Number(book.tick_size);
      expect(Number(book.bids.at(-1).price)).toBeLessThanOrEqual(Math.max(fair, tick) + 1e-9);
      expect(Number(book.asks.at(-1).price)).toBeGreaterThanOrEqual(Math.min(fair, 1 - tick) - 1e-9);
      expect(Math.abs((await wireMid(venue, market.tokenIds[0])) - fair)).toBeLessThan(0.03);
    }
  });
});

describe("liquidity", () => {
  const venue = useVenue();
  const twin = useVenue();
  let token: string;
  beforeAll(() => {
    token = (venue.app.markets!.bySlug(WINDOW) as CatalogMarket).tokenIds[0];
  });
  const book = async (v: Venue) => (await getJson<Row>(`${v.url}/clob/book?token_id=${token}`)).body;

  test("consume removes taken size; makers restore it when they requote", async () => {
    const before = await book(venue);
    const [best, second] = [before.asks.at(-1), before.asks.at(-2)];
    const taken = [
      { price: best.price, size: best.size },
      { price: second.price, size: "12.5" },
    ];
    venue.app.books!.consume(token, "BUY", taken, venue.app.clock.now());
    const after = await book(venue);
    expect(after.asks.map((level: Row) => level.price)).not.toContain(best.price);
    expect(Number(after.asks.at(-1).size)).toBeCloseTo(Number(second.size) - 12.5, 6);
    expect(after.bids).toEqual(before.bids);
    expect(after.hash).not.toBe(before.hash);
    await venue.admin.advance(REQUOTE_MS);
    await twin.admin.advance(REQUOTE_MS);
    const requoted = await book(venue);
    const { timestamp: _a, ...restored } = requoted;
    const { timestamp: _b, ...untouched } = await book(twin);
    expect(restored.asks).toEqual(untouched.asks);
    expect(requoted.asks.length).toBe(5);
  });

  test("the exchange's resting orders are merged into the public book", async () => {
    const exchange = venue.app.exchange;
    const restingLevels = (id: string) => (id === token ? { bids: [{ price: "0.3", size: "10" }], asks: [{ price: "0.97", size: "7.25" }] } : { bids: [], asks: [] });
    venue.app.exchange = { restingLevels } as never;
    try {
      const merged = await book(venue);
      expect(merged.bids[0]).toEqual({ price: "0.3", size: "10" });
      expect(merged.asks[0]).toEqual({ price: "0.97", size: "7.25" });
    } finally {
      venue.app.exchange = exchange;
    }
  });

  test("noted trades become the last trade price", async () => {
    const t = venue.app.clock.now();
    venue.app.books!.noteTrade(token, "0.55", t, { side: "SELL", size: "20" });
    expect((await book(venue)).last_trade_price).toBe("0.55");
    expect((await getJson(`${venue.url}/clob/last-trade-price?token_id=${token}`)).body).toEqual({ price: "0.55", side: "SELL" });
  });
});

describe("timestamps", () => {
  test("each re-pricing is stamped to the millisecond, at most once a second, never ahead of the clock", async () => {
    await using venue = await startVenue();
    const market = venue.app.markets!.bySlug(WINDOW) as CatalogMarket;
    const stamps = new Set<number>();
    for (let i = 0; i < 20; i++) {
      const now = await venue.admin.advance(1_000);
      const stamp = Number((await getJson<Row>(`${venue.url}/clob/book?token_id=${market.tokenIds[0]}`)).body.timestamp);
      expect(stamp).toBeLessThanOrEqual(now);
      expect(stamp).toBeGreaterThan(now - 1_000);
      stamps.add(stamp);
    }
    // Whole seconds only would be a 1-in-1000 chance per stamp.
    expect([...stamps].filter((stamp) => stamp % 1000 !== 0).length).toBeGreaterThan(15);
  });
});
