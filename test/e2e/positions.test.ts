/**
 * `pm-arb positions` end to end on the sandbox: views of the store, marking at the bids, settlement
 * from Gamma with the P&L after fees, the daily summary, and live reconciliation with the Data API
 * reporting (never writing over) a difference.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { Decimal } from "../../core/decimal.ts";
import { positionRecordSchema } from "../../core/records/position.ts";
import { summaryRecordSchema } from "../../core/records/summary.ts";
import { type HeartbeatValue, thisHost, writeHeartbeat } from "../../core/run/loop-heartbeat.ts";
import { openStore } from "../../core/store/open.ts";
import { walletClient } from "../helpers/sandbox-wallet.ts";
import { tempDb } from "../helpers/temp.ts";
import { cli, liveEnv, paperEnv, type RunEnv, records, useFrozenVenue, type Venue, withOwnVenue } from "./trade-helpers.ts";

const venue = useFrozenVenue(9);
const db = tempDb("positions");

beforeAll(async () => {
  const traded = await cli(["trade", "--json"], paperEnv(venue, db), venue.opportunities.join("\n"));
  if (!records(traded, "order").some((order) => order.status === "filled")) throw new Error("no paper fill to build positions from");
}, 60_000);

const d = (value: string) => new Decimal(value);
const summary = async (env: RunEnv) => summaryRecordSchema.parse(records(await cli(["positions", "--summary", "--json"], env), "summary")[0]);

describe("positions (paper store)", () => {
  test("--open lists what the settled fills hold; --orders and --fills list the store", async () => {
    const env = paperEnv(venue, db);
    const open = records(await cli(["positions", "--json"], env), "position").map((line) => positionRecordSchema.parse(line));
    const fills = records(await cli(["positions", "--fills", "--json"], env), "fill");
    const orders = records(await cli(["positions", "--orders", "--json"], env), "order");
    expect(open.length).toBeGreaterThan(0);
    expect(orders.length).toBeGreaterThanOrEqual(open.length);
    for (const position of open) {
      const mine = fills.filter((fill) => fill.token_id === position.token_id && fill.settled);
      expect(d(position.size).eq(mine.reduce<Decimal>((sum, fill) => sum.plus(String(fill.size)), d("0")))).toBe(true);
      expect(d(position.cost).eq(mine.reduce<Decimal>((sum, fill) => sum.plus(String(fill.cost)), d("0")))).toBe(true);
      expect(d(position.fees).eq(mine.reduce<Decimal>((sum, fill) => sum.plus(String(fill.fee)), d("0")))).toBe(true);
    }
  });

  test("--mark values open positions at the best bid: unrealised = size × bid − cost − fees", async () => {
    expect((await summary(paperEnv(venue, db))).marked_at).toBeNull();
    const before = new Date();
    const marked = records(await cli(["positions", "--mark", "--json"], paperEnv(venue, db)), "position").map((line) => positionRecordSchema.parse(line));
    // The summary says when its unrealised P&L was marked.
    const markedAt = (await summary(paperEnv(venue, db))).marked_at;
    expect(typeof markedAt).toBe("string");
    expect(Date.parse(markedAt!)).toBeGreaterThanOrEqual(before.getTime());
    expect(marked.length).toBeGreaterThan(0);
    for (const position of marked) {
      expect(position.mark_price).toBeDefined();
      expect(d(position.unrealised_pnl!).eq(d(position.size).times(position.mark_price!).minus(position.cost).minus(position.fees).toDecimalPlaces(6))).toBe(true);
    }
  });

  test("--summary shows the mode's run loop: null before any ran; then alive, since when, last tick, order and error", async () => {
    const fresh = tempDb("positions-loop");
    expect((await summary(paperEnv(venue, fresh))).loop).toBeNull();
    const store = openStore(fresh);
    const now = new Date();
    const beat = (over: Partial<HeartbeatValue>): HeartbeatValue => ({
      pid: process.pid,
      host: thisHost(),
      mode: "paper",
      started_at: new Date(now.getTime() - 60_000).toISOString(),
      beat_at: now.toISOString(),
      symbols: ["BTC"],
      markets: 3,
      last_tick_at: new Date(now.getTime() - 100).toISOString(),
      last_order_at: new Date(now.getTime() - 5_000).toISOString(),
      last_order: { client_order_id: "0xabc", slug: "btc-updown-5m-1", status: "filled" },
      last_error: { at: new Date(now.getTime() - 9_000).toISOString(), message: "market channel: silent for 10 s" },
      counts: { ticks: 10, book_updates: 4, opportunities: 1, decisions: 1, orders: 1, fills: 1, settled: 0, alerts: 0 },
      feeds: {},
      lag: [],
      ...over,
    });
    writeHeartbeat(store.db, beat({}), now);
    expect((await summary(paperEnv(venue, fresh))).loop).toEqual({
      state: "running",
      alive: true,
      pid: process.pid,
      started_at: beat({}).started_at,
      heartbeat_at: now.toISOString(),
      last_tick_at: beat({}).last_tick_at!,
      last_order_at: beat({}).last_order_at!,
      last_order: { client_order_id: "0xabc", slug: "btc-updown-5m-1", status: "filled" },
      last_error: { at: beat({}).last_error!.at, message: "market channel: silent for 10 s" },
    });
    // A loop whose heartbeat went quiet is not alive; the live book has no loop.
    writeHeartbeat(store.db, beat({ beat_at: new Date(now.getTime() - 60_000).toISOString() }), now);
    store.close();
    expect((await summary(paperEnv(venue, fresh))).loop).toMatchObject({ state: "stale", alive: false });
  });

  test("--settle books resolved markets from Gamma: payout − cost − fees, and the summary adds it up", async () => {
    // A venue and store of its own: settling moves the venue a day on and closes every position,
    // which would leave the other views nothing to show, whatever order the tests run in.
    await withOwnVenue(9, settles);
  }, 60_000);
});

/** Paper fills in a fresh store, then settlement once the venue has resolved their markets. */
async function settles(own: Venue): Promise<void> {
  const env = paperEnv(own, tempDb("positions-settle"));
  await cli(["trade", "--json"], env, own.opportunities.join("\n"));
  const before = records(await cli(["positions", "--json"], env), "position").map((line) => positionRecordSchema.parse(line));
  expect(before.length).toBeGreaterThan(0);
  // Not resolved yet: nothing settles.
  const early = await cli(["positions", "--settle", "--json"], env);
  expect(early.stderr).toMatch(/settle: 0 of \d+ open position/);
  // Past every window's end: the venue resolves them.
  await own.sandbox.admin.advance(26 * 3_600_000);
  const settled = await cli(["positions", "--settle", "--all", "--json"], env);
  const all = records(settled, "position").map((line) => positionRecordSchema.parse(line));
  const done = all.filter((position) => position.status === "settled");
  expect(done.length).toBe(before.length);
  for (const position of done) {
    const payout = position.winner ? d(position.size) : d("0");
    expect(d(position.payout!).eq(payout.toDecimalPlaces(6))).toBe(true);
    expect(d(position.realised_pnl!).eq(payout.minus(position.cost).minus(position.fees).toDecimalPlaces(6))).toBe(true);
  }
  const books = await summary(env);
  const realised = done.reduce((sum, position) => sum.plus(position.realised_pnl!), d("0"));
  expect(d(books.realised_pnl).eq(realised)).toBe(true);
  expect(books.settled_positions).toBe(done.length);
  expect(books.wins + books.losses).toBe(done.length);
  expect(books.win_rate).toBe(d(String(books.wins)).dividedBy(done.length).toDecimalPlaces(4).toString());
  expect(d(books.fees_paid).eq(done.reduce((sum, position) => sum.plus(position.fees), d("0")))).toBe(true);
  expect(d(books.equity).eq(d("200").plus(realised))).toBe(true);
  expect(books.exposure).toBe("0");
  // Settling twice books nothing twice.
  await cli(["positions", "--settle", "--json"], env);
  expect((await summary(env)).realised_pnl).toBe(books.realised_pnl);
}

