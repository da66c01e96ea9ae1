import { describe, expect, test } from "bun:test";
import { spotStreamTick } from "../../sandbox/spot/index.ts";
import type { messages } from "../helpers/sandbox.ts";
import { START, useSockets, useVenue } from "./venue.ts";

const sandbox = useVenue({ seed: 31 });
const open = useSockets();
const connect = (path: string) => open(sandbox.ws(path));

const price = (symbol: string) => sandbox.app.prices!.quote("binance", symbol, sandbox.app.clock.now()).price;

describe("Binance streams", () => {
  test("raw /ws/<symbol>@trade delivers trade events", async () => {
    const { inbox } = await connect("/binance-ws/ws/btcusdt@trade");
    const trade = await inbox.next();
    expect(Object.keys(trade).sort()).toEqual(["E", "M", "T", "e", "m", "p", "q", "s", "t"].sort());
    expect(trade).toMatchObject({ e: "trade", s: "BTCUSDT", T: START, M: true });
    expect(trade.p).toMatch(/^\d+\.\d{8}$/);
    expect(Number(trade.p)).toBeCloseTo(price("BTC"), 1);
    expect(Number(trade.q)).toBeGreaterThan(0);
    expect(Number.isInteger(trade.t)).toBe(true);
    expect(typeof trade.m).toBe("boolean");
  });

  test("combined /stream?streams=… wraps {stream, data}; bookTicker has u,s,b,B,a,A", async () => {
    const { inbox } = await connect("/binance-ws/stream?streams=ethusdt@trade/solusdt@bookTicker");
    const book = await inbox.next((m) => m.stream === "solusdt@bookTicker");
    expect(Object.keys(book.data)).toEqual(["u", "s", "b", "B", "a", "A"]);
    expect(book.data.s).toBe("SOLUSDT");
    expect(Number(book.data.a) - Number(book.data.b)).toBeCloseTo(0.01, 8);
    const trade = await inbox.next((m) => m.stream === "ethusdt@trade");
    expect(trade.data).toMatchObject({ e: "trade", s: "ETHUSDT" });
  });

  test("SUBSCRIBE / LIST_SUBSCRIPTIONS / UNSUBSCRIBE over a bare /ws", async () => {
    const { ws, inbox } = await connect("/binance-ws/ws");
    ws.send(JSON.stringify({ method: "SUBSCRIBE", params: ["xrpusdt@aggTrade", "btcusdt@bookTicker"], id: 1 }));
    expect(await inbox.next((m) => m.id === 1)).toEqual({ result: null, id: 1 });
    const agg = await inbox.next((m) => m.e === "aggTrade");
    expect(agg).toMatchObject({ s: "XRPUSDT" });
    expect(Number(agg.p)).toBeCloseTo(price("XRP"), 3);
    await inbox.next((m) => m.s === "BTCUSDT" && m.b !== undefined);
    ws.send(JSON.stringify({ method: "LIST_SUBSCRIPTIONS", id: 2 }));
    expect(await inbox.next((m) => m.id === 2)).toEqual({ result: ["xrpusdt@aggTrade", "btcusdt@bookTicker"], id: 2 });
    ws.send(JSON.stringify({ method: "UNSUBSCRIBE", params: ["xrpusdt@aggTrade"], id: 3 }));
    expect(await inbox.next((m) => m.id === 3)).toEqual({ result: null, id: 3 });
    ws.send(JSON.stringify({ method: "SUBSCRIBE", params: ["btcusdt@nonsense"], id: 4 }));
    expect(await inbox.next((m) => m.id === 4)).toMatchObject({ code: 2 });
    ws.send("not json");
    expect(await inbox.next((m) => m.code === 3)).toMatchObject({ code: 3 });
  });

  test("trades follow simulated time", async () => {
    const { inbox } = await connect("/binance-ws/ws/solusdt@trade");
    const first = await inbox.next();
    await sandbox.admin.advance(5_000);
    const later = await inbox.next((m) => m.T > first.T);
    expect(later.T).toBe(sandbox.app.clock.now() - (sandbox.app.clock.now() % 100));
    expect(later.t).toBeGreaterThan(first.t);
  });
});

