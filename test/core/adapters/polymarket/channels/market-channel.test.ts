import { beforeAll, expect, test } from "bun:test";
import { type ChannelState, MarketChannel } from "../../../../../core/adapters/polymarket/channels/market-channel.ts";
import { discoverMarkets } from "../../../../../core/markets/discover.ts";
import { useTestSandbox } from "../../../../helpers/sandbox.ts";
import { until } from "../../../../helpers/until.ts";

const sandbox = useTestSandbox({ seed: 11, speed: 5, startAt: Date.now() });
let tokens: string[];
beforeAll(async () => {
  const found = await discoverMarkets({ at: Date.now(), symbols: ["BTC"], kinds: ["updown"] }, { gammaUrl: `${sandbox.url}/gamma`, clobUrl: `${sandbox.url}/clob` });
  tokens = found.markets.slice(0, 3).flatMap((market) => market.outcomes.map((outcome) => outcome.token_id));
  expect(tokens).toHaveLength(6);
});

function channel(over: Partial<ConstructorParameters<typeof MarketChannel>[0]> = {}) {
  const updates: string[] = [];
  const states: ChannelState[] = [];
  const problems: string[] = [];
  const ch = new MarketChannel({
    wsUrl: sandbox.ws("/clob-ws"),
    clobUrl: `${sandbox.url}/clob`,
    timeoutMs: 2000,
    onBook: (id) => updates.push(id),
    onState: (state) => states.push(state),
    onProblem: (p) => problems.push(p),
    ...over,
  });
  return { ch, updates, states, problems };
}

test("books for every subscribed asset, best-first, then live changes", async () => {
  const { ch, updates } = channel();
  ch.setAssets(tokens);
  ch.start();
  await until(() => tokens.every((id) => ch.book(id) !== undefined), "a book for every asset");
  for (const book of tokens.map((id) => ch.book(id)!)) {
    expect(book.asks.length).toBeGreaterThan(0);
    for (let i = 1; i < book.asks.length; i++) expect(book.asks[i]!.price.gt(book.asks[i - 1]!.price)).toBe(true);
    for (let i = 1; i < book.bids.length; i++) expect(book.bids[i]!.price.lt(book.bids[i - 1]!.price)).toBe(true);
  }
  const seen = updates.length;
  await until(() => updates.length > seen + 5, "live changes");
  expect(updates.filter((id) => !tokens.includes(id))).toEqual([]);
  expect(ch.stats.snapshots).toBeGreaterThanOrEqual(1);
  await ch.stop();
});

test("a silent socket (open, nothing delivered, not even PONG) is replaced", async () => {
  const { ch, states } = channel({ pingEveryMs: 50, silenceMs: 300, reconnectBaseMs: 10 });
  ch.setAssets(tokens.slice(0, 2));
  ch.start();
  await until(() => ch.state === "up", "the channel up");
  expect(ch.silent).toBe(false);
  const fault = await sandbox.admin.addFault("clob-ws:silent");
  await until(() => ch.stats.silentKills > 0, "the silent socket killed");
  // Silent across the replacement: its new socket opens, and still nothing arrives.
  await until(() => ch.state === "up" && ch.stats.connects >= 2, "the replacement up");
  expect(ch.silent).toBe(true);
  await sandbox.admin.removeFaults({ id: fault.id });
  await until(() => ch.state === "up" && !ch.silent, "data again");
  expect(states).toContain("down");
  await ch.stop();
});

test("a dropped socket reconnects and resubscribes", async () => {
  const { ch, updates, states } = channel({ reconnectBaseMs: 10 });
  const followed = tokens.slice(0, 2);
  ch.setAssets(followed);
  ch.start();
  await until(() => ch.state === "up" && followed.every((id) => ch.book(id) !== undefined), "books on the first socket");
  await sandbox.admin.addFault({ service: "clob-ws", kind: "drop", count: 1 });
  await until(() => ch.stats.drops > 0 && ch.stats.connects >= 2 && ch.state === "up", "the second socket up");
  expect(ch.stats.drops).toBe(1);
  expect(states).toContain("down");
  // Resubscribed: the new socket brings changes for both assets, well past the one snapshot each
  // that follows a (re)connect.
  const seen = updates.length;
  const since = () => updates.slice(seen);
  await until(() => followed.every((id) => since().filter((update) => update === id).length >= 3), "changes for both assets on the new socket");
  expect(since().filter((id) => !followed.includes(id))).toEqual([]);
  await ch.stop();
});

test("malformed messages are counted and skipped, never thrown", () => {
  const { ch, problems } = channel();
  ch.setAssets(["123"]);
  for (const garbage of ["{not json", "[1,2]", JSON.stringify({ event_type: "price_change" }), JSON.stringify({ event_type: "book", asset_id: "123", timestamp: "x" })])
    expect(() => ch.message(garbage)).not.toThrow();
  expect(problems.length).toBeGreaterThanOrEqual(4);
  // Levels as "price@size", asks and bids deliberately out of order.
  const levels = (...pairs: string[]) => pairs.map((pair) => ({ price: pair.split("@")[0], size: pair.split("@")[1] }));
  ch.message(JSON.stringify({ event_type: "book", asset_id: "123", timestamp: "1764072000000", bids: levels("0.4@10", "0.45@5"), asks: levels("0.6@1", "0.55@2") }));
  const changes = [
    { asset_id: "123", price: "0.55", size: "0", side: "SELL" },
    { asset_id: "123", price: "0.5", size: "7", side: "SELL" },
  ];
  ch.message(JSON.stringify({ event_type: "price_change", timestamp: "1764072000500", price_changes: changes }));
  const book = ch.book("123")!;
  expect(book.asks.map((l) => `${l.price}x${l.size}`)).toEqual(["0.5x7", "0.6x1"]);
  expect(book.bids.map((l) => l.price.toString())).toEqual(["0.45", "0.4"]);
  expect(book.timestamp).toBe(1764072000500);
});
