/** Each adapter's symbol mapping and payload parsing, pure: every garbage form fails only what it touches. */
import { describe, expect, test } from "bun:test";
import { chainlinkSymbol, parseRtdsMessage, rtdsStream, rtdsSubscribe } from "../../../../core/adapters/polymarket/channels/rtds.ts";
import { binanceSymbol, klinesUrl, parseKlines, parseTickers, tickerUrl } from "../../../../core/adapters/spot/binance.ts";
import { binanceStream, parseBinanceMessage } from "../../../../core/adapters/spot/binance-stream.ts";
import { coinbaseProduct, parseCoinbaseTicker } from "../../../../core/adapters/spot/coinbase.ts";
import { coinbaseStream, parseCoinbaseMessage } from "../../../../core/adapters/spot/coinbase-stream.ts";
import { coingeckoId, coingeckoUrl, parseCoingecko } from "../../../../core/adapters/spot/coingecko.ts";
import { krakenPair, krakenTickerUrl, parseKrakenTicker } from "../../../../core/adapters/spot/kraken.ts";
import { parsePyth, pythFeedId, pythUrl } from "../../../../core/adapters/spot/pyth.ts";
import { mapLimit as withBudget } from "../../../../core/concurrency.ts";
import { FetchFailure } from "../../../../core/http/fetch-json.ts";

const AT = 1_767_200_400_000;
const GARBAGE = [
  { name: "empty string", value: "" },
  { name: '"NaN"', value: "NaN" },
  { name: "null", value: null },
  { name: "missing", value: undefined },
  { name: "negative", value: "-1" },
  { name: "zero", value: "0" },
  { name: "junk", value: "12abc" },
  { name: "Infinity", value: "Infinity" },
];

describe("symbol mapping happens once, in the adapter", () => {
  test.each([
    ["BTC", "BTCUSDT", "BTC-USD", "XBTUSD", "bitcoin", "btc/usd"],
    ["ETH", "ETHUSDT", "ETH-USD", "ETHUSD", "ethereum", "eth/usd"],
    ["SOL", "SOLUSDT", "SOL-USD", "SOLUSD", "solana", "sol/usd"],
    ["XRP", "XRPUSDT", "XRP-USD", "XRPUSD", "ripple", "xrp/usd"],
  ])("%s", (bare, binance, coinbase, kraken, coingecko, chainlink) => {
    expect(binanceSymbol(bare)).toBe(binance);
    expect(coinbaseProduct(bare)).toBe(coinbase);
    expect(krakenPair(bare).pair).toBe(kraken);
    expect(coingeckoId(bare)).toBe(coingecko);
    expect(chainlinkSymbol(bare)).toBe(chainlink);
    expect(pythFeedId(bare)).toMatch(/^[0-9a-f]{64}$/);
  });

  test("batch URLs carry every symbol in one request", () => {
    expect(decodeURIComponent(tickerUrl("https://api.binance.com/", ["BTC", "ETH"]))).toBe('https://api.binance.com/api/v3/ticker/price?symbols=["BTCUSDT","ETHUSDT"]');
    expect(krakenTickerUrl("https://api.kraken.com", ["BTC", "XRP"])).toBe("https://api.kraken.com/0/public/Ticker?pair=XBTUSD,XRPUSD");
    expect(coingeckoUrl("https://api.coingecko.com", ["BTC", "SOL"])).toBe(
      "https://api.coingecko.com/api/v3/simple/price?ids=bitcoin,solana&vs_currencies=usd&include_last_updated_at=true",
    );
    expect(pythUrl("https://hermes.pyth.network", ["BTC", "ETH"]).match(/ids\[\]=0x[0-9a-f]{64}/g)).toHaveLength(2);
    expect(klinesUrl("https://api.binance.com", "BTC", { interval: "1m", startTime: 1000, limit: 5000 })).toBe(
      "https://api.binance.com/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=1000&limit=1000",
    );
  });
});

