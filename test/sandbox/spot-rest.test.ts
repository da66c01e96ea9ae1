import { describe, expect, test } from "bun:test";
import { getJson, START, useVenue } from "./venue.ts";

const sandbox = useVenue({ seed: 21 });
const twin = useVenue({ seed: 21 });
const other = useVenue({ seed: 22 });

const get = (path: string, venue = sandbox) => getJson(`${venue.url}${path}`);

/** What a client does with a decimal string: it must be one, then it is a positive number. */
function decimal(text: unknown): number {
  expect(typeof text).toBe("string");
  expect(text as string).toMatch(/^\d+(\.\d+)?$/);
  return Number(text);
}

const truth = (symbol: string) => sandbox.app.prices!.truth(symbol, START);
const near = (value: number, symbol: string, bps = 10) => expect(Math.abs(value / truth(symbol) - 1)).toBeLessThan(bps / 10_000);

describe("Binance REST", () => {
  test("ticker/price: single symbol, 8-decimal string", async () => {
    const { status, body } = await get("/binance/api/v3/ticker/price?symbol=BTCUSDT");
    expect(status).toBe(200);
    expect(body.symbol).toBe("BTCUSDT");
    expect(body.price).toMatch(/^\d+\.\d{8}$/);
    near(decimal(body.price), "BTC");
  });

  test("ticker/price: batch symbols=[…] URL-encoded JSON array, and every symbol without a parameter", async () => {
    const query = encodeURIComponent(JSON.stringify(["BTCUSDT", "ETHUSDT", "XRPUSDT"]));
    const { status, body } = await get(`/binance/api/v3/ticker/price?symbols=${query}`);
    expect(status).toBe(200);
    expect(body.map((row: any) => row.symbol)).toEqual(["BTCUSDT", "ETHUSDT", "XRPUSDT"]);
    near(decimal(body[1].price), "ETH");
    near(decimal(body[2].price), "XRP");
    const all = await get("/binance/api/v3/ticker/price");
    expect(all.body.map((row: any) => row.symbol)).toEqual(["BTCUSDT", "ETHUSDT", "SOLUSDT", "XRPUSDT"]);
  });

  test("errors are Binance's: unknown symbol -1121, bad symbols -1100, missing parameter -1102, bad interval -1120", async () => {
    expect(await get("/binance/api/v3/ticker/price?symbol=DOGEUSDT")).toMatchObject({ status: 400, body: { code: -1121, msg: "Invalid symbol." } });
    expect(await get(`/binance/api/v3/ticker/price?symbols=${encodeURIComponent('["BTCUSDT","NOPE"]')}`)).toMatchObject({ status: 400, body: { code: -1121 } });
    expect(await get("/binance/api/v3/ticker/price?symbols=BTCUSDT")).toMatchObject({ status: 400, body: { code: -1100 } });
    expect(await get("/binance/api/v3/klines?interval=1m")).toMatchObject({ status: 400, body: { code: -1102 } });
    expect(await get("/binance/api/v3/klines?symbol=BTCUSDT&interval=7m")).toMatchObject({ status: 400, body: { code: -1120, msg: "Invalid interval." } });
  });

  test("bookTicker: one tick wide around the last price", async () => {
    const { body } = await get("/binance/api/v3/ticker/bookTicker?symbol=SOLUSDT");
    expect(Object.keys(body)).toEqual(["symbol", "bidPrice", "bidQty", "askPrice", "askQty"]);
    const bid = decimal(body.bidPrice);
    const ask = decimal(body.askPrice);
    expect(ask - bid).toBeCloseTo(0.01, 8);
    expect(decimal(body.bidQty)).toBeGreaterThan(0);
    near(bid, "SOL");
  });

  test("klines: 1m arrays [openTime, o, h, l, c, v, closeTime, …], aligned, the last one still open", async () => {
    const { body } = await get("/binance/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=60");
    expect(body).toHaveLength(60);
    for (const row of body) {
      expect(row).toHaveLength(12);
      const [openTime, open, high, low, close, volume, closeTime] = row;
      expect(openTime % 60_000).toBe(0);
      expect(closeTime).toBe(openTime + 59_999);
      expect(decimal(high)).toBeGreaterThanOrEqual(Math.max(decimal(open), decimal(close)));
      expect(decimal(low)).toBeLessThanOrEqual(Math.min(decimal(open), decimal(close)));
      decimal(volume);
    }
    expect(body.at(-1)[0]).toBe(START);
    expect(body[0][0]).toBe(START - 59 * 60_000);
    // The candle that is still open closes at the current Binance price.
    const ticker = await get("/binance/api/v3/ticker/price?symbol=BTCUSDT");
    expect(body.at(-1)[4]).toBe(ticker.body.price);
  });

  test("klines: startTime/endTime windows and 5m/1h aggregation", async () => {
    const from = START - 30 * 60_000;
    const window = await get(`/binance/api/v3/klines?symbol=ETHUSDT&interval=1m&startTime=${from}&endTime=${from + 4 * 60_000}`);
    expect(window.body.map((row: any) => row[0])).toEqual([0, 1, 2, 3, 4].map((i) => from + i * 60_000));
    const fives = await get(`/binance/api/v3/klines?symbol=ETHUSDT&interval=5m&startTime=${from}&limit=2`);
    expect(fives.body[0][0]).toBe(from);
    expect(fives.body[0][6]).toBe(from + 5 * 60_000 - 1);
    expect(fives.body[0][1]).toBe(window.body[0][1]);
    expect(fives.body[0][4]).toBe(window.body[4][4]);
    expect(decimal(fives.body[0][2])).toBe(Math.max(...window.body.map((row: any) => decimal(row[2]))));
    const hours = await get("/binance/api/v3/klines?symbol=ETHUSDT&interval=1h&limit=3");
    expect(hours.body.map((row: any) => row[0] % 3_600_000)).toEqual([0, 0, 0]);
  });

  test("server time is simulated time", async () => {
    expect((await get("/binance/api/v3/time")).body).toEqual({ serverTime: sandbox.app.clock.now() });
  });
});

