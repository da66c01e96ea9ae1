/**
 * ccxt, unchanged but for its URLs, against the sandbox's spot venues: `loadMarkets`,
 * `fetchTicker`, `fetchTickers`, `fetchOrderBook` and `fetchOHLCV` on Binance, Coinbase Exchange
 * (`coinbaseexchange`) and Kraken — once with every service under the shared port's prefixes, once
 * with each on its own port (`ports: "separate"`), the way the real hosts are laid out.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import ccxt, { type Exchange } from "ccxt";
import { getJson, START, useVenue } from "./venue.ts";

/** Every URL of the exchange's API table, its scheme and host replaced by `base`. */
function pointed(urls: unknown, base: string): unknown {
  if (typeof urls === "string") return urls.replace(/^https?:\/\/[^/]+/, base);
  return Object.fromEntries(Object.entries(urls as Record<string, unknown>).map(([key, value]) => [key, pointed(value, base)]));
}

const EXCHANGES = [
  { id: "binance", service: "binance", symbol: "BTC/USDT", tickerPath: "/api/v3/ticker/price?symbol=BTCUSDT", price: (body: any) => Number(body.price) },
  { id: "coinbaseexchange", service: "coinbase", symbol: "BTC/USD", tickerPath: "/products/BTC-USD/ticker", price: (body: any) => Number(body.price) },
  { id: "kraken", service: "kraken", symbol: "BTC/USD", tickerPath: "/0/public/Ticker?pair=XBTUSD", price: (body: any) => Number(body.result.XXBTZUSD.c[0]) },
] as const;

for (const ports of ["shared", "separate"] as const) {
  describe(`ccxt against the sandbox (${ports} ports)`, () => {
    const sandbox = useVenue({ seed: 17, ports });

    const connect = (id: string, service: string): Exchange => {
      const Venue = (ccxt as unknown as Record<string, new (config: object) => Exchange>)[id]!;
      const base = new Venue({}).urls.api;
      return new Venue({ urls: { api: pointed(base, sandbox.services[service]!) } });
    };

    for (const venue of EXCHANGES) {
      describe(venue.id, () => {
        // One client per venue, as an application keeps one (ccxt paces its own requests).
        let exchange: Exchange;
        beforeAll(() => {
          exchange = connect(venue.id, venue.service);
        });

        test("loadMarkets lists the simulated assets", async () => {
          const markets = await exchange.loadMarkets();
          expect(Object.keys(markets)).toContain(venue.symbol);
          expect(markets[venue.symbol]).toMatchObject({ spot: true, active: true });
        });

        test("fetchTicker quotes the venue's own last price", async () => {
          const ticker = await exchange.fetchTicker(venue.symbol);
          const raw = await getJson(`${sandbox.services[venue.service]}${venue.tickerPath}`);
          expect(ticker.symbol).toBe(venue.symbol);
          expect(ticker.last).toBe(venue.price(raw.body));
          expect(ticker.bid!).toBeLessThan(ticker.ask!);
          expect(Math.abs(ticker.last! / sandbox.app.prices!.truth("BTC", START) - 1)).toBeLessThan(0.001);
        });

        test("fetchTickers has every simulated asset", async () => {
          const tickers = await exchange.fetchTickers();
          for (const base of ["BTC", "ETH", "SOL", "XRP"]) expect(Object.keys(tickers).some((symbol) => symbol.startsWith(`${base}/`))).toBe(true);
        });

        test("fetchOrderBook: sorted sides, a positive spread, the limit kept", async () => {
          const book = await exchange.fetchOrderBook(venue.symbol, 10);
          expect(book.bids.length).toBeGreaterThan(0);
          expect(book.bids.length).toBeLessThanOrEqual(venue.id === "coinbaseexchange" ? 50 : 10);
          const bids = book.bids.map((level) => level[0]!);
          const asks = book.asks.map((level) => level[0]!);
          expect(bids).toEqual([...bids].sort((a, b) => b - a));
          expect(asks).toEqual([...asks].sort((a, b) => a - b));
          expect(bids[0]!).toBeLessThan(asks[0]!);
          for (const level of [...book.bids, ...book.asks]) expect(level[1]!).toBeGreaterThan(0);
        });

        test("fetchOHLCV: consecutive 1m candles up to now, each high ≥ open, close ≥ low", async () => {
          const candles = await exchange.fetchOHLCV(venue.symbol, "1m", undefined, 30);
          expect(candles.length).toBeGreaterThanOrEqual(30);
          const times = candles.map((candle) => candle[0]!);
          for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBe(60_000);
          expect(times.at(-1)).toBe(START);
          for (const [, open, high, low, close, volume] of candles) {
            expect(high!).toBeGreaterThanOrEqual(Math.max(open!, close!));
            expect(low!).toBeLessThanOrEqual(Math.min(open!, close!));
            expect(volume!).toBeGreaterThanOrEqual(0);
          }
        });
      });
    }
  });
}
