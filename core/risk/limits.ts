/**
 * Risk limits as domain values, taken from the configuration (core/config: defaults are the pilot's
 * — bankroll 200, 20 a trade, …). Money in collateral (pUSD), fractions as Decimal, times in ms.
 */
import type { Decimal } from "../decimal.ts";

export type RiskLimits = {
  bankroll: Decimal;
  /** Most collateral one order may commit, fee included. */
  maxTradeSize: Decimal;
  /** Most collateral at risk in one market (condition id), fee included. */
  maxMarketExposure: Decimal;
  /** Most collateral at risk across all markets. */
  maxTotalExposure: Decimal;
  /** Most distinct outcome tokens held or ordered at once. */
  maxOpenPositions: number;
  /** Trading stops for the UTC day once realised P&L today reaches −dailyLossLimit. */
  dailyLossLimit: Decimal;
  /** Fraction of the equity high-water mark; a deeper drawdown halts trading until re-armed. */
  maxDrawdown: Decimal;
  /** Minimum net edge per share (probability points, after the fee). */
  minEdge: Decimal;
  maxPriceAgeMs: number;
  maxBookAgeMs: number;
  /** Minimum time between two orders in the same market. */
  cooldownMs: number;
};

/** The config keys the limits come from (loadConfig's typed values). */
export type RiskConfig = {
  bankroll: Decimal;
  max_trade_size: Decimal;
  max_market_exposure: Decimal;
  max_total_exposure: Decimal;
  max_open_positions: number;
  daily_loss_limit: Decimal;
  max_drawdown: Decimal;
  min_edge: Decimal;
  max_price_age_ms: number;
  max_book_age_ms: number;
  cooldown_ms: number;
};

export function limitsFromConfig(config: RiskConfig): RiskLimits {
  return {
    bankroll: config.bankroll,
    maxTradeSize: config.max_trade_size,
    maxMarketExposure: config.max_market_exposure,
    maxTotalExposure: config.max_total_exposure,
    maxOpenPositions: config.max_open_positions,
    dailyLossLimit: config.daily_loss_limit,
    maxDrawdown: config.max_drawdown,
    minEdge: config.min_edge,
    maxPriceAgeMs: config.max_price_age_ms,
    maxBookAgeMs: config.max_book_age_ms,
    cooldownMs: config.cooldown_ms,
  };
}

/** Limits as printable strings (for `risk --status` and the live start-up banner). */
export function limitsView(limits: RiskLimits): Record<string, string | number> {
  return {
    bankroll: limits.bankroll.toString(),
    max_trade_size: limits.maxTradeSize.toString(),
    max_market_exposure: limits.maxMarketExposure.toString(),
    max_total_exposure: limits.maxTotalExposure.toString(),
    max_open_positions: limits.maxOpenPositions,
    daily_loss_limit: limits.dailyLossLimit.toString(),
    max_drawdown: limits.maxDrawdown.toString(),
    min_edge: limits.minEdge.toString(),
    max_price_age_ms: limits.maxPriceAgeMs,
    max_book_age_ms: limits.maxBookAgeMs,
    cooldown_ms: limits.cooldownMs,
  };
}
