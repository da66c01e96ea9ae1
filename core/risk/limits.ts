/**
 * Risk limits as domain values, taken from the configuration (core/config: defaults are the pilot's
 * — bankroll 200, 20 a trade, …). Money in collateral (pUSD), fractions as Decimal, times in ms.
 */
import type { Config, ConfigKey } from "../config/schema.ts";
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

/** Each limit's config key, in the order `risk --status` and the live banner list them. */
const CONFIG_KEYS = {
  bankroll: "bankroll",
  maxTradeSize: "max_trade_size",
  maxMarketExposure: "max_market_exposure",
  maxTotalExposure: "max_total_exposure",
  maxOpenPositions: "max_open_positions",
  dailyLossLimit: "daily_loss_limit",
  maxDrawdown: "max_drawdown",
  minEdge: "min_edge",
  maxPriceAgeMs: "max_price_age_ms",
  maxBookAgeMs: "max_book_age_ms",
  cooldownMs: "cooldown_ms",
} as const satisfies Record<keyof RiskLimits, ConfigKey>;

export function limitsFromConfig(config: Pick<Config, (typeof CONFIG_KEYS)[keyof RiskLimits]>): RiskLimits {
  return Object.fromEntries(Object.entries(CONFIG_KEYS).map(([limit, key]) => [limit, config[key]])) as RiskLimits;
}

/** Limits by config key, decimals as strings (for `risk --status` and the live start-up banner). */
export function limitsView(limits: RiskLimits): Record<string, string | number> {
  const shown = (value: Decimal | number) => (typeof value === "number" ? value : value.toString());
  return Object.fromEntries(Object.entries(CONFIG_KEYS).map(([limit, key]) => [key, shown(limits[limit as keyof RiskLimits])]));
}
