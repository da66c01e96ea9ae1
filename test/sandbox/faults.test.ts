import { afterEach, describe, expect, test } from "bun:test";
import { parseFaultSpec } from "../../sandbox/faults.ts";
import { spotStreamTick } from "../../sandbox/spot/index.ts";
import { messages, openSocket } from "../helpers/sandbox.ts";
import { useVenue } from "./venue.ts";

const sandbox = useVenue({ seed: 41 });
const TICKER = "/binance/api/v3/ticker/price?symbol=BTCUSDT";

afterEach(() => sandbox.admin.clearFaults());

const get = (path: string, init?: RequestInit) => fetch(`${sandbox.url}${path}`, init);
const json = async (path: string): Promise<any> => (await get(path)).json();

describe("fault specs", () => {
  test("parse service, kind, path, count and parameters", () => {
    expect(parseFaultSpec("coingecko:429:retry_after=2,count=3,path=/api")).toEqual({ service: "coingecko", kind: "429", path: "/api", count: 3, params: { retry_after: "2" } });
    expect(parseFaultSpec("binance-ws:drop")).toMatchObject({ service: "binance-ws", kind: "drop", params: {} });
    expect(() => parseFaultSpec("binance")).toThrow(/service:kind/);
    expect(() => parseFaultSpec("binance:slow:ms")).toThrow(/key=value/);
  });
});

describe("wire faults on the spot services", () => {
  test("429 with Retry-After, consumed by count", async () => {
    await sandbox.admin.addFault("binance:429:retry_after=2,count=1");
    const limited = await get(TICKER);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    expect((await limited.json()) as any).toMatchObject({ code: -1003 });
    expect((await get(TICKER)).status).toBe(200);
  });

  test("418 ban, 451 location block, 5xx", async () => {
    await sandbox.admin.addFault("binance:418");
    expect((await get(TICKER)).status).toBe(418);
    await sandbox.admin.clearFaults();
    await sandbox.admin.addFault("binance:451");
    const blocked = await get(TICKER);
    expect(blocked.status).toBe(451);
    expect(await blocked.json()).toMatchObject({ code: 0, msg: expect.stringContaining("restricted location") });
    await sandbox.admin.addFault("coinbase:503");
    const down = await get("/coinbase/products/BTC-USD/ticker");
    expect(down.status).toBe(503);
    expect(await down.json()).toHaveProperty("error");
  });

  test("path-scoped faults leave other endpoints alone", async () => {
    await sandbox.admin.addFault("binance:500:path=/api/v3/klines");
    expect((await get("/binance/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=1")).status).toBe(500);
    expect((await get(TICKER)).status).toBe(200);
  });

  test("slow answers late but correctly", async () => {
    await sandbox.admin.addFault("kraken:slow:ms=1000,count=1");
    let late = true;
    const slow = get("/kraken/0/public/Ticker?pair=XBTUSD").finally(() => (late = false));
    // Three requests asked after it, one at a time, are all answered while it still waits.
    for (let i = 0; i < 3; i++) expect((await get(TICKER)).status).toBe(200);
    expect(late).toBe(true);
    expect(((await (await slow).json()) as any).result.XXBTZUSD).toBeDefined();
  });

  test("timeout never answers in time", async () => {
    await sandbox.admin.addFault("coingecko:timeout:ms=600000,count=1");
    const request = get("/coingecko/api/v3/simple/price?ids=bitcoin&vs_currencies=usd", { signal: AbortSignal.timeout(200) });
    await expect(request).rejects.toThrow();
    expect((await get("/coingecko/api/v3/simple/price?ids=bitcoin&vs_currencies=usd")).status).toBe(200);
  });

  test("truncated JSON, HTML error page, empty body", async () => {
    const whole = await (await get(TICKER)).text();
    await sandbox.admin.addFault("binance:truncated:count=1");
    const cut = await (await get(TICKER)).text();
    expect(whole.startsWith(cut)).toBe(true);
    expect(cut.length).toBeLessThan(whole.length);
    expect(() => JSON.parse(cut)).toThrow();

    await sandbox.admin.addFault("pyth:html:count=1");
    const page = await get("/pyth/v2/updates/price/latest?ids[]=e62df6c8b4a85fe1a67db44dc12de5db330f7ac66b72dc658afedf0f4a415b43");
    expect(page.status).toBe(502);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toStartWith("<html>");

    await sandbox.admin.addFault("coinbase:empty:count=1");
    const empty = await get("/coinbase/products/BTC-USD/ticker");
    expect(empty.status).toBe(200);
    expect(await empty.text()).toBe("");
  });

  test("garbage numbers: nan, null, empty", async () => {
    for (const [value, expected] of [
      ["nan", "NaN"],
      ["null", null],
      ["empty", ""],
    ] as const) {
      await sandbox.admin.addFault(`binance:garbage:value=${value},count=1`);
      expect(await json(TICKER)).toEqual({ symbol: "BTCUSDT", price: expected });
    }
    await sandbox.admin.addFault("coingecko:garbage:value=null,count=1");
    expect(await json("/coingecko/api/v3/simple/price?ids=bitcoin&vs_currencies=usd")).toEqual({ bitcoin: { usd: null } });
  });
});

