/**
 * What the guardian knows about the book of business: money at risk per market, tokens held or on
 * order, realised and unrealised P&L, the equity high-water mark, the last order per market, and
 * the two stops (kill switch, drawdown halt). Loaded from the store (core/risk/store-state.ts) so
 * separate invocations see the same numbers; plain data so tests and `run` can build it directly.
 */
import { type Decimal, ZERO } from "../decimal.ts";
import type { RiskLimits } from "./limits.ts";

/** Money in a record: at most 6 places (the venue's micro-units). */
export const money = (value: Decimal) => value.toDecimalPlaces(6).toString();

export type Stop = { reason: string; since: string };

export type RiskState = {
  /** Collateral at risk per condition id: open positions at cost (fees included), unsettled fills, and orders that may still fill. */
  exposureByMarket: ReadonlyMap<string, Decimal>;
  /** Outcome tokens with an open position or an order that may still fill. */
  openTokens: ReadonlySet<string>;
  /** Realised P&L since the start (fees included). */
  realisedPnl: Decimal;
  /** Realised P&L booked today (UTC). */
  realisedPnlToday: Decimal;
  /** Unrealised P&L at the last mark (0 when never marked). */
  unrealisedPnl: Decimal;
  /** Highest equity seen since the last re-arm (starts at the bankroll). */
  highWaterMark: Decimal;
  /** Last order time (ms) per condition id: of the orders within the cooldown (older ones cannot stop an order). */
  lastOrderAt: ReadonlyMap<string, number>;
  killSwitch?: Stop;
  halt?: Stop;
};

export function emptyRiskState(limits: RiskLimits): RiskState {
  return {
    exposureByMarket: new Map(),
    openTokens: new Set(),
    realisedPnl: ZERO,
    realisedPnlToday: ZERO,
    unrealisedPnl: ZERO,
    highWaterMark: limits.bankroll,
    lastOrderAt: new Map(),
  };
}

export function totalExposure(state: RiskState): Decimal {
  let sum = ZERO;
  for (const value of state.exposureByMarket.values()) sum = sum.plus(value);
  return sum;
}

export function equity(state: RiskState, limits: RiskLimits): Decimal {
  return limits.bankroll.plus(state.realisedPnl).plus(state.unrealisedPnl);
}

/** Fraction below the high-water mark (0 at or above it). */
export function drawdown(state: RiskState, limits: RiskLimits): Decimal {
  const hwm = state.highWaterMark;
  const current = equity(state, limits);
  if (!hwm.gt(ZERO) || current.gte(hwm)) return ZERO;
  return hwm.minus(current).dividedBy(hwm);
}

/** Collateral not committed: bankroll plus realised P&L minus what is at risk (`total`, when the caller has it). */
export function availableCash(state: RiskState, limits: RiskLimits, total: Decimal = totalExposure(state)): Decimal {
  return limits.bankroll.plus(state.realisedPnl).minus(total);
}