/** Quotes as `symbol price sourceTs` lines, in order. */
const lines = (result: { quotes: { symbol: string; price: { toString(): string }; sourceTs?: number }[] }) => result.quotes.map((q) => `${q.symbol} ${q.price} ${q.sourceTs}`);
const ticker = (symbol: string, price: unknown) => ({ symbol, price });
const pyth = (symbol: string, price: unknown, expo: unknown = -8) => ({ id: pythFeedId(symbol), price: { price, conf: "100", expo, publish_time: 1_767_200_399 } });

describe("batch answers: each symbol's price", () => {
  test("binance: the batch keyed back to bare symbols, no timestamp", () => {
    const result = parseTickers([ticker("BTCUSDT", "97000.01000000"), ticker("ETHUSDT", "3500.5")], ["BTC", "ETH"], AT);
    expect(lines(result)).toEqual(["BTC 97000.01 undefined", "ETH 3500.5 undefined"]);
    expect(result.quotes.map((q) => q.provider)).toEqual(["binance", "binance"]);
    expect(result.failures).toEqual([]);
  });

  test("kraken: renamed keys map back to bare symbols; price is c[0]", () => {
    const result = parseKrakenTicker(
      { error: [], result: { XXBTZUSD: { c: ["97000.1", "0.01"] }, SOLUSD: { c: ["150.25", "1"] }, XXRPZUSD: { c: ["2.1", "10"] } } },
      ["BTC", "SOL", "XRP"],
      AT,
    );
    expect(lines(result)).toEqual(["BTC 97000.1 undefined", "SOL 150.25 undefined", "XRP 2.1 undefined"]);
  });

  test("coingecko: JSON numbers become Decimal; last_updated_at is seconds", () => {
    const result = parseCoingecko({ bitcoin: { usd: 97000.12, last_updated_at: 1_767_200_380 }, ethereum: { usd: 3500 } }, ["BTC", "ETH"], AT);
    expect(lines(result)).toEqual(["BTC 97000.12 1767200380000", "ETH 3500 undefined"]);
  });

  test("pyth: price × 10^expo in Decimal, publish_time in seconds", () => {
    const result = parsePyth({ parsed: [pyth("BTC", "9700012345678"), pyth("ETH", "350050000000")] }, ["BTC", "ETH"], AT);
    expect(lines(result)).toEqual(["BTC 97000.12345678 1767200399000", "ETH 3500.5 1767200399000"]);
  });

  const batches = {
    binance: (value: unknown) => parseTickers([ticker("BTCUSDT", value), ticker("ETHUSDT", "3500")], ["BTC", "ETH"], AT),
    kraken: (value: unknown) => parseKrakenTicker({ error: [], result: { XXBTZUSD: { c: [value, "1"] }, XETHZUSD: { c: ["3500", "1"] } } }, ["BTC", "ETH"], AT),
    coingecko: (value: unknown) => parseCoingecko({ bitcoin: { usd: value }, ethereum: { usd: 3500 } }, ["BTC", "ETH"], AT),
    pyth: (value: unknown) => parsePyth({ parsed: [pyth("BTC", value), pyth("ETH", "350050000000")] }, ["BTC", "ETH"], AT),
  };
  const cases = Object.entries(batches).flatMap(([adapter, parse]) =>
    [...GARBAGE, ...(adapter === "pyth" ? [{ name: "fraction", value: "1.5" }] : [])].map((garbage) => ({ adapter, parse, ...garbage })),
  );
  test.each(cases)("$adapter: a $name price fails only that symbol", ({ parse, value }) => {
    const result = parse(value);
    expect(result.quotes.map((q) => q.symbol)).toEqual(["ETH"]);
    expect(result.failures.map((f) => f.symbol)).toEqual(["BTC"]);
  });

  test("binance: a symbol missing from the answer is a failure for it", () => {
    expect(parseTickers([ticker("BTCUSDT", "1")], ["BTC", "SOL"], AT).failures).toEqual([{ symbol: "SOL", error: "missing from the response" }]);
  });

  test.each([{ body: { code: -1121, msg: "Invalid symbol." } }, { body: "x" }, { body: null }])("binance: a non-array body is a bad payload: $body", ({ body }) => {
    expect(() => parseTickers(body, ["BTC"], AT)).toThrow(FetchFailure);
  });

  test.each([
    { errors: ["EGeneral:Too many requests"], kind: "rate-limit" },
    { errors: ["EService:Unavailable"], kind: "server" },
    { errors: ["EQuery:Unknown asset pair"], kind: "client" },
  ])("kraken: HTTP 200 with error $errors → $kind", ({ errors, kind }) => {
    expect(() => parseKrakenTicker({ error: errors }, ["BTC"], AT)).toThrow(expect.objectContaining({ failure: kind }));
  });

  test("pyth: a bad expo fails the symbol; no parsed array fails the answer", () => {
    expect(parsePyth({ parsed: [pyth("BTC", "1", "x")] }, ["BTC"], AT).failures).toHaveLength(1);
    expect(() => parsePyth({ binary: {} }, ["BTC"], AT)).toThrow(FetchFailure);
  });

  test("binance klines: decimals from strings; a bad row fails the answer", () => {
    const row = [1_767_200_400_000, "97000.1", "97010", "96990", "97005.5", "12.5", 1_767_200_459_999, "0", 10, "0", "0", "0"];
    const [kline] = parseKlines([row]);
    expect([kline!.open.toString(), kline!.close.toString(), kline!.volume.toString(), kline!.closeTime]).toEqual(["97000.1", "97005.5", "12.5", 1_767_200_459_999]);
    expect(() => parseKlines([[...row.slice(0, 4), "NaN", ...row.slice(5)]])).toThrow(/close/);
    expect(() => parseKlines([[1, 2]])).toThrow(FetchFailure);
    expect(() => parseKlines({})).toThrow(FetchFailure);
  });
});

