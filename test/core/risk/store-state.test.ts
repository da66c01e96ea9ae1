/**
 * The guardian's state as SQL reads it. On random stores built through the real engine (paper
 * fills, FOK/FAK, settlements, marks, pending and uncertain orders, unsettled fills, stops, day
 * changes, realised P&L to the micro-unit, rows of the other mode), written from two connections
 * with rolled-back transactions among them: after every step the read equals a brute-force
 * recomputation from every row of the mode, on either connection. And the reads use indexes only.
 */
import { describe, expect, test } from "bun:test";
import { and, eq, inArray } from "drizzle-orm";
import type { Book } from "../../../core/adapters/polymarket/market-data/token-book.ts";
import { Decimal, ZERO } from "../../../core/decimal.ts";
import { buyCost } from "../../../core/ledger/amounts.ts";
import { planIntent } from "../../../core/ledger/intent.ts";
import { insertIntent, UNRESOLVED, UNSETTLED_FILLS } from "../../../core/ledger/ledger.ts";
import { settlePosition } from "../../../core/ledger/positions.ts";
import { presetSchedule } from "../../../core/model/fee-schedule.ts";
import type { RiskLimits } from "../../../core/risk/limits.ts";
import type { RiskState } from "../../../core/risk/state.ts";
import { clearKillSwitch, getHalt, getHighWaterMark, getKillSwitch, setKillSwitch } from "../../../core/risk/stops.ts";
import { loadRiskState, riskReadPlans, startOfUtcDay } from "../../../core/risk/store-state.ts";
import type { Store } from "../../../core/store/open.ts";
import { fills, orders, positions } from "../../../core/store/schema.ts";
import { withTransaction } from "../../../core/store/tx.ts";
import { processCandidate } from "../../../core/trade/engine.ts";
import { createRng } from "../../../sandbox/rng.ts";
import { tempDb } from "../../helpers/temp.ts";
import { open } from "../store/fixtures.ts";
import { bookOf, paperContext, placed, rejectionCodes, tokenMarkets } from "../trade/engine-helpers.ts";
import { limits as baseLimits, candidate, NOW } from "../trade/fixtures.ts";

/** Two connections to one file: the engine's, and "another process". */
function twoConnections(): [Store, Store] {
  const path = tempDb();
  return [open(path), open(path)];
}

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
  for (const order of all.filter((row) => row.createdAt.getTime() >= now.getTime() - limits.cooldownMs))
    last.set(order.conditionId, Math.max(last.get(order.conditionId) ?? 0, order.createdAt.getTime()));
  for (const order of all.filter((row) => UNRESOLVED.includes(row.status))) hold(order.conditionId, order.tokenId, order.maxCost ?? order.size.times(order.limitPrice).times(2));
  const final = new Map(all.filter((row) => !UNRESOLVED.includes(row.status)).map((row) => [row.id, row]));
  const settling =
    final.size > 0
      ? db
          .select()
          .from(fills)
          .where(and(inArray(fills.orderId, [...final.keys()]), inArray(fills.status, UNSETTLED_FILLS)))
          .all()
      : [];
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

/** The read on either connection equals the reference. */
function expectConsistent(a: Store, b: Store, limits: RiskLimits, now: Date) {
  const read = view(loadRiskState(a.db, "paper", limits, now));
  expect(read).toEqual(reference(a, limits, now));
  expect(view(loadRiskState(b.db, "paper", limits, now))).toEqual(read);
}

const wide = baseLimits({
  bankroll: new Decimal("2000"),
  maxTotalExposure: new Decimal("1500"),
  maxMarketExposure: new Decimal("300"),
  maxOpenPositions: 60,
  cooldownMs: 0,
  dailyLossLimit: new Decimal("500"),
});
/** Limits the reads are compared under: a cooldown, so the newest order per market matters. */
const reading = { ...wide, cooldownMs: 90_000 };

