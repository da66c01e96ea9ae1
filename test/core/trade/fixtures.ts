/** Shared builders for trade/risk unit tests: a candidate and limits with the pilot's defaults. */
import { Decimal, ZERO } from "../../../core/decimal.ts";
import type { TradeCandidate } from "../../../core/model/candidate.ts";
import { takerFee } from "../../../core/model/fee-quote.ts";
import { presetSchedule } from "../../../core/model/fee-schedule.ts";
import type { RiskLimits } from "../../../core/risk/limits.ts";
import { emptyRiskState, type RiskState } from "../../../core/risk/state.ts";

export const NOW = new Date("2026-06-01T12:00:00.000Z");
export const TOKEN = "71321045679252212594626385532706912750332728571942532289631379312455583992563";
/** The market of TOKEN (what the candidate claims by default). */
export const MARKET = "0xcond1";
/** The venue's answer for TOKEN: its market. */
export const KNOWN = { market: { ok: true as const, value: MARKET } };

export const d = (value: Decimal.Value) => new Decimal(value);
/** One book level, as the candidate lists them. */
export const level = (price: string, size: string) => ({ price: d(price), size: d(size) });

/**
 * An honest candidate: whatever the overrides set, the rest agrees with it — one level at the limit
 * for the whole size (unless `levels` are given), the average price those levels give, a fair that
 * yields `netEdge` after the fee, and price and book timestamps that give the stated ages.
 */
export function candidate(overrides: Partial<TradeCandidate> = {}): TradeCandidate {
  const base = {
    opportunityId: "opp-btc-15m-1",
    conditionId: MARKET,
    outcome: "Up",
    tokenId: TOKEN,
    side: "BUY" as const,
    limitPrice: new Decimal("0.50"),
    size: new Decimal("30"),
    feeSchedule: presetSchedule("crypto"),
    tickSize: new Decimal("0.01"),
    minSize: new Decimal("5"),
    negRisk: false,
    acceptingOrders: true,
    end: new Date(NOW.getTime() + 600_000),
    evaluatedAt: new Date(NOW.getTime() - 100),
    priceAgeMs: 200,
    bookAgeMs: 300,
    netEdge: new Decimal("0.05"),
    ...overrides,
  };
  const levels = overrides.levels ?? [{ price: base.limitPrice, size: base.size }];
  const size = levels.reduce((sum, level) => sum.plus(level.size), ZERO);
  const cost = levels.reduce((sum, level) => sum.plus(level.size.times(level.price)), ZERO);
  const fee = levels.reduce((sum, level) => sum.plus(takerFee(base.feeSchedule, level.price, level.size)), ZERO);
  const avgPrice = overrides.avgPrice ?? (size.gt(ZERO) ? cost.dividedBy(size) : base.limitPrice);
  const fair = overrides.fair ?? (size.gt(ZERO) ? avgPrice.plus(fee.dividedBy(size)).plus(base.netEdge) : base.netEdge);
  const ts = (ageMs: number) => new Date(base.evaluatedAt.getTime() - ageMs);
  return {
    ...base,
    levels,
    cost: overrides.cost ?? cost,
    avgPrice,
    fair,
    priceTs: "priceTs" in overrides ? overrides.priceTs : ts(base.priceAgeMs),
    bookTs: overrides.bookTs ?? ts(base.bookAgeMs),
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

/** The guardian's state with nothing traded under the default limits, with these overrides. */
export const riskState = (overrides: Partial<RiskState> = {}): RiskState => ({ ...emptyRiskState(limits()), ...overrides });
