/**
 * Property: long random streams of opportunities through risk + paper trade, with settlements,
 * kill switches, halts and day changes mixed in. After every step: no limit is exceeded by what
 * actually filled, nothing was placed while a stop was on, and the store's positions equal the sum
 * of its settled fills.
 */
import { describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import type { Book } from "../../../core/adapters/polymarket/market-data/token-book.ts";
import { Decimal, ZERO } from "../../../core/decimal.ts";
import { buyCost } from "../../../core/ledger/amounts.ts";
import { settlePosition } from "../../../core/ledger/positions.ts";
import { presetSchedule } from "../../../core/model/fee-schedule.ts";
import type { RiskLimits } from "../../../core/risk/limits.ts";
import { equity, totalExposure } from "../../../core/risk/state.ts";
import { clearKillSwitch, getHalt, getKillSwitch, rearm, setKillSwitch } from "../../../core/risk/stops.ts";
import { loadRiskState, startOfUtcDay } from "../../../core/risk/store-state.ts";
import { fills, orders, positions } from "../../../core/store/schema.ts";
import { processCandidate } from "../../../core/trade/engine.ts";
import { createRng } from "../../../sandbox/rng.ts";
import { memoryStore, paperContext, tokenMarkets } from "../trade/engine-helpers.ts";
import { d, limits as defaultLimits, candidate as honest } from "../trade/fixtures.ts";

const cents = (n: number) => d(Math.max(1, Math.min(99, Math.round(n)))).dividedBy(100);

async function runStream(seed: number, steps: number, limits: RiskLimits) {
  // The sandbox's seeded generator (mulberry32): the same seed, the same stream.
  const random = createRng(seed).next;
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
  const store = memoryStore();
  let clock = Date.UTC(2026, 5, 1, 0, 0, 0);
  const books = new Map<string, Book>();
  const orderType = random() < 0.5 ? "FOK" : "FAK";
  const schedules = [presetSchedule("crypto"), presetSchedule("legacy-15m"), presetSchedule("none")];
  const markets = Array.from({ length: 14 }, (_, i) => ({ condition: `0xc${i}`, tokens: [`${1000 + 2 * i}`, `${1001 + 2 * i}`], schedule: pick(schedules) }));
  const venueMarkets = tokenMarkets(Object.fromEntries(markets.flatMap((market) => market.tokens.map((token) => [token, market.condition]))));
  const ctx = paperContext(store, (tokenId) => books.get(tokenId)!, { now: () => new Date(clock), limits, orderType, markets: venueMarkets });
  let placed = 0;

  for (let step = 0; step < steps; step++) {
    clock += Math.floor(random() * 20_000);
    const roll = random();
    if (roll < 0.05) {
      // Settle a random open position.
      const open = store.db.select().from(positions).where(eq(positions.status, "open")).all();
      if (open.length > 0) {
        const position = pick(open);
        // Fair-ish odds: a share bought at p wins with probability about p.
        const price = position.size.gt(ZERO) ? position.cost.dividedBy(position.size).toNumber() : 0.5;
        settlePosition(store.db, position, random() < price + 0.03, new Date(clock));
      }
      continue;
    }
    if (getKillSwitch(store.db) && random() < 0.3) clearKillSwitch(store.db);
    else if (roll < 0.06) {
      setKillSwitch(store.db, "property test", new Date(clock));
      continue;
    }
    if (getHalt(store.db, "paper") && random() < 0.2) {
      rearm(store.db, "paper", equity(loadRiskState(store.db, "paper", limits, new Date(clock)), limits), new Date(clock));
      continue;
    }
    if (roll < 0.09) clock = startOfUtcDay(new Date(clock)).getTime() + 86_400_000 + 1000;

    const market = pick(markets);
    const tokenId = pick(market.tokens);
    const limitPrice = cents(5 + random() * 90);
    const asks = Array.from({ length: 1 + Math.floor(random() * 4) }, (_, i) => ({
      price: Decimal.max(d("0.01"), limitPrice.minus(d(i).dividedBy(100))),
      size: d(Math.floor(1 + random() * 80)),
    })).sort((a, b) => a.price.comparedTo(b.price));
    books.set(tokenId, { tokenId, asks: random() < 0.1 ? [] : asks, bids: [] });
    const now = new Date(clock);
    const candidate = honest({
      opportunityId: `opp-${seed}-${step}`,
      conditionId: market.condition,
      outcome: market.tokens.indexOf(tokenId) === 0 ? "Up" : "Down",
      tokenId,
      limitPrice,
      size: d(Math.floor(1 + random() * 120)),
      feeSchedule: market.schedule,
      end: new Date(clock + (random() < 0.05 ? -1 : 1) * 600_000),
      evaluatedAt: new Date(clock - Math.floor(random() * 1000)),
      priceAgeMs: Math.floor(random() * (random() < 0.9 ? 1500 : 5000)),
      bookAgeMs: Math.floor(random() * (random() < 0.9 ? 3000 : 8000)),
      netEdge: d(Math.floor(random() * 90) - 8).dividedBy(1000),
    });

    const before = loadRiskState(store.db, "paper", limits, now);
    const stopped = Boolean(before.killSwitch || before.halt) || before.realisedPnlToday.lte(limits.dailyLossLimit.negated());
    const outcome = await processCandidate(ctx, candidate);
    if (outcome.kind === "placed") {
      placed++;
      // Never placed while a stop was on.
      expect(stopped).toBe(false);
      // What actually filled, fee included, stays inside the per-trade cap and the intent's bound.
      const own = store.db.select().from(fills).where(eq(fills.orderId, outcome.order.id)).all();
      const spent = own.reduce((sum, fill) => sum.plus(buyCost(fill.size, fill.price)).plus(fill.fee), ZERO);
      expect(spent.lte(limits.maxTradeSize)).toBe(true);
      expect(spent.lte(outcome.intent.maxCost)).toBe(true);
    }

    // Limits hold on the store's state after every step.
    const after = loadRiskState(store.db, "paper", limits, now);
    for (const value of after.exposureByMarket.values()) expect(value.lte(limits.maxMarketExposure)).toBe(true);
    expect(totalExposure(after).lte(limits.maxTotalExposure)).toBe(true);
    expect(totalExposure(after).lte(limits.bankroll.plus(after.realisedPnl))).toBe(true);
    expect(after.openTokens.size).toBeLessThanOrEqual(limits.maxOpenPositions);

    // Positions equal the sum of their settled fills.
    const ordered = store.db.select({ id: orders.id, tokenId: orders.tokenId }).from(orders).all();
    const tokenOf = new Map(ordered.map((row) => [row.id, row.tokenId]));
    const sums = new Map<string, { size: Decimal; cost: Decimal; fee: Decimal }>();
    for (const fill of store.db.select().from(fills).where(eq(fills.status, "confirmed")).all()) {
      const token = tokenOf.get(fill.orderId)!;
      const sum = sums.get(token) ?? { size: ZERO, cost: ZERO, fee: ZERO };
      sums.set(token, { size: sum.size.plus(fill.size), cost: sum.cost.plus(buyCost(fill.size, fill.price)), fee: sum.fee.plus(fill.fee) });
    }
    const held = store.db.select().from(positions).all();
    expect(held.length).toBe(sums.size);
    for (const position of held) {
      const sum = sums.get(position.tokenId)!;
      expect(position.size.eq(sum.size) && position.cost.eq(sum.cost) && position.fees.eq(sum.fee)).toBe(true);
    }
  }
  return placed;
}

describe("property: random opportunity streams through risk + paper trade", () => {
  test.each([1, 2, 3, 4, 5, 6])(
    "seed %d: 400 steps, every limit and the ledger invariant hold",
    async (seed) => {
      const tight = seed % 2 === 0;
      const limits = defaultLimits(
        tight
          ? { maxTradeSize: d("7"), maxMarketExposure: d("12"), maxTotalExposure: d("40"), maxOpenPositions: 4, dailyLossLimit: d("15"), maxDrawdown: d("0.15"), cooldownMs: 5_000 }
          : { cooldownMs: 10_000 },
      );
      const placed = await runStream(seed, 400, limits);
      // The stream must actually trade, or the invariants prove nothing.
      expect(placed).toBeGreaterThan(25);
    },
    120_000,
  );
});