describe("Coinbase feed", () => {
  test("subscribe → subscriptions ack, then ticker messages", async () => {
    const { ws, inbox } = await connect("/coinbase-ws");
    ws.send(JSON.stringify({ type: "subscribe", product_ids: ["BTC-USD", "ETH-USD"], channels: ["ticker"] }));
    expect(await inbox.next()).toEqual({ type: "subscriptions", channels: [{ name: "ticker", product_ids: ["BTC-USD", "ETH-USD"] }] });
    const ticker = await inbox.next((m) => m.type === "ticker" && m.product_id === "ETH-USD");
    for (const key of ["sequence", "price", "best_bid", "best_ask", "time", "trade_id", "open_24h", "volume_24h", "last_size"]) expect(ticker).toHaveProperty(key);
    expect(Number(ticker.price)).toBeCloseTo(sandbox.app.prices!.truth("ETH", sandbox.app.clock.now()), -1);
    expect(Number(ticker.best_ask)).toBeGreaterThan(Number(ticker.best_bid));
    expect(ticker.time).toMatch(/Z$/);
  });

  test("object channels, unsubscribe and errors", async () => {
    const { ws, inbox } = await connect("/coinbase-ws");
    const channels = [
      { name: "ticker", product_ids: ["SOL-USD"] },
      { name: "heartbeat", product_ids: ["SOL-USD"] },
    ];
    ws.send(JSON.stringify({ type: "subscribe", channels }));
    await inbox.next((m) => m.type === "subscriptions");
    expect(await inbox.next((m) => m.type === "heartbeat")).toMatchObject({ product_id: "SOL-USD" });
    ws.send(JSON.stringify({ type: "unsubscribe", product_ids: ["SOL-USD"], channels: ["ticker", "heartbeat"] }));
    expect(await inbox.next((m) => m.type === "subscriptions")).toEqual({ type: "subscriptions", channels: [] });
    ws.send(JSON.stringify({ type: "subscribe", product_ids: ["DOGE-USD"], channels: ["ticker"] }));
    expect(await inbox.next((m) => m.type === "error")).toMatchObject({ message: "Failed to subscribe", reason: "DOGE-USD is not a valid product" });
  });
});

describe("RTDS", () => {
  test("crypto_prices (Binance-sourced) with comma filters", async () => {
    const { ws, inbox } = await connect("/rtds");
    ws.send(JSON.stringify({ action: "subscribe", subscriptions: [{ topic: "crypto_prices", type: "update", filters: "solusdt,btcusdt" }] }));
    const sol = await inbox.next((m) => m.payload?.symbol === "solusdt");
    expect(Object.keys(sol)).toEqual(["topic", "type", "timestamp", "payload"]);
    expect(sol).toMatchObject({ topic: "crypto_prices", type: "update" });
    expect(typeof sol.payload.value).toBe("number");
    expect(sol.payload.value).toBeCloseTo(price("SOL"), 1);
    await inbox.next((m) => m.payload?.symbol === "btcusdt");
    expect(inbox.pending.some((m: any) => m.payload?.symbol === "ethusdt")).toBe(false);
  });

  test("crypto_prices_chainlink: slash symbols, whole-second timestamps, offset below Binance", async () => {
    const { ws, inbox } = await connect("/rtds");
    ws.send(JSON.stringify({ action: "subscribe", subscriptions: [{ topic: "crypto_prices_chainlink", type: "*", filters: JSON.stringify({ symbol: "btc/usd" }) }] }));
    const update = await inbox.next((m) => m.topic === "crypto_prices_chainlink");
    expect(update.type).toBe("update");
    expect(update.payload.symbol).toBe("btc/usd");
    expect(update.payload.timestamp % 1000).toBe(0);
    expect(update.payload.timestamp).toBeLessThanOrEqual(update.timestamp);
    const binance = sandbox.app.prices!.quote("binance", "BTC", update.payload.timestamp).price;
    const offsetBps = (1 - update.payload.value / binance) * 10_000;
    expect(offsetBps).toBeGreaterThan(10);
    expect(offsetBps).toBeLessThan(30);
  });

  test("empty filters subscribe to every symbol; text PING answers PONG; unsubscribe stops a symbol", async () => {
    const { ws, inbox } = await connect("/rtds");
    ws.send("PING");
    expect(await inbox.next((m) => m === "PONG")).toBe("PONG");
    ws.send(JSON.stringify({ action: "subscribe", subscriptions: [{ topic: "crypto_prices_chainlink", type: "*", filters: "" }] }));
    const symbols = new Set<string>();
    while (symbols.size < 4) symbols.add((await inbox.next((m) => m.topic === "crypto_prices_chainlink")).payload.symbol);
    expect([...symbols].sort()).toEqual(["btc/usd", "eth/usd", "sol/usd", "xrp/usd"]);
    ws.send(JSON.stringify({ action: "unsubscribe", subscriptions: [{ topic: "crypto_prices_chainlink", filters: JSON.stringify({ symbol: "eth/usd" }) }] }));
    ws.send("PING");
    await inbox.next((m) => m === "PONG");
    inbox.clear();
    ws.send("PING");
    await inbox.next((m) => m === "PONG");
    // A new second brings a full round after the unsubscribe was processed: three other symbols, no eth.
    await sandbox.admin.advance(1_000);
    const seen = new Set<string>();
    while (seen.size < 3) seen.add((await inbox.next((m) => m.topic === "crypto_prices_chainlink")).payload.symbol);
    expect(seen.has("eth/usd")).toBe(false);
  });
});

