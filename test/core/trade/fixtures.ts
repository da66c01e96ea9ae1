/** Shared builders for trade/risk unit tests: a candidate and limits with the pilot's defaults. */
import { Decimal } from "../../../core/decimal.ts";
import { presetSchedule } from "../../../core/fees/schedule.ts";
import type { RiskLimits } from "../../../core/risk/limits.ts";
import type { TradeCandidate } from "../../../core/trade/candidate.ts";

export const NOW = new Date("2026-06-01T12:00:00.000Z");
export const TOKEN = "71321045679252212594626385532706912750332728571942532289631379312455583992563";

export function candidate(overrides: Partial<TradeCandidate> = {}): TradeCandidate {
  return {
    opportunityId: "opp-btc-15m-1",
    conditionId: "0xcond1",
    outcome: "Up",
    tokenId: TOKEN,
    side: "BUY",
    limitPrice: new Decimal("0.50"),
    size: new Decimal("30"),
    feeSchedule: presetSchedule("crypto"),
    tickSize: new Decimal("0.01"),
    minSize: new Decimal("5"),
    negRisk: false,
    end: new Date(NOW.getTime() + 600_000),
    evaluatedAt: new Date(NOW.getTime() - 100),
    priceAgeMs: 200,
    bookAgeMs: 300,
    netEdge: new Decimal("0.05"),
    ...overrides,
  };
}

export function limits(overrides: Partial<RiskLimits> = {}): RiskLimits {
  return {
    bankroll: new Decimal("200"),
    maxTradeSize: new Decimal("20"),
    maxMarketExposure: new Decimal("50"),
    maxTotalExposure: new Decimal("150"),
    maxOpenPositions: 10,
    dailyLossLimit: new Decimal("40"),
    maxDrawdown: new Decimal("0.2"),
    minEdge: new Decimal("0.02"),
    maxPriceAgeMs: 3000,
    maxBookAgeMs: 5000,
    cooldownMs: 30000,
    ...overrides,
  };
}
