/**
 * The guardian's state reader and its cache. On random stores built through the real engine (paper
 * fills, FOK/FAK, settlements, marks, pending and uncertain orders, unsettled fills, stops, day
 * changes), with writes from the engine's connection and from a second connection (another process
 * as far as SQLite can tell), rolled-back transactions among them: after every step the cached
 * state equals a cold read and an independent reference computed from the rows.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq, inArray } from "drizzle-orm";
import { Decimal, ZERO } from "../../../core/decimal.ts";
import { presetSchedule } from "../../../core/fees/schedule.ts";
import { createRng } from "../../../core/sandbox/rng.ts";
import { insertIntent, UNRESOLVED, UNSETTLED_FILLS } from "../../../core/positions/ledger.ts";
import { settlePosition } from "../../../core/positions/settle.ts";
import type { RiskLimits } from "../../../core/risk/limits.ts";
import type { RiskState } from "../../../core/risk/state.ts";
import { clearKillSwitch, getHalt, getHighWaterMark, getKillSwitch, setHalt, setKillSwitch } from "../../../core/risk/stops.ts";
import { loadRiskState, startOfUtcDay, StoreRiskState, storeRiskState } from "../../../core/risk/store-state.ts";
import { openStore, type Store } from "../../../core/store/open.ts";
import { fills, orders, positions } from "../../../core/store/schema.ts";
import { withTransaction } from "../../../core/store/tx.ts";
import { buyCost } from "../../../core/trade/amounts.ts";
import type { Book } from "../../../core/trade/book.ts";
import { processCandidate } from "../../../core/trade/engine.ts";
import { planIntent } from "../../../core/trade/intent.ts";
import { bookOf, paperContext, tokenMarkets } from "../trade/engine-helpers.ts";
import { candidate, limits as baseLimits, NOW } from "../trade/fixtures.ts";

const opened: Store[] = [];
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
});

/** Two connections to one file: the engine's, and "another process". */
function twoConnections(): [Store, Store] {
  const path = join(mkdtempSync(join(tmpdir(), "pm-arb-risk-")), "store.sqlite");
  const a = openStore(path, { synchronous: "normal" });
  const b = openStore(path);
  opened.push(a, b);
  return [a, b];
}

/** The sandbox's seeded generator (mulberry32): the same seed, the same stream. */
const rng = (seed: number) => createRng(seed).next;

function view(state: RiskState) {
  const sorted = <V>(map: ReadonlyMap<string, V>, show: (value: V) => string) => [...map].map(([key, value]) => `${key}=${show(value)}`).sort();
  return {
    exposure: sorted(state.exposureByMarket, (value) => value.toString()),
    openTokens: [...state.openTokens].sort(),
    realised: state.realisedPnl.toString(),
    today: state.realisedPnlToday.toString(),
    unrealised: state.unrealisedPnl.toString(),
    hwm: state.highWaterMark.toString(),
    lastOrderAt: sorted(state.lastOrderAt, String),
    killSwitch: state.killSwitch ?? null,
    halt: state.halt ?? null,
  };
}

/** The rules written out plainly over drizzle's rows: every position, order and fill of the mode. */
function reference(store: Store, limits: RiskLimits, now: Date) {
  const db = store.db;
  const exposure = new Map<string, Decimal>();
  const tokens = new Set<string>();
  const hold = (market: string, token: string, amount: Decimal) => {
    exposure.set(market, (exposure.get(market) ?? ZERO).plus(amount));
    tokens.add(token);
  };
  const dayStart = startOfUtcDay(now).getTime();
  const rows = db.select().from(positions).where(eq(positions.mode, "paper")).all();
  const realised = rows.reduce((sum, row) => sum.plus(row.realisedPnl), ZERO);
  const today = rows.filter((row) => row.closedAt && row.closedAt.getTime() >= dayStart).reduce((sum, row) => sum.plus(row.realisedPnl), ZERO);
  let unrealised = ZERO;
  for (const row of rows.filter((row) => row.status === "open" && row.size.gt(ZERO))) {
    hold(row.conditionId, row.tokenId, row.cost.plus(row.fees));
    if (row.markPrice) unrealised = unrealised.plus(row.size.times(row.markPrice).minus(row.cost).minus(row.fees));
  }
  const all = db.select().from(orders).where(eq(orders.mode, "paper")).all();
  const last = new Map<string, number>();
  for (const order of all) last.set(order.conditionId, Math.max(last.get(order.conditionId) ?? 0, order.createdAt.getTime()));
  for (const order of all.filter((row) => UNRESOLVED.includes(row.status))) hold(order.conditionId, order.tokenId, order.maxCost ?? order.size.times(order.limitPrice).times(2));
  const final = new Map(all.filter((row) => !UNRESOLVED.includes(row.status)).map((row) => [row.id, row]));
  const settling = final.size > 0 ? db.select().from(fills).where(and(inArray(fills.orderId, [...final.keys()]), inArray(fills.status, UNSETTLED_FILLS))).all() : [];
  for (const fill of settling) hold(final.get(fill.orderId)!.conditionId, final.get(fill.orderId)!.tokenId, buyCost(fill.size, fill.price).plus(fill.fee));
  const equity = limits.bankroll.plus(realised).plus(unrealised);
  const stored = getHighWaterMark(db, "paper") ?? limits.bankroll;
  return view({
    exposureByMarket: exposure,
    openTokens: tokens,
    realisedPnl: realised,
    realisedPnlToday: today,
    unrealisedPnl: unrealised,
    highWaterMark: Decimal.max(stored, equity),
    lastOrderAt: last,
    killSwitch: getKillSwitch(db),
    halt: getHalt(db, "paper"),
  });
}