describe("stale quotes", () => {
  test("REST: the provider's price and timestamps freeze where the fault began; others move on", async () => {
    const frozenAt = sandbox.app.clock.now();
    await sandbox.admin.addFault("binance:stale");
    await sandbox.admin.addFault("coingecko:stale");
    const before = await json(TICKER);
    const klinesBefore = await json("/binance/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=2");
    const coinbaseBefore = await json("/coinbase/products/BTC-USD/ticker");
    await sandbox.admin.advance(120_000);
    expect(await json(TICKER)).toEqual(before);
    expect(await json("/binance/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=2")).toEqual(klinesBefore);
    const gecko = await json("/coingecko/api/v3/simple/price?ids=bitcoin&vs_currencies=usd&include_last_updated_at=true");
    expect(gecko.bitcoin.last_updated_at).toBeLessThanOrEqual(Math.floor(frozenAt / 1000));
    expect((await json("/binance/api/v3/time")).serverTime).toBe(sandbox.app.clock.now());
    const coinbaseAfter = await json("/coinbase/products/BTC-USD/ticker");
    expect(coinbaseAfter.time).not.toBe(coinbaseBefore.time);
    await sandbox.admin.removeFaults({ service: "binance" });
    expect((await json(TICKER)).price).not.toBe(before.price);
  });

  test("symbol-scoped stale freezes one asset only", async () => {
    await sandbox.admin.addFault("kraken:stale:symbol=BTC");
    const before = (await json("/kraken/0/public/Ticker?pair=XBTUSD,ETHUSD")).result;
    await sandbox.admin.advance(60_000);
    const after = (await json("/kraken/0/public/Ticker?pair=XBTUSD,ETHUSD")).result;
    expect(after.XXBTZUSD.c[0]).toBe(before.XXBTZUSD.c[0]);
    expect(after.XETHZUSD.c[0]).not.toBe(before.XETHZUSD.c[0]);
  });

  test("WS: binance:stale freezes trades; rtds:stale freezes the settlement stream's payload", async () => {
    const binance = await openSocket(sandbox.ws("/binance-ws/ws/btcusdt@trade"));
    const rtds = await openSocket(sandbox.ws("/rtds"));
    const trades = messages(binance);
    const updates = messages(rtds);
    rtds.send(JSON.stringify({ action: "subscribe", subscriptions: [{ topic: "crypto_prices_chainlink", type: "*", filters: '{"symbol":"eth/usd"}' }] }));
    const liveUpdate = await updates.next();
    await sandbox.admin.addFault("binance:stale");
    await sandbox.admin.addFault("rtds:stale");
    const frozenTrade = await trades.next((m) => m.T === Math.floor(sandbox.app.clock.now() / 100) * 100);
    await sandbox.admin.advance(30_000);
    // Flush trades sent before the jump: after this reply, every trade was quoted after it.
    binance.send(JSON.stringify({ method: "LIST_SUBSCRIPTIONS", id: 1 }));
    await trades.next((m) => m.id === 1);
    trades.clear();
    updates.clear();
    const nextTrade = await trades.next();
    expect(nextTrade.T).toBe(frozenTrade.T);
    expect(nextTrade.p).toBe(frozenTrade.p);
    const nextUpdate = await updates.next((m) => m.timestamp >= sandbox.app.clock.now());
    expect(nextUpdate.payload).toEqual(liveUpdate.payload);
    binance.close();
    rtds.close();
  });
});

