/**
 * `pm-arb fees` flags → a typed options object. Every bad value is a UsageError (exit 2) naming the
 * flag and the accepted form; numbers go straight from flag text into Decimal.
 */
import { UsageError } from "../cli/errors.ts";
import { type Flags, textFlag } from "../cli/flag-text.ts";
import { decimalFlag, MAX_AMOUNT } from "../cli/flags.ts";
import type { Decimal } from "../decimal.ts";
import { DEFAULT_PRESET, type FeeSchedule, flagSchedule, isPresetName, PRESET_NAMES, presetSchedule } from "../model/fee-schedule.ts";

/** Where the schedule comes from: fixed now, or the market's own, read from the venue. */
export type ScheduleChoice = { kind: "fixed"; schedule: FeeSchedule } | { kind: "token"; tokenId: string } | { kind: "market"; slug: string };

type FeesMode = "single" | "grid" | "stdin";

export type FeesOptions = {
  mode: FeesMode;
  /** Set in "single" mode. */
  price?: Decimal;
  /** Shares; in "stdin" mode only the fallback for lines without a size. */
  size?: Decimal;
  schedule: ScheduleChoice;
  fair?: Decimal;
  edge?: Decimal;
};

export type FeesFlags = Flags;

const FLAG_FORMS = {
  price: "a probability strictly between 0 and 1, such as 0.55",
  size: `a number of shares greater than 0 and at most ${MAX_AMOUNT}, such as 100`,
  rate: "a fee rate from 0 to 1, such as 0.072",
  exponent: "a positive number up to 10, such as 1 or 2",
  fair: "a probability from 0 to 1, such as 0.6",
  edge: "a probability difference from -1 to 1, such as 0.03",
  token: "a CLOB token id (decimal digits, as a string)",
  market: "a market slug such as btc-updown-15m-1767225600",
} as const;

function exclusive(flags: FeesFlags, a: string, b: string): void {
  if (flags[a] !== undefined && flags[b] !== undefined && flags[a] !== false && flags[b] !== false) {
    throw new UsageError(`--${a} and --${b} are mutually exclusive; give one`);
  }
}

function scheduleChoice(flags: FeesFlags): ScheduleChoice {
  exclusive(flags, "token", "market");
  for (const venue of ["token", "market"] as const) {
    for (const fixed of ["schedule", "rate", "exponent"] as const) exclusive(flags, venue, fixed);
  }
  exclusive(flags, "schedule", "rate");
  exclusive(flags, "schedule", "exponent");

  const token = textFlag(flags, "token");
  if (token !== undefined) {
    if (!/^\d{1,100}$/.test(token)) throw new UsageError(`--token must be ${FLAG_FORMS.token}; got ${JSON.stringify(token)}`);
    return { kind: "token", tokenId: token };
  }
  const market = textFlag(flags, "market");
  if (market !== undefined) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,199}$/.test(market)) throw new UsageError(`--market must be ${FLAG_FORMS.market}; got ${JSON.stringify(market)}`);
    return { kind: "market", slug: market };
  }
  const rateText = textFlag(flags, "rate");
  const exponentText = textFlag(flags, "exponent");
  if (rateText !== undefined) {
    const rate = decimalFlag("rate", rateText, { min: 0, max: 1 }, FLAG_FORMS.rate);
    const exponent = exponentText === undefined ? undefined : decimalFlag("exponent", exponentText, { min: 0, max: 10, minExclusive: true }, FLAG_FORMS.exponent);
    return { kind: "fixed", schedule: flagSchedule(rate, exponent) };
  }
  if (exponentText !== undefined) throw new UsageError("--exponent goes with --rate R; give --rate too (or use --schedule)");
  const name = textFlag(flags, "schedule") ?? DEFAULT_PRESET;
  if (!isPresetName(name)) throw new UsageError(`--schedule must be one of ${PRESET_NAMES.join(", ")}; got ${JSON.stringify(name)}`);
  return { kind: "fixed", schedule: presetSchedule(name) };
}

/**
 * Parses the flags; `stdinPiped` decides whether a call without --price or --grid reads stdin. Pass
 * a function to keep it lazy: probing stdin initialises Node's stdin stream, which
 * `--price` and `--grid` never need.
 */
export function parseFeesFlags(flags: FeesFlags, stdinPiped: boolean | (() => boolean)): FeesOptions {
  exclusive(flags, "fair", "edge");
  exclusive(flags, "price", "grid");
  const priceText = textFlag(flags, "price");
  const sizeText = textFlag(flags, "size");
  const fairText = textFlag(flags, "fair");
  const edgeText = textFlag(flags, "edge");
  const options: FeesOptions = {
    mode: priceText !== undefined ? "single" : flags.grid === true ? "grid" : "stdin",
    schedule: scheduleChoice(flags),
  };
  if (priceText !== undefined) options.price = decimalFlag("price", priceText, { min: 0, max: 1, minExclusive: true, maxExclusive: true }, FLAG_FORMS.price);
  if (sizeText !== undefined) options.size = decimalFlag("size", sizeText, { min: 0, max: MAX_AMOUNT, minExclusive: true }, FLAG_FORMS.size);
  if (fairText !== undefined) options.fair = decimalFlag("fair", fairText, { min: 0, max: 1 }, FLAG_FORMS.fair);
  if (edgeText !== undefined) options.edge = decimalFlag("edge", edgeText, { min: -1, max: 1 }, FLAG_FORMS.edge);
  if (options.mode === "stdin" && !(typeof stdinPiped === "function" ? stdinPiped() : stdinPiped)) {
    // `fees --market SLUG` alone shows that market's schedule: across the grid.
    if (options.schedule.kind !== "fixed") options.mode = "grid";
    else throw new UsageError('nothing to quote: give --price P (0 < P < 1), --grid, or pipe JSON lines {"price": …, "size": …} on stdin');
  }
  return options;
}
