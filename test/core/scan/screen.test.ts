import { describe, expect, test } from "bun:test";
import { Decimal } from "../../../core/decimal.ts";
import { presetSchedule, type FeeSchedule } from "../../../core/fees/schedule.ts";
import { bookFromRecord } from "../../../core/markets/book-levels.ts";
import type { BookLevel, FeeState, Market } from "../../../core/markets/types.ts";
import { createRng } from "../../../core/sandbox/rng.ts";
import { walkComplement } from "../../../core/scan/complement.ts";
import { priceMarket, type Pricing } from "../../../core/scan/pricing.ts";
import { referenceKey } from "../../../core/scan/reference-price.ts";
import { scanMarkets, type ScanOptions, type ScanPrices } from "../../../core/scan/scan.ts";
import { complementOutOfReach, screenAsk } from "../../../core/scan/screen.ts";
import { levelEdge, walkAsks, type Walk } from "../../../core/scan/walk-book.ts";

const d = (value: string | number) => new Decimal(value);
const rng = createRng(5, "pre-screen");
const pick = <T>(items: readonly T[]): T => items[rng.int(items.length)]!;

const SCHEDULES: FeeSchedule[] = [
  presetSchedule("crypto"),
  presetSchedule("legacy-15m"),
  presetSchedule("none"),
  // A fractional exponent: decimal.js's power, converted.
  { rate: d("0.05"), exponent: d("1.5"), taker_only: true, source: "test" },
  // Beyond the screen's range: always the exact walk.
  { rate: d("0.3"), exponent: d("40"), taker_only: true, source: "test" },
];
const MIN_EDGES = ["0", "0.01", "0.02", "0.03", "0.05", "-0.05", "0.000001"];

const fairText = () => (rng.int(1_000_001) / 1e6).toFixed(6);
const priceText = (tick: number) => (Math.max(1, rng.int(Math.round(1 / tick))) * tick).toFixed(tick < 0.01 ? 3 : 2);
/** A price whose net edge sits exactly on the minimum (fee-free), or right next to it. */
function boundaryPrice(fair: string, minEdge: string): string {
  const exact = d(fair).minus(minEdge);
  return pick([exact, exact.plus("0.000001"), exact.minus("0.000001"), exact.plus("1e-12")]).toString();
}

describe("the pre-screen decides only what the exact walk decides the same way", () => {
  test("an outcome's status at its best ask (random fairs, prices, schedules, minimum edges, boundaries)", () => {
    let decided = 0;
    const N = 10_000;
    for (let i = 0; i < N; i++) {
      const schedule = pick(SCHEDULES);
      const minEdge = pick(MIN_EDGES);
      const fair = fairText();
      const price = rng.int(4) === 0 ? boundaryPrice(fair, minEdge) : priceText(pick([0.01, 0.001]));
      if (!(d(price).gt(0) && d(price).lt(1))) continue;
      const level: BookLevel = { price: d(price), size: d("100") };
      const screened = screenAsk(level, Number(fair), schedule, Number(minEdge));
      const walk = walkAsks([level], { fair: d(fair), schedule, minEdge: d(minEdge), maxSize: d("1000"), tickSize: d("0.001"), minSize: d("1") });
      if (screened) {
        decided++;
        expect({ fair, price, minEdge, schedule: schedule.source, status: screened.status as string }).toEqual({ fair, price, minEdge, schedule: schedule.source, status: walk.status });
        // Never an accepted level rejected.
        expect(walk.status).not.toBe("ok");
      }
    }
    // It is a screen: a good share of random levels (half of them have an edge, a quarter sit on a
    // boundary, a fifth have an out-of-range schedule) are decided without a Decimal.
    expect(decided).toBeGreaterThan(N / 4);
    expect(screenAsk(undefined, 0.5, SCHEDULES[0]!, 0.02)).toEqual({ status: "no_liquidity" });
  });

  test("a complement out of reach is never there", () => {
    for (let i = 0; i < 5_000; i++) {
      const schedule = pick(SCHEDULES);
      const minEdge = pick(MIN_EDGES);
      const a = priceText(0.01);
      const b = rng.int(3) === 0 ? d(1).minus(a).minus(minEdge).toString() : priceText(0.01);
      if (!(d(b).gt(0) && d(b).lt(1))) continue;
      const asksA: BookLevel[] = [{ price: d(a), size: d("50") }];
      const asksB: BookLevel[] = [{ price: d(b), size: d("50") }];
      if (complementOutOfReach(asksA[0], asksB[0], Number(minEdge))) {
        expect({ a, b, minEdge, found: walkComplement(asksA, asksB, { schedule, minEdge: d(minEdge), maxSize: d("1000"), tickSize: d("0.01"), minSize: d("1") }) }).toEqual({ a, b, minEdge, found: undefined });
      }
    }
  });
});

