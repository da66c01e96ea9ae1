/**
 * `pm-arb calibrate` flags → a typed options object — the input (a recording DIR, or the public
 * files) — and the forecasters they ask for: `model` (pm-arb's fair value with its default
 * volatility), the same model with other volatility scales and lookbacks (`model_vol_x<scale>`,
 * `model_vol_<N>m`), and `market` when price histories (or a recording's market channel) are given. By default the alternatives are the default scale a quarter lower (÷1.25) and a
 * quarter higher (×1.25), so the default's choice stays visible in every run.
 */
import { UsageError } from "../cli/errors.ts";
import { textFlag } from "../cli/flag-text.ts";
import { decimalFlag, listFlag } from "../cli/flags.ts";
import { Decimal } from "../decimal.ts";
import { optionalDuration } from "../markets/options.ts";
import { DEFAULT_VOL_FLOOR, DEFAULT_VOL_SCALE, VOL_WINDOW_MINUTES } from "../scan/volatility.ts";
import { parseSymbol } from "../symbols.ts";
import type { ModelForecaster } from "./public-forecasts.ts";

export const DEFAULT_AT_MINUTES = [10, 5, 2, 1];
/** The default alternatives sit this factor either side of the default scale. */
const SCALE_STEP = new Decimal(1.25);
/** Fewer 1-minute closes than this and the estimate is the floor alone (core/scan/volatility.ts wants 10 returns). */
const MIN_LOOKBACK = 11;
const MAX_MINUTES = 1440;

/** What is scored: a `pm-arb record` recording, or public files (`--markets` with `--candles` and/or `--prices-history`). */
export type PublicFiles = { markets: string; candles?: string; pricesHistory?: string };
type CalibrateInput = { recording: string } | PublicFiles;

export type CalibrateOptions = {
  input: CalibrateInput;
  symbol: string;
  atMinutes: number[];
  paired: boolean;
  models: ModelForecaster[];
};

function minutesList(flag: string, text: string, min: number): number[] {
  const values = listFlag(text).map((item) => {
    if (!/^\d{1,4}$/.test(item) || Number(item) < min || Number(item) > MAX_MINUTES)
      throw new UsageError(`--${flag} must list whole minutes from ${min} to ${MAX_MINUTES}, such as 10,5,2,1; got ${JSON.stringify(item)}`);
    return Number(item);
  });
  if (values.length === 0) throw new UsageError(`--${flag} needs at least one value`);
  return [...new Set(values)];
}

function scaleList(text: string): Decimal[] {
  const scales = listFlag(text).map((item) =>
    decimalFlag("vol-scales", item, { min: 0, max: 10, minExclusive: true }, "a list of factors above 0 and at most 10, such as 0.8,1.25"),
  );
  if (scales.length === 0) throw new UsageError("--vol-scales needs at least one value");
  return scales;
}

/** The model forecasters: the default first, then each alternative that differs from it. */
export function modelForecasters(options: { floor: number; spotDelayMs: number; scales?: Decimal[]; lookbacks?: number[] }): ModelForecaster[] {
  const scale = new Decimal(DEFAULT_VOL_SCALE);
  const scales = options.scales ?? [scale.div(SCALE_STEP), scale.times(SCALE_STEP)];
  const model = (name: string, lookbackMinutes: number, factor: Decimal): ModelForecaster => ({
    name,
    vol: { lookbackMinutes, scale: factor.toNumber(), floor: options.floor },
    spotDelayMs: options.spotDelayMs,
  });
  return [
    model("model", VOL_WINDOW_MINUTES, scale),
    ...scales.filter((factor) => !factor.eq(scale)).map((factor) => model(`model_vol_x${factor.toString()}`, VOL_WINDOW_MINUTES, factor)),
    ...(options.lookbacks ?? []).filter((minutes) => minutes !== VOL_WINDOW_MINUTES).map((minutes) => model(`model_vol_${minutes}m`, minutes, scale)),
  ];
}

/** The recording is the positional DIR, as for `backtest DIR`. */
function calibrateInput(flags: Record<string, unknown>): CalibrateInput {
  const recording = textFlag(flags, "dir");
  const markets = textFlag(flags, "markets");
  const candles = textFlag(flags, "candles");
  const pricesHistory = textFlag(flags, "prices-history");
  if (recording !== undefined) {
    if (markets !== undefined || candles !== undefined || pricesHistory !== undefined)
      throw new UsageError("give a recording DIR or public files (--markets, --candles, --prices-history), not both");
    return { recording };
  }
  if (markets === undefined) throw new UsageError("give a recording DIR, or --markets FILE: a JSON array of Gamma /markets rows");
  if (candles === undefined && pricesHistory === undefined) throw new UsageError("give --candles FILE (scores the model), --prices-history DIR (scores the market), or both");
  return { markets, candles, pricesHistory };
}

export function parseCalibrateFlags(flags: Record<string, unknown>): CalibrateOptions {
  const input = calibrateInput(flags);
  const symbol = parseSymbol(textFlag(flags, "symbol") ?? "BTC");
  if (!symbol.ok) throw new UsageError(`--symbol: ${symbol.error}`);
  const floor = textFlag(flags, "vol-floor");
  const scales = textFlag(flags, "vol-scales");
  const lookbacks = textFlag(flags, "vol-lookbacks");
  const spotDelayMs = optionalDuration("spot-delay", flags["spot-delay"] ?? flags.spotDelay) ?? 0;
  if (spotDelayMs > 3_600_000) throw new UsageError("--spot-delay must be at most 1h");
  const atMinutes = textFlag(flags, "at-minutes");
  return {
    input,
    symbol: symbol.value,
    atMinutes: atMinutes === undefined ? DEFAULT_AT_MINUTES : minutesList("at-minutes", atMinutes, 1),
    paired: flags.paired === true,
    // A recording holds the spot the model needs; public data only when --candles is given.
    models:
      "markets" in input && input.candles === undefined
        ? []
        : modelForecasters({
            floor: floor === undefined ? DEFAULT_VOL_FLOOR : decimalFlag("vol-floor", floor, { min: 0, max: 20 }, "an annualised volatility, such as 0.2").toNumber(),
            spotDelayMs,
            scales: scales === undefined ? undefined : scaleList(scales),
            lookbacks: lookbacks === undefined ? undefined : minutesList("vol-lookbacks", lookbacks, MIN_LOOKBACK),
          }),
  };
}
