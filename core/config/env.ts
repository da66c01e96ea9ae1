/**
 * How configuration is spelled in the environment: `PM_ARB_<UPPER_KEY>` for every key, plus the
 * pilot's `PAPER_TRADING` kill switch. No zod here, so a last-moment check before an order goes out
 * (`paperTradingForced(process.env)`) costs nothing.
 */
export type Env = Record<string, string | undefined>;

export const ENV_PREFIX = "PM_ARB_";

/** `max_trade_size` → `PM_ARB_MAX_TRADE_SIZE`. */
export function envName(key: string): string {
  return `${ENV_PREFIX}${key.toUpperCase()}`;
}

const FALSE_WORDS = new Set(["false", "0", "no", "off"]);

/**
 * True when `PAPER_TRADING` is set to anything but an explicit false (false/0/no/off). It wins over
 * the config file and every flag, including `--live`; an unreadable value fails safe (paper). The
 * loader additionally rejects unreadable values with a ConfigError.
 */
export function paperTradingForced(env: Env = process.env): boolean {
  const value = env.PAPER_TRADING?.trim().toLowerCase();
  return value !== undefined && value !== "" && !FALSE_WORDS.has(value);
}
