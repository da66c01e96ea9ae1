/**
 * The guardian checks what it is told (issue #12): every kind of self-contradicting opportunity that
 * used to be approved is rejected with its named reason, an honest one (and a scan's own record read
 * back) is approved, and exposure and cooldown count against the market of the token bought.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { stamp } from "../../../core/cli/output.ts";
import { Decimal } from "../../../core/decimal.ts";
import type { TradeCandidate } from "../../../core/model/candidate.ts";
import { presetSchedule } from "../../../core/model/fee-schedule.ts";
import { candidateFromOpportunity } from "../../../core/model/from-opportunity.ts";
import type { BookLevel } from "../../../core/model/market.ts";
import { opportunityRecordSchema } from "../../../core/records/opportunity.ts";
import { examine } from "../../../core/risk/evidence.ts";
import { evaluateRisk, type ReasonCode } from "../../../core/risk/guardian.ts";
import { scanMarkets } from "../../../core/scan/scan.ts";
import { createRng } from "../../../sandbox/rng.ts";
import { book, options, prices, NOW as SCAN_NOW, updown } from "../scan/fixture.ts";
import { candidate, d, KNOWN, level, limits, NOW, riskState } from "../trade/fixtures.ts";

const L = limits();
const codes = (decision: ReturnType<typeof evaluateRisk>) => decision.reasons.filter((reason) => reason.kind === "reject").map((reason) => reason.code);
/** One level of 30 at 0.50 under the crypto schedule: 0.018 of fee a share. */
const FEE_PER_SHARE = d("0.018");

describe("the guardian checks what it is told: each lie rejected with its reason", () => {
  // [lie, overrides, the reason it must carry]
  const lies: [string, Partial<TradeCandidate>, ReasonCode][] = [
    ["net edge 0.5 with fair below the price", { fair: d("0.45"), netEdge: d("0.5") }, "inconsistent_edge"],
    ["fair 1.5 (its net edge consistent with it)", { fair: d("1.5"), netEdge: d("1").minus(FEE_PER_SHARE) }, "fair_out_of_range"],
    ["fair −0.3", { fair: d("-0.3"), netEdge: d("-0.8").minus(FEE_PER_SHARE) }, "fair_out_of_range"],
    ["avg_price above limit_price", { avgPrice: d("0.55") }, "avg_above_limit"],
    ["accepting_orders: false", { acceptingOrders: false }, "not_accepting"],
    ["evaluated_at in 2099", { evaluatedAt: new Date("2099-01-01T00:00:00.000Z") }, "evaluated_in_future"],
    ["a negative price age", { priceAgeMs: -60_000 }, "negative_age"],
    ["a negative book age", { bookAgeMs: -60_000 }, "negative_age"],
    ["limit_price 0.99 against fair 0.35", { limitPrice: d("0.99"), fair: d("0.35") }, "limit_not_below_fair"],
    ["a 5000-digit edge", { netEdge: d("9".repeat(5000)) }, "inconsistent_edge"],
    ["a negative fee rate", { feeSchedule: { ...presetSchedule("crypto"), rate: d("-0.5") } }, "invalid"],
    ["a tick size of 0", { tickSize: d("0") }, "invalid"],
    ["a book age that is not the book's timestamp", { bookTs: new Date(NOW.getTime() - 60_000) }, "inconsistent_age"],
    ["a price age that is not the price's timestamp", { priceTs: new Date(NOW.getTime() - 60_000) }, "inconsistent_age"],
    ["levels that do not add up to the size", { levels: [level("0.50", "3")] }, "inconsistent_levels"],
    ["a level above the limit", { levels: [level("0.50", "20"), level("0.60", "10")] }, "inconsistent_levels"],
  ];
  test.each(lies)("%s", (_, overrides, code) => {
    const decision = evaluateRisk(candidate(overrides), riskState(), L, NOW, KNOWN);
    expect(decision.approved).toBe(false);
    expect(decision.budget.toString()).toBe("0");
    expect(codes(decision)).toContain(code);
    for (const reason of decision.reasons) expect(reason.message.length).toBeLessThan(300);
  });

  test("min_edge judges the net edge the guardian derives, not the one claimed", () => {
    // The record claims 0.05 over a fair that leaves 0.002 after the fee.
    const decision = evaluateRisk(candidate({ fair: d("0.52"), netEdge: d("0.05") }), riskState(), L, NOW, KNOWN);
    expect(codes(decision)).toEqual(["inconsistent_edge", "min_edge"]);
    expect(decision.reasons.find((reason) => reason.code === "min_edge")!.message).toMatch(/^net edge 0\.002 is below/);
  });

  test("ages come from the timestamps and the guardian's clock, not from the record", () => {
    // The record says 200 ms and agrees with its stamps; the stamps are 10 s old now.
    const old = candidate({ evaluatedAt: new Date(NOW.getTime() - 10_000) });
    expect(codes(evaluateRisk(old, riskState(), L, NOW, KNOWN))).toEqual(["stale_price", "stale_book"]);
    // A stamp far ahead of the clock is as doubtful as one far behind it.
    const ahead = candidate({ bookTs: new Date("2099-01-01T00:00:00.000Z"), bookAgeMs: 0 });
    expect(codes(evaluateRisk(ahead, riskState(), L, NOW, KNOWN))).toEqual(["stale_book"]);
    // An unknown price time is too old.
    expect(codes(evaluateRisk(candidate({ priceTs: undefined }), riskState(), L, NOW, KNOWN))).toEqual(["stale_price"]);
  });

  test("a scan's own record, read back, is honest: approved", () => {
    // The example in docs/records.md#opportunity: four levels, ratios rounded to 12 places by the writer.
    const docs = readFileSync(join(import.meta.dir, "..", "..", "..", "docs", "records.md"), "utf8");
    const record = opportunityRecordSchema.parse(JSON.parse(docs.split("\n").find((line) => line.startsWith('{"type":"opportunity"'))!));
    const parsed = candidateFromOpportunity(record);
    if (!parsed.ok) throw new Error(parsed.error);
    const at = new Date("2026-12-31T17:07:20.400Z");
    const decision = evaluateRisk(parsed.value, riskState(), L, at, { market: { ok: true, value: record.condition_id } });
    expect(decision.reasons.filter((reason) => reason.kind === "reject")).toEqual([]);
    expect(decision.approved).toBe(true);
  });
});