describe("socket faults", () => {
  test("silent: the socket stays open and answers requests and PING, but stream data stops", async () => {
    const binance = await openSocket(sandbox.ws("/binance-ws/ws/ethusdt@bookTicker"));
    const rtds = await openSocket(sandbox.ws("/rtds"));
    const book = messages(binance);
    const updates = messages(rtds);
    rtds.send(JSON.stringify({ action: "subscribe", subscriptions: [{ topic: "crypto_prices", type: "update", filters: "ethusdt" }] }));
    await book.next((m) => m.s === "ETHUSDT");
    await updates.next((m) => m.topic === "crypto_prices");
    await sandbox.admin.addFault("binance-ws:silent");
    await sandbox.admin.addFault("rtds:silent");
    // Flush whatever was in flight before the fault, then force stream rounds: with data muted,
    // the next thing on each socket is the reply to our request.
    binance.send(JSON.stringify({ method: "LIST_SUBSCRIPTIONS", id: 7 }));
    await book.next((m) => m.id === 7);
    rtds.send("PING");
    await updates.next((m) => m === "PONG");
    book.clear();
    updates.clear();
    spotStreamTick(sandbox.app);
    spotStreamTick(sandbox.app);
    binance.send(JSON.stringify({ method: "LIST_SUBSCRIPTIONS", id: 8 }));
    rtds.send("PING");
    expect(await book.next()).toEqual({ result: ["ethusdt@bookTicker"], id: 8 });
    expect(await updates.next()).toBe("PONG");
    expect(binance.readyState).toBe(WebSocket.OPEN);
    await sandbox.admin.clearFaults();
    expect(await book.next((m) => m.s === "ETHUSDT")).toHaveProperty("b");
    binance.close();
    rtds.close();
  });

  test("drop closes every socket of the named service, and reconnecting works", async () => {
    const closed = (ws: WebSocket) => new Promise<number>((resolve) => ws.addEventListener("close", (event) => resolve(event.code)));
    const binance = await openSocket(sandbox.ws("/binance-ws/ws/btcusdt@trade"));
    const coinbase = await openSocket(sandbox.ws("/coinbase-ws"));
    const rtds = await openSocket(sandbox.ws("/rtds"));
    const closings = [closed(binance), closed(coinbase), closed(rtds)];
    await sandbox.admin.addFault("binance-ws:drop");
    await sandbox.admin.addFault("coinbase-ws:drop");
    await sandbox.admin.addFault("rtds:drop");
    expect(await Promise.all(closings)).toEqual([1011, 1011, 1011]);
    const again = await openSocket(sandbox.ws("/binance-ws/ws/btcusdt@trade"));
    expect(await messages(again).next()).toMatchObject({ e: "trade" });
    again.close();
  });

  test("refuse rejects the WebSocket upgrade", async () => {
    await sandbox.admin.addFault("rtds:refuse:count=1");
    await expect(openSocket(sandbox.ws("/rtds"))).rejects.toThrow();
    const ws = await openSocket(sandbox.ws("/rtds"));
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });
});