describe("stream cadence", () => {
  /** Runs stream rounds at once (as the timer would), then a PING round trip so every message sent is in. */
  async function rounds(ws: WebSocket, inbox: ReturnType<typeof messages>, count: number) {
    for (let i = 0; i < count; i++) spotStreamTick(sandbox.app);
    ws.send("PING");
    await inbox.next((m) => m === "PONG");
  }

  test('RTDS: the README\'s {"symbol":"btcusdt"} filter selects that symbol on crypto_prices, as text or object', async () => {
    for (const filters of ['{"symbol":"btcusdt"}', { symbol: "btcusdt" }]) {
      const { ws, inbox } = await connect("/rtds");
      ws.send(JSON.stringify({ action: "subscribe", subscriptions: [{ topic: "crypto_prices", type: "update", filters }] }));
      expect((await inbox.next((m) => m.topic === "crypto_prices")).payload.symbol).toBe("btcusdt");
      await sandbox.admin.advance(1_000);
      await rounds(ws, inbox, 3);
      const symbols = new Set(inbox.pending.filter((m: any) => m.topic === "crypto_prices").map((m: any) => m.payload.symbol));
      expect([...symbols]).toEqual(["btcusdt"]);
    }
  });

  test("RTDS Chainlink: one update per reported second, never the same timestamp twice", async () => {
    const { ws, inbox } = await connect("/rtds");
    ws.send(JSON.stringify({ action: "subscribe", subscriptions: [{ topic: "crypto_prices_chainlink", type: "*", filters: '{"symbol":"btc/usd"}' }] }));
    const first = await inbox.next((m) => m.topic === "crypto_prices_chainlink");
    await rounds(ws, inbox, 10);
    expect(inbox.pending.filter((m: any) => m.topic === "crypto_prices_chainlink")).toEqual([]);
    await sandbox.admin.advance(1_000);
    await rounds(ws, inbox, 10);
    const updates = inbox.pending.filter((m: any) => m.topic === "crypto_prices_chainlink");
    expect(updates.map((m: any) => m.payload.timestamp)).toEqual([first.payload.timestamp + 1_000]);
  });

  test("Coinbase: a ticker per new trade only, heartbeats at most once a real second", async () => {
    const { ws, inbox } = await connect("/coinbase-ws");
    const began = Date.now();
    ws.send(JSON.stringify({ type: "subscribe", product_ids: ["BTC-USD"], channels: ["ticker", "heartbeat"] }));
    await inbox.next((m) => m.type === "ticker");
    await inbox.next((m) => m.type === "heartbeat");
    for (let i = 0; i < 10; i++) spotStreamTick(sandbox.app);
    // The ack of a second subscribe is sent after everything before it.
    ws.send(JSON.stringify({ type: "subscribe", product_ids: ["ETH-USD"], channels: ["heartbeat"] }));
    await inbox.next((m) => m.type === "subscriptions" && m.channels.some((c: any) => c.product_ids.includes("ETH-USD")));
    const elapsed = Date.now() - began;
    const btc = inbox.pending.filter((m: any) => m.product_id === "BTC-USD");
    expect(btc.filter((m: any) => m.type === "ticker")).toEqual([]);
    expect(btc.filter((m: any) => m.type === "heartbeat").length).toBeLessThanOrEqual(Math.ceil(elapsed / 1000));
  });
});