/** The cached state (each connection's own reader) equals a cold read and the reference. */
function expectConsistent(a: Store, b: Store, limits: RiskLimits, now: Date) {
  const cached = view(loadRiskState(a, "paper", limits, now));
  expect(cached).toEqual(view(new StoreRiskState(a).load("paper", limits, now)));
  expect(cached).toEqual(reference(a, limits, now));
  expect(view(loadRiskState(b, "paper", limits, now))).toEqual(cached);
}

const wide = baseLimits({ bankroll: new Decimal("2000"), maxTotalExposure: new Decimal("1500"), maxMarketExposure: new Decimal("300"), maxOpenPositions: 60, cooldownMs: 0, dailyLossLimit: new Decimal("500") });

describe("risk state: cached = cold read = reference", () => {
  test.each([1, 2, 3, 4, 5, 6])("random store, two connections, seed %i", async (seed) => {
    const random = rng(seed);
    const [a, b] = twoConnections();
    const either = () => (random() < 0.5 ? a : b);
    let clock = Date.UTC(2026, 5, 1, 0, 0, 0);
    const books = new Map<string, Book>();
    // Now and then the other connection writes while an order waits for its book (between the
    // engine's intent and its answer): the answer's write must not be applied to a stale cache.
    const meanwhile = () => {
      const held = b.db.select().from(positions).where(eq(positions.status, "open")).all();
      if (held.length > 0 && random() < 0.3) b.db.update(positions).set({ markPrice: new Decimal(Math.floor(random() * 99) + 1).dividedBy(100) }).where(eq(positions.id, held[0]!.id)).run();
    };
    const markets = tokenMarkets(Object.fromEntries(Array.from({ length: 24 }, (_, i) => [String(5000 + i), `0xc${Math.floor(i / 2)}`])));
    const ctx = paperContext(a, (tokenId) => (meanwhile(), books.get(tokenId)!), () => new Date(clock), { limits: wide, orderType: random() < 0.5 ? "FOK" : "FAK", markets });
    for (let step = 0; step < 150; step++) {
      clock += Math.floor(random() * 60_000);
      const roll = random();
      const open = () => b.db.select().from(positions).where(eq(positions.status, "open")).all();
      if (roll < 0.1) {
        const held = open();
        if (held.length > 0) settlePosition(either().db, held[Math.floor(random() * held.length)]!, random() < 0.5, new Date(clock));
      } else if (roll < 0.15) {
        const held = open();
        if (held.length > 0) either().db.update(positions).set({ markPrice: new Decimal(Math.floor(random() * 99) + 1).dividedBy(100) }).where(eq(positions.id, held[0]!.id)).run();
      } else if (roll < 0.19) {
        // An order still in flight or unknown, and a fill still on its way to settlement (raw writes).
        const some = b.db.select().from(orders).all();
        if (some.length > 0) either().db.update(orders).set({ status: random() < 0.5 ? "pending" : "uncertain" }).where(eq(orders.id, some[Math.floor(random() * some.length)]!.id)).run();
        const anyFill = b.db.select().from(fills).all();
        if (anyFill.length > 0) either().db.update(fills).set({ status: "matched" }).where(eq(fills.id, anyFill[Math.floor(random() * anyFill.length)]!.id)).run();
      } else if (roll < 0.21) {
        setKillSwitch(b.db, "test", new Date(clock));
        expectConsistent(a, b, wide, new Date(clock));
        const stopped = await processCandidate(ctx, candidate({ opportunityId: `stopped-${seed}-${step}`, end: new Date(clock + 600_000), evaluatedAt: new Date(clock) }));
        expect(stopped.kind).toBe("risk_rejected");
        clearKillSwitch(b.db);
      } else if (roll < 0.23) {
        clock += 86_400_000;
      } else if (roll < 0.27) {
        // A transaction on the engine's connection writes, reads its own rows, and rolls back; then
        // the other connection makes the same number of changes (the counter reaches the same value).
        const order = b.db.select().from(orders).get();
        if (order) {
          expect(() =>
            withTransaction(a, (tx) => {
              tx.update(orders).set({ status: "open" }).where(eq(orders.id, order.id)).run();
              expect(view(loadRiskState(a, "paper", wide, new Date(clock)))).toEqual(reference(a, wide, new Date(clock)));
              throw new Error("rolled back");
            }),
          ).toThrow("rolled back");
          b.db.update(orders).set({ status: order.status === "uncertain" ? "filled" : "uncertain" }).where(eq(orders.id, order.id)).run();
        }
      } else {
        const market = Math.floor(random() * 12);
        const tokenId = String(5000 + market * 2 + (random() < 0.5 ? 0 : 1));
        const price = new Decimal(Math.floor(random() * 80) + 10).dividedBy(100);
        books.set(tokenId, { tokenId, asks: [{ price, size: new Decimal(Math.floor(random() * 100) + 5) }], bids: [] });
        await processCandidate(
          ctx,
          candidate({
            opportunityId: `opp-${seed}-${step}`,
            conditionId: `0xc${market}`,
            tokenId,
            limitPrice: price,
            size: new Decimal(Math.floor(random() * 60) + 5),
            feeSchedule: presetSchedule(random() < 0.5 ? "crypto" : "none"),
            end: new Date(clock + 600_000),
            evaluatedAt: new Date(clock),
          }),
        );
      }
      expectConsistent(a, b, wide, new Date(clock));
    }
    expect(b.db.select().from(orders).all().length).toBeGreaterThan(5);
    expect(b.db.select().from(positions).where(eq(positions.status, "settled")).all().length).toBeGreaterThan(0);
  });
});

