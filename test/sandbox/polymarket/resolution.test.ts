/** Resolution: ended windows settle from the stream they name, and the wire shows it. */
import { beforeAll, describe, expect, test } from "bun:test";
import type { CatalogMarket } from "../../../sandbox/polymarket/catalog.ts";
import type { PriceModel } from "../../../sandbox/types.ts";
import { getJson, START, useVenue } from "../venue.ts";

type Row = Record<string, any>;

const venue = useVenue();
let prices: PriceModel;
beforeAll(() => {
  // The real model, with its settlement stream delayed by 8 s so that it and Binance can disagree
  // on a window's direction: which stream a market settles on then shows in the result.
  const real = venue.app.prices!;
  prices = {
    symbols: real.symbols,
    truth: (symbol, t) => real.truth(symbol, t),
    quote: (provider, symbol, t) => real.quote(provider, symbol, t),
    candle: (symbol, openTime) => real.candle(symbol, openTime),
    settlement: (symbol, t) => ({ price: real.settlement(symbol, t - 8000).price, ts: Math.floor(t / 1000) * 1000 }),
  };
  venue.app.prices = prices;
});

const row = async (slug: string) => (await getJson<Row>(`${venue.url}/gamma/markets/slug/${slug}`)).body;

describe("resolution", () => {
  test("5m/15m windows settle on the Chainlink-like stream (end ≥ start → Up), not on Binance", async () => {
    const markets = venue.app.markets!.list(START).filter((m) => m.settlement === "chainlink" && m.windowStart >= START) as CatalogMarket[];
    await venue.admin.advance(31 * 60_000);
    let disagreements = 0;
    let checked = 0;
    for (const market of markets.filter((m) => m.end <= START + 31 * 60_000)) {
      const start = prices.settlement(market.symbol, market.windowStart).price;
      const end = prices.settlement(market.symbol, market.end).price;
      const expected = end >= start ? 0 : 1;
      const binance = prices.candle(market.symbol, market.end - 60_000).close >= prices.candle(market.symbol, market.windowStart).open ? 0 : 1;
      if (binance !== expected) disagreements += 1;
      const wire = await row(market.slug);
      expect(wire.closed).toBe(true);
      expect(wire.active).toBe(true);
      expect(wire.acceptingOrders).toBe(false);
      expect(wire.umaResolutionStatus).toBe("resolved");
      expect(JSON.parse(wire.outcomePrices)).toEqual(expected === 0 ? ["1", "0"] : ["0", "1"]);
      expect(venue.app.markets!.byToken(market.tokenIds[1])!.winner).toBe(expected);
      checked += 1;
    }
    expect(checked).toBeGreaterThanOrEqual(20);
    expect(disagreements).toBeGreaterThan(0);
  });

  test("closed markets have no book; the classic market object names the winner", async () => {
    const market = venue.app.markets!.bySlug(`btc-updown-5m-${START / 1000}`)!;
    const response = await getJson(`${venue.url}/clob/book?token_id=${market.tokenIds[0]}`);
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: "No orderbook exists for the requested token id" });
    const classic = (await getJson<Row>(`${venue.url}/clob/markets/${market.conditionId}`)).body;
    expect(classic.closed).toBe(true);
    expect(classic.accepting_orders).toBe(false);
    expect(classic.tokens.map((token: Row) => token.winner)).toEqual([market.winner === 0, market.winner === 1]);
    expect((await getJson<Row>(`${venue.url}/clob/clob-markets/${market.conditionId}`)).body.ao).toBe(false);
  });

  test("windows that left the listing stay addressable by slug, token and condition, as on Gamma", async () => {
    const market = venue.app.markets!.bySlug(`btc-updown-5m-${START / 1000}`)!;
    const listing = (await getJson<Row[]>(`${venue.url}/gamma/markets?limit=500`)).body;
    expect(listing.some((r) => r.slug === market.slug)).toBe(false);
    for (const query of [`slug=${market.slug}`, `clob_token_ids=${market.tokenIds[0]}`, `condition_ids=${market.conditionId}`]) {
      const rows = (await getJson<Row[]>(`${venue.url}/gamma/markets?${query}`)).body;
      expect(rows.map((r) => [r.slug, r.closed])).toEqual([[market.slug, true]]);
    }
    expect((await getJson<Row[]>(`${venue.url}/gamma/events?slug=${market.slug}`)).body.length).toBe(1);
  });

  test("hourly windows settle on the Binance 1h candle: close of the last minute vs open of the first", async () => {
    const market = venue.app.markets!.bySlug("bitcoin-up-or-down-november-25-7am-et")!;
    expect(market.winner).toBeUndefined();
    await venue.admin.advance(market.end - venue.app.clock.now());
    const open = prices.candle("BTC", market.windowStart).open;
    const close = prices.candle("BTC", market.end - 60_000).close;
    const wire = await row(market.slug);
    expect(JSON.parse(wire.outcomePrices)).toEqual(close >= open ? ["1", "0"] : ["0", "1"]);
    expect(market.winner).toBe(close >= open ? 0 : 1);
  });

  test("daily strikes settle a minute after noon ET on the 12:00 candle's close, strictly above the strike", async () => {
    const ladder = venue.app.markets!.list(venue.app.clock.now()).filter((m) => m.slug.startsWith("ethereum-above-"));
    expect(ladder.length).toBe(11);
    const end = ladder[0]!.end;
    await venue.admin.advance(end - venue.app.clock.now() + 30_000);
    const pending = await row(ladder[0]!.slug);
    expect(pending.acceptingOrders).toBe(false);
    expect(pending.closed).toBe(false);
    await venue.admin.advance(31_000);
    const close = prices.candle("ETH", end).close;
    let yes = 0;
    for (const market of ladder) {
      const wire = await row(market.slug);
      expect(wire.closed).toBe(true);
      const expected = close > market.strike! ? ["1", "0"] : ["0", "1"];
      expect(JSON.parse(wire.outcomePrices)).toEqual(expected);
      if (expected[0] === "1") yes += 1;
    }
    expect(yes).toBeGreaterThan(0);
    expect(yes).toBeLessThan(11);
  });
});
