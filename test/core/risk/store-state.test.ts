/**
 * The loop's fast risk-state reader gives the same numbers as the guardian's own `loadRiskState`,
 * on random stores built through the real engine (paper fills, FOK/FAK, settlements, marks, pending
 * and uncertain orders, unsettled fills, kill switch, day changes), checked after every step.
 */
import { describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { Decimal } from "../../../core/decimal.ts";
import { presetSchedule } from "../../../core/fees/schedule.ts";
import { settlePosition } from "../../../core/positions/settle.ts";
import type { RiskState } from "../../../core/risk/state.ts";
import { clearKillSwitch, setKillSwitch } from "../../../core/risk/stops.ts";
import { loadRiskState } from "../../../core/risk/store-state.ts";
import { FastRiskState } from "../../../core/run/risk-state.ts";
import { fills, orders, positions } from "../../../core/store/schema.ts";
import type { Book } from "../../../core/trade/book.ts";
import { processCandidate } from "../../../core/trade/engine.ts";
import { memoryStore, paperContext } from "../trade/engine-helpers.ts";
import { candidate, limits as baseLimits } from "../trade/fixtures.ts";

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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

describe("fast risk state = loadRiskState", () => {
  test.each([1, 2, 3, 4])("random store, seed %i", async (seed) => {
    const random = rng(seed);
    const store = memoryStore();
    const fast = new FastRiskState(store.sqlite);
    const limits = baseLimits({ bankroll: new Decimal("2000"), maxTotalExposure: new Decimal("1500"), maxMarketExposure: new Decimal("300"), maxOpenPositions: 60, cooldownMs: 0, dailyLossLimit: new Decimal("500") });
    let clock = Date.UTC(2026, 5, 1, 0, 0, 0);
    const books = new Map<string, Book>();
    const ctx = paperContext(store, (tokenId) => books.get(tokenId)!, () => new Date(clock), { limits, orderType: random() < 0.5 ? "FOK" : "FAK" });
    for (let step = 0; step < 120; step++) {
      clock += Math.floor(random() * 60_000);
      const roll = random();
      if (roll < 0.1) {
        const open = store.db.select().from(positions).where(eq(positions.status, "open")).all();
        if (open.length > 0) settlePosition(store.db, open[Math.floor(random() * open.length)]!, random() < 0.5, new Date(clock));
      } else if (roll < 0.15) {
        const open = store.db.select().from(positions).where(eq(positions.status, "open")).all();
        if (open.length > 0) store.db.update(positions).set({ markPrice: new Decimal(Math.floor(random() * 99) + 1).dividedBy(100) }).where(eq(positions.id, open[0]!.id)).run();
      } else if (roll < 0.18) {
        // An order still in flight or unknown, and a fill still on its way to settlement.
        const some = store.db.select().from(orders).all();
        if (some.length > 0) store.db.update(orders).set({ status: random() < 0.5 ? "pending" : "uncertain" }).where(eq(orders.id, some[Math.floor(random() * some.length)]!.id)).run();
        const anyFill = store.db.select().from(fills).all();
        if (anyFill.length > 0) store.db.update(fills).set({ status: "matched" }).where(eq(fills.id, anyFill[0]!.id)).run();
      } else if (roll < 0.2) {
        setKillSwitch(store.db, "test", new Date(clock));
        expect(view(fast.load(store.db, "paper", limits, new Date(clock)))).toEqual(view(loadRiskState(store.db, "paper", limits, new Date(clock))));
        clearKillSwitch(store.db);
      } else if (roll < 0.22) {
        clock += 86_400_000;
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
      const now = new Date(clock);
      expect(view(fast.load(store.db, "paper", limits, now))).toEqual(view(loadRiskState(store.db, "paper", limits, now)));
    }
    const placed = store.db.select().from(orders).all().length;
    expect(placed).toBeGreaterThan(5);
    store.close();
  });
});