describe("risk state: the SQL read = a recomputation from every row", () => {
  test.each([1, 2, 3, 4, 5, 6])("random store, two connections, seed %i", async (seed) => {
    const random = createRng(seed).next;
    const pick = <T>(rows: T[]) => rows[Math.floor(random() * rows.length)]!;
    const [a, b] = twoConnections();
    const either = () => (random() < 0.5 ? a : b);
    let clock = Date.UTC(2026, 5, 1, 0, 0, 0);
    const books = new Map<string, Book>();
    const open = () => b.db.select().from(positions).where(eq(positions.status, "open")).all();
    /** A random mark on the first open position, written through `store`. */
    const mark = (store: Store, held: { id: number }) => {
      const markPrice = new Decimal(Math.floor(random() * 99) + 1).dividedBy(100);
      store.db.update(positions).set({ markPrice }).where(eq(positions.id, held.id)).run();
    };
    const markets = tokenMarkets(Object.fromEntries(Array.from({ length: 24 }, (_, i) => [String(5000 + i), `0xc${Math.floor(i / 2)}`])));
    // Now and then the other connection writes while an order waits for its book (between the
    // engine's intent and its answer).
    const book = (tokenId: string) => {
      const held = open();
      if (held.length > 0 && random() < 0.3) mark(b, held[0]!);
      return books.get(tokenId)!;
    };
    const ctx = paperContext(a, book, { now: () => new Date(clock), limits: wide, orderType: random() < 0.5 ? "FOK" : "FAK", markets });
    for (let step = 0; step < 150; step++) {
      clock += Math.floor(random() * 60_000);
      const roll = random();
      if (roll < 0.1) {
        const held = open();
        if (held.length > 0) settlePosition(either().db, pick(held), random() < 0.5, new Date(clock));
      } else if (roll < 0.15) {
        const held = open();
        if (held.length > 0) mark(either(), held[0]!);
      } else if (roll < 0.19) {
        // An order still in flight or unknown, and a fill still on its way to settlement (raw writes).
        const some = b.db.select().from(orders).all();
        const anyFill = b.db.select().from(fills).all();
        if (some.length > 0) {
          const [store, status, id] = [either(), random() < 0.5 ? ("pending" as const) : ("uncertain" as const), pick(some).id];
          store.db.update(orders).set({ status }).where(eq(orders.id, id)).run();
        }
        if (anyFill.length > 0) {
          const [store, id] = [either(), pick(anyFill).id];
          store.db.update(fills).set({ status: "matched" }).where(eq(fills.id, id)).run();
        }
      } else if (roll < 0.21) {
        setKillSwitch(b.db, "test", new Date(clock));
        expectConsistent(a, b, reading, new Date(clock));
        const stopped = await processCandidate(ctx, candidate({ opportunityId: `stopped-${seed}-${step}`, end: new Date(clock + 600_000), evaluatedAt: new Date(clock) }));
        expect(stopped.kind).toBe("risk_rejected");
        clearKillSwitch(b.db);
      } else if (roll < 0.23) {
        clock += 86_400_000;
      } else if (roll < 0.26) {
        // Realised P&L to the micro-unit, of either sign, closed at any time around today.
        const held = b.db.select().from(positions).all();
        const cents = Math.floor(random() * 2e8) - 1e8;
        const realisedPnl = new Decimal(cents).dividedBy(10 ** Math.floor(random() * 7));
        const closedAt = random() < 0.2 ? null : new Date(clock - Math.floor(random() * 2 * 86_400_000) + 43_200_000);
        if (held.length > 0) {
          const [store, row] = [either(), pick(held)];
          store.db.update(positions).set({ realisedPnl, closedAt }).where(eq(positions.id, row.id)).run();
        }
      } else if (roll < 0.28) {
        // The other mode's rows count for nothing here.
        const [ten, half, at, clientOrderId] = [new Decimal("10"), new Decimal("0.5"), new Date(clock), `live-${seed}-${step}`];
        const held = { tokenId: `live-${step}`, conditionId: "0xc1", outcome: "Up", size: ten, mode: "live" } as const;
        const [store, status] = [either(), random() < 0.5 ? ("pending" as const) : ("filled" as const)];
        const order = { ...held, clientOrderId, side: "BUY", orderType: "FOK", limitPrice: half, status, maxCost: new Decimal("5.01"), createdAt: at } as const;
        const { id } = store.db.insert(orders).values(order).returning().get();
        either().db.insert(fills).values({ orderId: id, tradeId: clientOrderId, tokenId: held.tokenId, side: "BUY", price: half, size: ten, status: "matched", ts: at }).run();
        const other = either();
        const position = { ...held, cost: new Decimal("5"), status: random() < 0.5 ? "open" : "settled", realisedPnl: new Decimal("-1.25"), closedAt: at } as const;
        other.db.insert(positions).values(position).run();
      } else if (roll < 0.31) {
        // A transaction on the engine's connection writes, reads its own rows, and rolls back.
        const order = b.db.select().from(orders).where(eq(orders.mode, "paper")).get();
        if (order) {
          expect(() =>
            withTransaction(a, (tx) => {
              tx.update(orders).set({ status: "open" }).where(eq(orders.id, order.id)).run();
              expect(view(loadRiskState(tx, "paper", reading, new Date(clock)))).toEqual(reference(a, reading, new Date(clock)));
              throw new Error("rolled back");
            }),
          ).toThrow("rolled back");
        }
      } else {
        const market = Math.floor(random() * 12);
        const tokenId = String(5000 + market * 2 + (random() < 0.5 ? 0 : 1));
        const price = new Decimal(Math.floor(random() * 80) + 10).dividedBy(100);
        books.set(tokenId, { tokenId, asks: [{ price, size: new Decimal(Math.floor(random() * 100) + 5) }], bids: [] });
        const size = new Decimal(Math.floor(random() * 60) + 5);
        const feeSchedule = presetSchedule(random() < 0.5 ? "crypto" : "none");
        const opportunity = { opportunityId: `opp-${seed}-${step}`, conditionId: `0xc${market}`, tokenId, limitPrice: price, size, feeSchedule };
        await processCandidate(ctx, candidate({ ...opportunity, end: new Date(clock + 600_000), evaluatedAt: new Date(clock) }));
      }
      expectConsistent(a, b, reading, new Date(clock));
    }
    expect(b.db.select().from(orders).all().length).toBeGreaterThan(5);
    expect(b.db.select().from(positions).where(eq(positions.status, "settled")).all().length).toBeGreaterThan(0);
  });

  test("realised P&L is summed exactly, to the micro-unit, whatever the count and the sign", () => {
    const [a] = twoConnections();
    const values = ["0.000001", "-0.000001", "0.1", "0.2", "-0.3", "12", "-7.5", "1234567.891234", "-0.05", "0"];
    // Every other one closed today, the rest yesterday.
    const today = (i: number) => i % 2 === 0;
    for (const [i, text] of values.entries()) {
      const closedAt = today(i) ? NOW : new Date(NOW.getTime() - 86_400_000);
      const row = { mode: "paper", tokenId: `t${i}`, conditionId: "0xc", outcome: "Up", status: "settled", realisedPnl: new Decimal(text), closedAt } as const;
      a.db.insert(positions).values(row).run();
    }
    const sum = (texts: string[]) => texts.reduce((total, text) => total.plus(text), ZERO).toString();
    const state = loadRiskState(a.db, "paper", wide, NOW);
    expect(state.realisedPnl.toString()).toBe(sum(values));
    expect(state.realisedPnlToday.toString()).toBe(sum(values.filter((_, i) => today(i))));
  });

  test("every read is an indexed search: no scan, and orders and fills only by more than their mode", () => {
    const [a] = twoConnections();
    for (const [name, plan] of Object.entries(riskReadPlans(a.db))) {
      // Positions by mode alone is the realised P&L's covering index: the one sum over the history.
      const broad = plan.filter((detail) => /^SCAN /.test(detail) || /^SEARCH (orders|fills) .*\(mode=\?\)$/.test(detail));
      expect({ name, broad }).toEqual({ name, broad: [] });
    }
  });
});