describe("positions --live: the Data API", () => {
  test("a difference with the venue is reported, and the store is not changed", async () => {
    await withOwnVenue(13, async (live) => {
      const wallet = await live.sandbox.fundedWallet();
      const liveDb = tempDb("live");
      const env = liveEnv(live, liveDb, wallet);
      await cli(["trade", "--live", "--json", "--settle-timeout", "0s"], env, live.opportunities.join("\n"));
      await live.sandbox.admin.advance(7_000);
      await cli(["trade", "--live", "--settle-timeout", "0s"], env, "");
      const agreed = await cli(["positions", "--live", "--json"], env);
      expect(agreed.stderr).toMatch(/the Data API agrees with the store/);
      const storeBefore = records(agreed, "position");

      // Someone trades the same wallet outside pm-arb.
      const client = walletClient(live.sandbox.url, wallet);
      const position = positionRecordSchema.parse(storeBefore[0]);
      const tick = await client.getTickSize(position.token_id);
      const { OrderType, Side } = await import("@polymarket/clob-client-v2");
      // A marketable BUY at the top of the range takes the best asks.
      const order = await client.createMarketOrder(
        { tokenID: position.token_id, price: 1 - Number(tick), amount: 6, side: Side.BUY, orderType: OrderType.FAK },
        { tickSize: tick },
      );
      const answer = await client.postOrder(order, OrderType.FAK);
      expect(answer).toMatchObject({ success: true, status: "matched" });
      await live.sandbox.admin.advance(7_000);

      const differs = await cli(["positions", "--live", "--json"], env);
      expect(differs.stderr).toMatch(/venue differs for .*store [\d.]+, venue [\d.]+ \(sizes differ\); the store is not changed/);
      const shown = records(differs, "position").map((line) => positionRecordSchema.parse(line));
      const changed = shown.find((item) => item.token_id === position.token_id)!;
      expect(changed.size).toBe(position.size);
      expect(changed.venue_size).toBeDefined();
      expect(d(changed.venue_size!).gt(position.size)).toBe(true);
    });
  }, 60_000);
});