describe("scanMarkets with the pre-screen and exact decimals gives what decimal.js walks give", () => {
  const NOW = Date.UTC(2026, 10, 25, 12, 10, 0);
  const START = Date.UTC(2026, 10, 25, 12, 0, 0);
  const UP = "1".repeat(77);
  const DOWN = "2".repeat(77);
  const ts = new Date(NOW - 500).toISOString();

  function ladder(fair: string, minEdge: string) {
    const tick = pick([0.01, 0.001]);
    const levels = Array.from({ length: rng.int(5) }, () => {
      const price = rng.int(5) === 0 ? boundaryPrice(fair, minEdge) : rng.int(8) === 0 ? pick(["0", "1", "1.5"]) : priceText(tick);
      const size = pick(["0", "3", "10.567", "100", String(rng.int(300)), `${rng.int(50)}.${rng.int(100)}`]);
      return { price, size };
    });
    return levels.sort((x, y) => d(x.price).comparedTo(d(y.price)));
  }

  function market(fee: FeeState, fairUp: string, minEdge: string, i: number): Market {
    const up = bookFromRecord({ token_id: UP, timestamp: ts, bids: [], asks: ladder(fairUp, minEdge) });
    const down = bookFromRecord({ token_id: DOWN, timestamp: ts, bids: [], asks: ladder(d(1).minus(fairUp).toString(), minEdge) });
    return {
      id: String(i),
      condition_id: `0x${"ab".repeat(32)}`,
      slug: `btc-updown-15m-${i}`,
      question: "Bitcoin Up or Down",
      symbol: "BTC",
      kind: "updown",
      window: "15m",
      window_start: START,
      end: START + 900_000,
      resolution: { source: "chainlink", detail: "BTC/USD data stream" },
      outcomes: [
        { label: "Up", token_id: UP },
        { label: "Down", token_id: DOWN },
      ],
      fee,
      tick_size: d(pick(["0.01", "0.001"])),
      min_size: d(pick(["1", "5"])),
      neg_risk: false,
      accepting_orders: true,
      books: { [UP]: up, [DOWN]: down },
    };
  }

  const RANK: Record<Walk["status"], number> = { ok: 0, below_min_size: 1, fee_killed: 2, below_threshold: 3, no_liquidity: 4 };

  /** What the scan must give, from decimal.js walks alone. */
  function reference(m: Market, pricing: Pricing, schedule: FeeSchedule, options: ScanOptions) {
    const walks = m.outcomes.map((outcome, i) => walkAsks(m.books![outcome.token_id]!.asks, { fair: pricing.fairs[i]!, schedule, minEdge: options.minEdge, maxSize: options.maxSize, tickSize: m.tick_size, minSize: m.min_size }));
    const complement = walkComplement(m.books![UP]!.asks, m.books![DOWN]!.asks, { schedule, minEdge: options.minEdge, maxSize: options.maxSize, tickSize: m.tick_size, minSize: m.min_size });
    const opportunities = walks.flatMap((walk, i) => (walk.status === "ok" ? [[m.outcomes[i]!.label, walk.size.toString(), walk.fee.toString(), walk.cost.toString(), walk.limitPrice!.toString(), walk.netEdge!.toDecimalPlaces(12, Decimal.ROUND_HALF_EVEN).toString()]] : []));
    let closest = 0;
    walks.forEach((walk, i) => {
      const best = walks[closest]!;
      if (RANK[walk.status] < RANK[best.status] || (walk.top && best.top && walk.status === best.status && walk.top.netEdge.gt(best.top.netEdge))) closest = i;
    });
    const walk = walks[closest]!;
    return { opportunities, complement: complement ? complement.size.toString() : null, rejected: opportunities.length || complement ? null : { reason: walk.status, outcome: m.outcomes[closest]!.label, net: walk.top ? levelEdge(pricing.fairs[closest]!, walk.top && { price: walk.top.price, size: d(1) }, schedule).netEdge.toString() : null } };
  }

  test("random books, fees, minimum edges and sizes", () => {
    for (let i = 0; i < 2_000; i++) {
      const schedule = pick(SCHEDULES);
      const fee: FeeState = schedule.source === "preset:none" ? { status: "disabled" } : { status: "enabled", schedule };
      const minEdge = pick(MIN_EDGES);
      const options: ScanOptions = { now: NOW, minEdge: d(minEdge), maxSize: d(pick(["1000", "37", "150.5"])), maxPriceAgeMs: 3000, maxBookAgeMs: 5000, minSecondsLeft: 30, complement: true };
      const spot = String(96_700 + rng.int(600));
      const prices: ScanPrices = {
        spot: new Map([["BTC", { settlement: { price: d(spot), ts: NOW - 800, source: "rtds" } }]]),
        vol: new Map([["BTC", { sigma: 0.6, source: "flag" as const, returns: 0 }]]),
        refs: new Map([[referenceKey("BTC", START, "chainlink"), { price: d("97000"), ts: START, source: "settlement" as const, proxy: false }]]),
      };
      const probe = market(fee, "0.5", minEdge, i);
      const pricing = priceMarket(probe, prices, NOW, 3000) as Pricing;
      const m = market(fee, pricing.fairTexts[0]!, minEdge, i);
      const expected = reference(m, pricing, fee.status === "enabled" ? fee.schedule : { ...presetSchedule("none"), source: `gamma:${m.slug}` }, options);
      const result = scanMarkets([m], prices, options);
      const fairValue = result.opportunities.filter((o) => o.strategy === "fair_value");
      const complement = result.opportunities.filter((o) => o.strategy === "complement");
      const rejected = result.rejected[0];
      expect({
        i,
        opportunities: fairValue.map((o) => [o.outcome, o.size, o.fee, o.cost, o.limit_price, o.net_edge]),
        complement: complement[0]?.size ?? null,
        rejected: rejected ? { reason: rejected.reason as string, outcome: rejected.outcome, net: rejected.net_edge === undefined ? null : d(rejected.net_edge).toString() } : null,
      }).toEqual({ i, ...expected, rejected: expected.rejected && { ...expected.rejected, net: expected.rejected.net && d(expected.rejected.net).toDecimalPlaces(12, Decimal.ROUND_HALF_EVEN).toString() } });
    }
  });
});