describe("risk state: the engine's view", () => {
  const book = bookOf([["0.50", "1000"]], "11");
  const ofToken = (tokenId: string) => ({ ...book, tokenId });
  const twoMarkets = tokenMarkets({ "11": "0xcond1", "12": "0xother" });

  test("two opportunities handed over in the same tick: the second sees the first's reserve", async () => {
    const [a] = twoConnections();
    const lim = baseLimits({ maxTotalExposure: new Decimal("15"), cooldownMs: 0 });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const ctx = paperContext(a, () => book, { limits: lim, markets: tokenMarkets({ "11": "0xm1", "12": "0xm2" }) });
    ctx.venue = {
      mode: "paper",
      book: async (tokenId) => {
        await held;
        return { ...book, tokenId };
      },
    };
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

  test("a kill switch set by another connection stops the very next order, and the rejection stores nothing", async () => {
    const [a, b] = twoConnections();
    const ctx = paperContext(a, ofToken, { limits: baseLimits({ cooldownMs: 0 }), markets: twoMarkets });
    await placed(ctx, candidate({ opportunityId: "first", tokenId: "11" }));
    setKillSwitch(b.db, "pm-arb stop", NOW);
    const next = await processCandidate(ctx, candidate({ opportunityId: "second", conditionId: "0xother", tokenId: "12" }));
    expect(rejectionCodes(next)[0]).toBe("kill_switch");
    expect(a.db.select().from(orders).all()).toHaveLength(1);
  });

  test("a settlement written by another connection is in the next decision", async () => {
    const [a, b] = twoConnections();
    const lim = baseLimits({ cooldownMs: 0, dailyLossLimit: new Decimal("5") });
    const ctx = paperContext(a, ofToken, { limits: lim, markets: twoMarkets });
    await placed(ctx, candidate({ opportunityId: "first", tokenId: "11", size: new Decimal("20") }));
    settlePosition(b.db, b.db.select().from(positions).get()!, false, NOW);
    const next = await processCandidate(ctx, candidate({ opportunityId: "second", conditionId: "0xother", tokenId: "12" }));
    expect(rejectionCodes(next)).toContain("daily_loss");
  });

  test("an order in the market within the cooldown stops the next one, an older one does not", async () => {
    const [a] = twoConnections();
    let clock = NOW.getTime();
    const ctx = paperContext(a, ofToken, { now: () => new Date(clock), limits: baseLimits({ cooldownMs: 30_000 }), markets: twoMarkets });
    await placed(ctx, candidate({ opportunityId: "first", tokenId: "11" }));
    clock += 29_999;
    const soon = await processCandidate(ctx, candidate({ opportunityId: "soon", tokenId: "11", evaluatedAt: new Date(clock) }));
    expect(rejectionCodes(soon)).toEqual(["cooldown"]);
    clock += 1;
    await placed(ctx, candidate({ opportunityId: "later", tokenId: "11", evaluatedAt: new Date(clock) }));
  });

  test("a stop whose stored value is not JSON still stops trading (fail closed)", () => {
    const [a] = twoConnections();
    a.sqlite.run("INSERT INTO state (key, value, updated_at) VALUES ('risk:kill_switch', 'not json', 0), ('risk:halt:paper', '[1', 0)");
    const state = loadRiskState(a.db, "paper", wide, NOW);
    expect(state.killSwitch?.reason).toBe("kill switch set (unreadable value)");
    expect(state.halt?.reason).toBe("halted (unreadable value)");
  });

  test("inside a transaction the read sees its uncommitted rows; after a rollback, none of them", () => {
    const [a, b] = twoConnections();
    const planned = planIntent(candidate({ tokenId: "11" }), new Decimal("5"), { mode: "paper", orderType: "FOK" });
    if (!planned.ok) throw new Error(planned.error);
    expect(() =>
      withTransaction(a, (tx) => {
        insertIntent(tx, planned.value, NOW);
        expect(loadRiskState(tx, "paper", wide, NOW).exposureByMarket.get(planned.value.conditionId)?.toString()).toBe(planned.value.maxCost.toString());
        expect(loadRiskState(a.db, "paper", wide, NOW).exposureByMarket.get(planned.value.conditionId)?.toString()).toBe(planned.value.maxCost.toString());
        throw new Error("rolled back");
      }),
    ).toThrow("rolled back");
    expect(loadRiskState(a.db, "paper", wide, NOW).exposureByMarket.has(planned.value.conditionId)).toBe(false);
    expectConsistent(a, b, wide, NOW);
  });
});