describe("risk state: the engine's view", () => {
  const book = bookOf([["0.50", "1000"]], "11");
  const twoMarkets = tokenMarkets({ "11": "0xcond1", "12": "0xother" });

  test("two opportunities handed over in the same tick: the second sees the first's reserve", async () => {
    const [a] = twoConnections();
    const lim = baseLimits({ maxTotalExposure: new Decimal("15"), cooldownMs: 0 });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const ctx = paperContext(a, () => book, () => NOW, { limits: lim, markets: tokenMarkets({ "11": "0xm1", "12": "0xm2" }) });
    ctx.venue = { mode: "paper", book: async (tokenId) => (await held, { ...book, tokenId }) };
    // Neither is awaited before the other starts: the first waits for its book with its intent stored.
    const first = processCandidate(ctx, candidate({ opportunityId: "one", conditionId: "0xm1", tokenId: "11", size: new Decimal("20") }));
    const second = processCandidate(ctx, candidate({ opportunityId: "two", conditionId: "0xm2", tokenId: "12", size: new Decimal("20") }));
    release();
    const [one, two] = await Promise.all([first, second]);
    expect(one.kind).toBe("placed");
    if (one.kind !== "placed" || two.kind === "duplicate" || two.kind === "blocked") throw new Error(`unexpected ${two.kind}`);
    expect(two.decision.reasons.map((reason) => reason.code)).toContain("max_total_exposure");
    expect(two.decision.maxCost.plus(one.intent.maxCost).lte(lim.maxTotalExposure)).toBe(true);
  });

  test("a kill switch set by another connection stops the very next order, the cache being current", async () => {
    const [a, b] = twoConnections();
    const ctx = paperContext(a, (tokenId) => ({ ...book, tokenId }), () => NOW, { limits: baseLimits({ cooldownMs: 0 }), markets: twoMarkets });
    expect((await processCandidate(ctx, candidate({ opportunityId: "first", tokenId: "11" }))).kind).toBe("placed");
    setKillSwitch(b.db, "pm-arb stop", NOW);
    const next = await processCandidate(ctx, candidate({ opportunityId: "second", conditionId: "0xother", tokenId: "12" }));
    expect(next.kind).toBe("risk_rejected");
    if (next.kind === "risk_rejected") expect(next.decision.reasons[0]!.code).toBe("kill_switch");
  });

  test("a settlement written by another connection is in the next decision", async () => {
    const [a, b] = twoConnections();
    const lim = baseLimits({ cooldownMs: 0, dailyLossLimit: new Decimal("5") });
    const ctx = paperContext(a, (tokenId) => ({ ...book, tokenId }), () => NOW, { limits: lim, markets: twoMarkets });
    expect((await processCandidate(ctx, candidate({ opportunityId: "first", tokenId: "11", size: new Decimal("20") }))).kind).toBe("placed");
    settlePosition(b.db, b.db.select().from(positions).get()!, false, NOW);
    const next = await processCandidate(ctx, candidate({ opportunityId: "second", conditionId: "0xother", tokenId: "12" }));
    expect(next.kind === "risk_rejected" && next.decision.reasons.some((reason) => reason.code === "daily_loss")).toBe(true);
  });

  test("a write that fails leaves the cache as the store is: rolled back, nothing applied", () => {
    const [a, b] = twoConnections();
    const risk = storeRiskState(a);
    const before = view(risk.load("paper", wide, NOW));
    const planned = planIntent(candidate({ tokenId: "11" }), new Decimal("5"), { mode: "paper", orderType: "FOK" });
    if (!planned.ok) throw new Error(planned.error);
    expect(() =>
      risk.write(
        (tx) => {
          const order = insertIntent(tx, planned.value, NOW);
          setHalt(tx, "paper", "half-written", NOW);
          throw new Error(`failed after writing order ${order.id}`);
        },
        () => [],
      ),
    ).toThrow("failed after writing");
    expect(view(risk.load("paper", wide, NOW))).toEqual(before);
    // The counter moves again from the other connection: the cache follows the store, not the rollback.
    withTransaction(b, (tx) => insertIntent(tx, { ...planned.value, clientOrderId: "0xother", conditionId: "0xelsewhere" }, NOW));
    expectConsistent(a, b, wide, NOW);
  });

  test("a write applied later (deferApply): the next load has its order; another connection's write in between drops the cache instead", () => {
    const [a, b] = twoConnections();
    const risk = storeRiskState(a);
    const planned = planIntent(candidate({ tokenId: "11" }), new Decimal("5"), { mode: "paper", orderType: "FOK" });
    if (!planned.ok) throw new Error(planned.error);
    const intent = (clientOrderId: string, conditionId: string) => ({ ...planned.value, clientOrderId, conditionId });
    risk.load("paper", wide, NOW);
    risk.write((tx) => insertIntent(tx, intent("0xfirst", "0xm1"), NOW), (order) => [order.id], { deferApply: true });
    expect(risk.load("paper", wide, NOW).exposureByMarket.get("0xm1")?.toString()).toBe(planned.value.maxCost.toString());
    expectConsistent(a, b, wide, NOW);
    risk.write((tx) => insertIntent(tx, intent("0xsecond", "0xm2"), NOW), (order) => [order.id], { deferApply: true });
    withTransaction(b, (tx) => insertIntent(tx, intent("0xthird", "0xm3"), NOW));
    const state = risk.load("paper", wide, NOW);
    expect(["0xm1", "0xm2", "0xm3"].map((market) => state.exposureByMarket.get(market)?.toString())).toEqual(Array(3).fill(planned.value.maxCost.toString()));
    expectConsistent(a, b, wide, NOW);
  });

  test("inside another writer's transaction the reader sees its uncommitted rows, and caches none of them", () => {
    const [a, b] = twoConnections();
    const planned = planIntent(candidate({ tokenId: "11" }), new Decimal("5"), { mode: "paper", orderType: "FOK" });
    if (!planned.ok) throw new Error(planned.error);
    loadRiskState(a, "paper", wide, NOW);
    expect(() =>
      withTransaction(a, (tx) => {
        insertIntent(tx, planned.value, NOW);
        expect(loadRiskState(a, "paper", wide, NOW).exposureByMarket.get(planned.value.conditionId)?.toString()).toBe(planned.value.maxCost.toString());
        throw new Error("rolled back");
      }),
    ).toThrow("rolled back");
    // Same number of changes from elsewhere, a different market: the counter is where the rolled-back one was.
    withTransaction(b, (tx) => insertIntent(tx, { ...planned.value, clientOrderId: "0xother", conditionId: "0xelsewhere" }, NOW));
    const state = loadRiskState(a, "paper", wide, NOW);
    expect(state.exposureByMarket.has(planned.value.conditionId)).toBe(false);
    expect(state.exposureByMarket.has("0xelsewhere")).toBe(true);
    expectConsistent(a, b, wide, NOW);
  });

  test("a transaction object is refused with the reason (the reader needs the connection)", () => {
    const [a] = twoConnections();
    expect(() => withTransaction(a, (tx) => loadRiskState(tx, "paper", wide, NOW))).toThrow("not a transaction");
  });
});