describe("coinbase ticker", () => {
  test("price and the provider's own time", () => {
    const quote = parseCoinbaseTicker({ price: "97001.23", time: "2026-01-01T00:00:00.123456Z", bid: "1", ask: "2" }, "BTC", AT);
    expect([quote.price.toString(), quote.sourceTs]).toEqual(["97001.23", Date.parse("2026-01-01T00:00:00.123Z")]);
  });

  test.each(GARBAGE)("a $name price is a bad payload", ({ value }) => {
    expect(() => parseCoinbaseTicker({ price: value, time: "2026-01-01T00:00:00Z" }, "BTC", AT)).toThrow(FetchFailure);
  });

  test("withBudget never runs more than the budget at once, and halts", async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    const run = async (n: number) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await Bun.sleep(5);
      seen.push(n);
      inFlight--;
    };
    await withBudget([1, 2, 3, 4, 5, 6, 7], 3, run, () => seen.includes(4));
    expect(peak).toBe(3);
    expect(seen.length).toBeLessThan(7);
  });
});

describe("streams", () => {
  const binance = binanceStream("ws://x/binance-ws", ["BTC", "ETH"], "trade");
  test("binance combined-stream URL and trade parsing", () => {
    expect(binance.url).toBe("ws://x/binance-ws/stream?streams=btcusdt@trade/ethusdt@trade");
    const parsed = parseBinanceMessage(
      JSON.stringify({ stream: "btcusdt@trade", data: { e: "trade", E: AT + 3, s: "BTCUSDT", p: "97000.10", q: "0.1", T: AT } }),
      AT + 5,
      new Map([["BTCUSDT", "BTC"]]),
    );
    expect(parsed.quotes.map((q) => [q.symbol, q.price.toString(), q.sourceTs, q.receivedAt])).toEqual([["BTC", "97000.1", AT, AT + 5]]);
  });

  test("binance bookTicker is priced at the mid", () => {
    const parsed = binanceStream("ws://x", ["BTC"], "bookTicker").parse(
      JSON.stringify({ stream: "btcusdt@bookTicker", data: { u: 1, s: "BTCUSDT", b: "97000.00", B: "1", a: "97000.02", A: "1" } }),
      AT,
    );
    expect(parsed.quotes[0]!.price.toString()).toBe("97000.01");
  });

  test.each(["", "{", "<html>", '{"stream":"btcusdt@trade","data":{"e":"trade","s":"BTCUSDT","p":"NaN"}}', '{"stream":"btcusdt@trade","data":{"e":"trade","s":"BTCUSDT","p":""}}'])(
    "binance garbage %p yields no quote, an error",
    (text) => {
      const parsed = binance.parse(text, AT);
      expect(parsed.quotes).toEqual([]);
      expect(parsed.error).toBeDefined();
    },
  );

  test("binance acks and unknown symbols yield nothing", () => {
    expect(binance.parse('{"result":null,"id":1}', AT)).toEqual({ quotes: [] });
    expect(binance.parse('{"stream":"dogeusdt@trade","data":{"e":"trade","s":"DOGEUSDT","p":"1"}}', AT)).toEqual({ quotes: [] });
  });

  test("coinbase subscribe and ticker", () => {
    const feed = coinbaseStream("ws://x/coinbase-ws", ["BTC", "ETH"]);
    expect(JSON.parse(feed.subscribe[0]!)).toEqual({ type: "subscribe", product_ids: ["BTC-USD", "ETH-USD"], channels: ["ticker"] });
    const parsed = parseCoinbaseMessage(
      JSON.stringify({ type: "ticker", product_id: "ETH-USD", price: "3500.01", time: "2026-01-01T00:00:00.000Z" }),
      AT,
      new Map([["ETH-USD", "ETH"]]),
    );
    expect(parsed.quotes.map((q) => [q.symbol, q.price.toString()])).toEqual([["ETH", "3500.01"]]);
    expect(feed.parse('{"type":"subscriptions","channels":[]}', AT)).toEqual({ quotes: [] });
    expect(feed.parse('{"type":"error","message":"Failed to subscribe"}', AT).error).toContain("Failed to subscribe");
    expect(feed.parse('{"type":"ticker","product_id":"BTC-USD","price":"NaN"}', AT).error).toBeDefined();
  });

  test("rtds: one chainlink subscription per symbol, PING keep-alive, numbers through the safe parser", () => {
    const feed = rtdsStream("ws://x/rtds", ["BTC", "ETH"]);
    expect(JSON.parse(rtdsSubscribe(["BTC"]))).toEqual({ action: "subscribe", subscriptions: [{ topic: "crypto_prices_chainlink", type: "*", filters: '{"symbol":"btc/usd"}' }] });
    expect(feed.keepalive).toEqual({ message: "PING", everyMs: 5000 });
    const parsed = feed.parse(
      JSON.stringify({ topic: "crypto_prices_chainlink", type: "update", timestamp: AT + 40, payload: { symbol: "btc/usd", timestamp: AT, value: 96981.57 } }),
      AT + 50,
    );
    expect(parsed.quotes.map((q) => [q.provider, q.symbol, q.price.toString(), q.sourceTs])).toEqual([["rtds", "BTC", "96981.57", AT]]);
    expect(feed.parse("PONG", AT)).toEqual({ quotes: [] });
    expect(feed.parse(JSON.stringify({ topic: "crypto_prices", payload: { symbol: "btcusdt", value: 1 } }), AT)).toEqual({ quotes: [] });
    expect(feed.parse(JSON.stringify({ topic: "crypto_prices_chainlink", payload: { symbol: "btc/usd", timestamp: AT, value: "NaN" } }), AT).error).toBeDefined();
    // A batch of values: the newest counts.
    const batch = `{"topic":"crypto_prices_chainlink","payload":{"symbol":"eth/usd","data":[{"timestamp":${AT - 1000},"value":1},{"timestamp":${AT},"value":3500.5}]}}`;
    expect(parseRtdsMessage(batch, AT, new Map([["eth/usd", "ETH"]])).quotes[0]!.price.toString()).toBe("3500.5");
  });
});