describe("the guardian checks what it is told: the market is the token's", () => {
  const REAL = "0xreal";
  const busy = () => riskState({ exposureByMarket: new Map([[REAL, d("50")]]), lastOrderAt: new Map([[REAL, NOW.getTime() - 1_000]]), openTokens: new Set(["other-token"]) });

  test("a condition id claimed for another market's token: rejected, exposure and cooldown counted on the real market", () => {
    // The token belongs to REAL, which is at its exposure limit and in its cooldown; the record names a quiet market.
    const decision = evaluateRisk(candidate({ conditionId: "0xquiet" }), busy(), L, NOW, { market: { ok: true, value: REAL } });
    expect(decision.approved).toBe(false);
    expect(codes(decision)).toEqual(["market_mismatch", "cooldown", "max_market_exposure"]);
    expect(decision.reasons[0]!.message).toContain(`belongs to market ${REAL}, not 0xquiet`);
  });

  test("the token's market, when it is the one claimed, is where exposure and cooldown count", () => {
    const decision = evaluateRisk(candidate({ conditionId: REAL }), busy(), L, NOW, { market: { ok: true, value: REAL } });
    expect(codes(decision)).toEqual(["cooldown", "max_market_exposure"]);
    expect(evaluateRisk(candidate({ conditionId: REAL }), riskState(), L, NOW, { market: { ok: true, value: REAL } }).approved).toBe(true);
  });

  test("a token whose market cannot be established is not traded", () => {
    const decision = evaluateRisk(candidate(), riskState(), L, NOW, { market: { ok: false, error: "markets-by-token: HTTP 404" } });
    expect(codes(decision)).toEqual(["unknown_market"]);
    expect(decision.reasons[0]!.message).toContain("HTTP 404");
  });
});

describe("the guardian checks what it is told: scan's own opportunities hold", () => {
  // Random up/down books walked by the real scan (fair value over several levels, complement legs,
  // every schedule, ticks 0.01 and 0.001), written as records and read back: no check objects.
  test.each([1, 2, 3, 4])("seed %d", (seed) => {
    const random = createRng(seed).next;
    const strategies = new Set<string>();
    let checked = 0;
    for (let i = 0; i < 60; i++) {
      const tick = random() < 0.5 ? d("0.01") : d("0.001");
      const steps = tick.eq("0.01") ? 100 : 1000;
      const ladder = (): BookLevel[] => {
        let at = 1 + Math.floor(random() * (steps - 10));
        return Array.from({ length: 1 + Math.floor(random() * 5) }, () => {
          at = Math.min(steps - 1, at + 1 + Math.floor(random() * 3));
          return { price: tick.times(at), size: new Decimal(Math.floor(1 + random() * 400)).dividedBy(random() < 0.5 ? 1 : 100) };
        });
      };
      const [up, down] = [`${10 + 2 * i}`.padStart(77, "1"), `${11 + 2 * i}`.padStart(77, "2")];
      const schedule = [presetSchedule("crypto"), presetSchedule("legacy-15m"), presetSchedule("none")][Math.floor(random() * 3)]!;
      const market = updown({
        id: `${i}`,
        condition_id: `0x${i.toString(16).padStart(64, "0")}`,
        slug: `btc-${i}`,
        outcomes: [
          { label: "Up", token_id: up },
          { label: "Down", token_id: down },
        ],
        fee: schedule.rate.isZero() ? { status: "disabled" } : { status: "enabled", schedule },
        tick_size: tick,
        books: { [up]: book(up, ladder(), SCAN_NOW - 400), [down]: book(down, ladder(), SCAN_NOW - 300) },
      });
      const spot = new Decimal(97_000 + Math.floor(random() * 400 - 200));
      const spots = prices({ settlement: { price: spot, ts: SCAN_NOW - 700, source: "rtds" }, exchange: { price: spot, ts: SCAN_NOW - 200, source: "binance" }, basis: d("0") });
      const found = scanMarkets([market], spots, { ...options, minEdge: d("0.005") });
      for (const fields of found.opportunities) {
        const record = opportunityRecordSchema.parse(JSON.parse(JSON.stringify(stamp("opportunity", fields, new Date(SCAN_NOW)))));
        const parsed = candidateFromOpportunity(record);
        if (!parsed.ok) throw new Error(parsed.error);
        expect({ id: record.id, problems: examine(parsed.value, new Date(SCAN_NOW + 50)).problems }).toEqual({ id: record.id, problems: [] });
        strategies.add(record.strategy);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect([...strategies].sort()).toEqual(["complement", "fair_value"]);
  });
});
