/**
 * `pm-arb scan` flags → a typed options object; defaults for the edge and the ages come from the
 * configuration (`min_edge`, `max_price_age_ms`, `max_book_age_ms`). Numbers go straight from flag
 * text into Decimal; bad values are UsageErrors naming the flag.
 */
import { UsageError } from "../cli/errors.ts";
import { textFlag } from "../cli/flag-text.ts";
import { decimalFlag, MAX_AMOUNT } from "../cli/flags.ts";
import type { Decimal } from "../decimal.ts";
import { countFlag, marketFilterFlags, optionalDuration } from "../markets/options.ts";
import { DEFAULT_VOL_FLOOR } from "./volatility.ts";

const DEFAULT_MAX_SIZE = "1000";
const DEFAULT_MIN_SECONDS_LEFT = 30;
const DEFAULT_DEPTH = 10;

export type ScanCommandOptions = ReturnType<typeof marketFilterFlags> & {
  minEdge: Decimal;
  maxSize: Decimal;
  vol?: Decimal;
  volFloor: number;
  maxPriceAgeMs: number;
  maxBookAgeMs: number;
  minSecondsLeft: number;
  explain: boolean;
  complement: boolean;
  depth: number;
  configPath?: string;
};

export type ScanFlags = Record<string, unknown>;

/** The configuration values scan's defaults come from. */
export type ScanConfig = { min_edge: Decimal; max_price_age_ms: number; max_book_age_ms: number };

export function parseScanFlags(flags: ScanFlags, config: ScanConfig): ScanCommandOptions {
  const minEdge = textFlag(flags, "min-edge");
  const maxSize = textFlag(flags, "max-size");
  const vol = textFlag(flags, "vol");
  const volFloor = textFlag(flags, "vol-floor");
  const minSeconds = textFlag(flags, "min-seconds-left");
  if (minSeconds !== undefined && !/^\d{1,7}$/.test(minSeconds.trim()))
    throw new UsageError(`--min-seconds-left must be a whole number of seconds; got ${JSON.stringify(minSeconds)}`);
  return {
    ...marketFilterFlags(flags),
    minEdge: minEdge === undefined ? config.min_edge : decimalFlag("min-edge", minEdge, { min: -1, max: 1 }, "a net edge per share from -1 to 1, such as 0.02"),
    maxSize: decimalFlag(
      "max-size",
      maxSize ?? DEFAULT_MAX_SIZE,
      { min: 0, max: MAX_AMOUNT, minExclusive: true },
      `a number of shares greater than 0 and at most ${MAX_AMOUNT}, such as 100`,
    ),
    vol: vol === undefined ? undefined : decimalFlag("vol", vol, { min: 0, max: 20, minExclusive: true }, "an annualised volatility above 0, such as 0.6"),
    volFloor: volFloor === undefined ? DEFAULT_VOL_FLOOR : decimalFlag("vol-floor", volFloor, { min: 0, max: 20 }, "an annualised volatility, such as 0.2").toNumber(),
    maxPriceAgeMs: optionalDuration("max-price-age", flags["max-price-age"] ?? flags.maxPriceAge) ?? config.max_price_age_ms,
    maxBookAgeMs: optionalDuration("max-book-age", flags["max-book-age"] ?? flags.maxBookAge) ?? config.max_book_age_ms,
    minSecondsLeft: minSeconds === undefined ? DEFAULT_MIN_SECONDS_LEFT : Number(minSeconds),
    explain: flags.explain === true,
    complement: flags.complement !== false,
    depth: countFlag("depth", flags.depth, 1000) ?? DEFAULT_DEPTH,
    configPath: textFlag(flags, "config"),
  };
}