describe("other providers", () => {
  test("Coinbase: one product per call, {ask, bid, volume, trade_id, price, size, time}; unknown → 404", async () => {
    const { status, body } = await get("/coinbase/products/ETH-USD/ticker");
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(["ask", "bid", "price", "size", "time", "trade_id", "volume"]);
    near(decimal(body.price), "ETH");
    expect(decimal(body.ask)).toBeGreaterThan(decimal(body.bid));
    expect(Number.isInteger(body.trade_id)).toBe(true);
    expect(body.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    expect(Date.parse(body.time)).toBeLessThanOrEqual(START);
    expect(await get("/coinbase/products/DOGE-USD/ticker")).toMatchObject({ status: 404, body: { message: "NotFound" } });
  });

  test("Kraken: batch pairs, results under Kraken's renamed keys", async () => {
    const { body } = await get("/kraken/0/public/Ticker?pair=XBTUSD,ETHUSD,SOLUSD,XRPUSD");
    expect(body.error).toEqual([]);
    expect(Object.keys(body.result).sort()).toEqual(["SOLUSD", "XETHZUSD", "XXBTZUSD", "XXRPZUSD"]);
    const byOurSymbol = { BTC: "XXBTZUSD", ETH: "XETHZUSD", SOL: "SOLUSD", XRP: "XXRPZUSD" };
    for (const [symbol, key] of Object.entries(byOurSymbol)) {
      const row = body.result[key];
      near(decimal(row.c[0]), symbol);
      expect(decimal(row.a[0])).toBeGreaterThan(decimal(row.b[0]));
      expect(row.c).toHaveLength(2);
      expect(row.v).toHaveLength(2);
    }
    expect((await get("/kraken/0/public/Ticker?pair=DOGEUSD")).body).toEqual({ error: ["EQuery:Unknown asset pair"] });
  });

  test("CoinGecko: coin ids, numeric prices, last_updated_at in seconds; unknown ids left out", async () => {
    const { body } = await get("/coingecko/api/v3/simple/price?ids=bitcoin,ethereum,solana,ripple,dogecoin&vs_currencies=usd&include_last_updated_at=true");
    expect(Object.keys(body)).toEqual(["bitcoin", "ethereum", "solana", "ripple"]);
    for (const [id, symbol] of [
      ["bitcoin", "BTC"],
      ["ethereum", "ETH"],
      ["solana", "SOL"],
      ["ripple", "XRP"],
    ] as const) {
      expect(typeof body[id].usd).toBe("number");
      near(body[id].usd, symbol, 20);
      expect(Number.isInteger(body[id].last_updated_at)).toBe(true);
      expect(body[id].last_updated_at * 1000).toBeLessThanOrEqual(START);
      expect(START - body[id].last_updated_at * 1000).toBeLessThan(20_000);
    }
    expect((await get("/coingecko/api/v3/simple/price?ids=bitcoin")).status).toBe(400);
  });

  test("Pyth Hermes: real feed ids, integer price × 10^expo, publish_time in seconds", async () => {
    const ids = {
      BTC: "e62df6c8b4a85fe1a67db44dc12de5db330f7ac66b72dc658afedf0f4a415b43",
      ETH: "ff61491a931112ddf1bd8147cd1b641375f79f5825126d665480874634fd0ace",
      SOL: "ef0d8b6fda2ceba41da15d4095d1da392a0d2f8ed0c6c7bc0f4cfac8c280b56d",
      XRP: "ec5d399846a9209f3fe5881d70aae9268c94339ff9817e8d18ff19fa05eea1c8",
    };
    const query = Object.values(ids)
      .map((id, i) => `ids[]=${i % 2 ? "0x" : ""}${id}`)
      .join("&");
    const { status, body } = await get(`/pyth/v2/updates/price/latest?${query}`);
    expect(status).toBe(200);
    expect(body.binary.encoding).toBe("hex");
    expect(body.parsed.map((feed: any) => feed.id)).toEqual(Object.values(ids));
    for (const [i, symbol] of Object.keys(ids).entries()) {
      const { price } = body.parsed[i];
      expect(price.price).toMatch(/^\d+$/);
      expect(price.expo).toBe(-8);
      near(Number(price.price) * 10 ** price.expo, symbol);
      expect(Number(price.conf)).toBeGreaterThan(0);
      expect(price.publish_time).toBe(Math.floor(START / 1000));
    }
    expect((await get(`/pyth/v2/updates/price/latest?ids[]=${"ab".repeat(32)}`)).status).toBe(404);
    expect((await get("/pyth/v2/updates/price/latest?ids[]=xyz")).status).toBe(400);
  });
});

describe("determinism across venues", () => {
  const paths = [
    `/binance/api/v3/ticker/price?symbols=${encodeURIComponent('["BTCUSDT","ETHUSDT","SOLUSDT","XRPUSDT"]')}`,
    "/binance/api/v3/klines?symbol=SOLUSDT&interval=1m&limit=5",
    "/coinbase/products/BTC-USD/ticker",
    "/kraken/0/public/Ticker?pair=XBTUSD,XRPUSD",
    "/coingecko/api/v3/simple/price?ids=bitcoin,ripple&vs_currencies=usd&include_last_updated_at=true",
    "/pyth/v2/updates/price/latest?ids[]=e62df6c8b4a85fe1a67db44dc12de5db330f7ac66b72dc658afedf0f4a415b43",
  ];

  test("same seed and simulated time → byte-identical payloads; a different seed → different ones", async () => {
    for (const path of paths) {
      const [a, b, c] = await Promise.all([sandbox, twin, other].map((venue) => fetch(`${venue.url}${path}`).then((r) => r.text())));
      expect(a).toBe(b!);
      expect(a).not.toBe(c!);
    }
  });

  test("after the same clock jump, the twins still agree, and the price moved", async () => {
    const path = "/binance/api/v3/ticker/price?symbol=BTCUSDT";
    const before = (await get(path)).body.price;
    await Promise.all([sandbox.admin.advance(90_000), twin.admin.advance(90_000)]);
    const [a, b] = await Promise.all([get(path), get(path, twin)]);
    expect(a.body).toEqual(b.body);
    expect(a.body.price).not.toBe(before);
  });
});

describe("discovery and streams for clients", () => {
  const BTC_FEED = "e62df6c8b4a85fe1a67db44dc12de5db330f7ac66b72dc658afedf0f4a415b43";

  test("Pyth price_feeds lists the feeds; the SSE stream sends the latest update at once", async () => {
    const feeds = await get("/pyth/v2/price_feeds?query=btc&asset_type=crypto");
    expect(feeds.body).toEqual([expect.objectContaining({ id: BTC_FEED, attributes: expect.objectContaining({ base: "BTC", symbol: "Crypto.BTC/USD" }) })]);
    const latest = await get(`/pyth/v2/updates/price/latest?ids[]=${BTC_FEED}`);
    const controller = new AbortController();
    const response = await fetch(`${sandbox.url}/pyth/v2/updates/price/stream?ids[]=${BTC_FEED}`, { signal: controller.signal });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const reader = response.body!.getReader();
    let text = "";
    while (!text.includes("\n\n")) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    const event = JSON.parse(text.slice(text.indexOf("data:") + 5, text.indexOf("\n\n")));
    expect(event.parsed).toEqual(latest.body.parsed);
    expect((await get("/pyth/v2/updates/price/stream")).status).toBe(400);
  });

  test("CoinGecko coins/markets: rows by market cap, filtered by ids, vs_currency required", async () => {
    const rows = (await get("/coingecko/api/v3/coins/markets?vs_currency=usd")).body as any[];
    expect(rows.map((row) => row.id)).toEqual(["bitcoin", "ethereum", "ripple", "solana"]);
    expect(rows.map((row) => row.market_cap_rank)).toEqual([1, 2, 3, 4]);
    near(rows[0].current_price, "BTC", 50);
    const simple = (await get("/coingecko/api/v3/simple/price?ids=bitcoin&vs_currencies=usd")).body;
    expect(rows[0].current_price).toBe(simple.bitcoin.usd);
    const one = (await get("/coingecko/api/v3/coins/markets?vs_currency=usd&ids=solana")).body as any[];
    expect(one.map((row) => [row.id, row.market_cap_rank])).toEqual([["solana", 4]]);
    expect((await get("/coingecko/api/v3/coins/markets")).status).toBe(400);
  });
});
