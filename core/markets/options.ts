/**
 * `pm-arb markets` flags → a typed options object. Shared flag parsers (`--symbols`, `--kinds`,
 * `--at`) are reused by `pm-arb scan`. Bad values are UsageErrors (exit 2) naming the flag.
 */
import { UsageError } from "../cli/errors.ts";
import { type Flags, flagText } from "../cli/flag-text.ts";
import { durationFlag, listFlag } from "../cli/flags.ts";
import { MARKET_KINDS, type Market, type MarketKind } from "../model/market.ts";
import { parseSymbol } from "../symbols.ts";

export type MarketsOptions = ReturnType<typeof marketFilterFlags> & {
  books: boolean;
  depth?: number;
  tagId?: string;
  configPath?: string;
};

export function symbolsFlag(value: unknown): string[] {
  return listFlag(flagText("symbols", value)).map((item) => {
    const parsed = parseSymbol(item);
    if (!parsed.ok) throw new UsageError(`--symbols: ${parsed.error}`);
    return parsed.value;
  });
}

export function kindsFlag(value: unknown): MarketKind[] {
  return listFlag(flagText("kinds", value)).map((item) => {
    const kind = item.toLowerCase();
    if (!(MARKET_KINDS as readonly string[]).includes(kind)) throw new UsageError(`--kinds must list kinds from ${MARKET_KINDS.join(", ")}; got ${JSON.stringify(item)}`);
    return kind as MarketKind;
  });
}

/** `--at`: an ISO-8601 time ("2026-11-25T12:00:00Z") or epoch milliseconds. */
function timeFlag(flag: string, value: unknown): number | undefined {
  const raw = flagText(flag, value);
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  const ms = /^\d{12,14}$/.test(trimmed) ? Number(trimmed) : /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  if (Number.isNaN(ms)) throw new UsageError(`--${flag} must be an ISO-8601 time such as 2026-11-25T12:00:00Z or epoch milliseconds; got ${JSON.stringify(raw)}`);
  return ms;
}

/** A positive whole number flag. */
export function countFlag(flag: string, value: unknown, max = 1_000_000): number | undefined {
  const raw = flagText(flag, value);
  if (raw === undefined) return undefined;
  if (!/^\d{1,7}$/.test(raw.trim()) || Number(raw) < 1 || Number(raw) > max) throw new UsageError(`--${flag} must be a whole number from 1 to ${max}; got ${JSON.stringify(raw)}`);
  return Number(raw);
}

export function optionalDuration(flag: string, value: unknown): number | undefined {
  const raw = flagText(flag, value);
  return raw === undefined ? undefined : durationFlag(flag, raw);
}

/** Which markets (`--symbols`, `--kinds`, `--ends-within`) and as of when (`--at`, ms; undefined = now): markets and scan. */
export function marketFilterFlags(flags: Flags) {
  return {
    symbols: symbolsFlag(flags.symbols),
    kinds: kindsFlag(flags.kinds),
    endsWithinMs: optionalDuration("ends-within", flags["ends-within"] ?? flags.endsWithin),
    at: timeFlag("at", flags.at),
  };
}

export function parseMarketsFlags(flags: Flags): MarketsOptions {
  const depth = countFlag("depth", flags.depth, 1000);
  const books = flags.books === true;
  if (depth !== undefined && !books) throw new UsageError("--depth goes with --books; give --books too");
  const tagId = flagText("tag-id", flags["tag-id"] ?? flags.tagId);
  if (tagId !== undefined && !/^\d{1,12}$/.test(tagId)) throw new UsageError(`--tag-id must be a Gamma tag id (digits); got ${JSON.stringify(tagId)}`);
  return {
    ...marketFilterFlags(flags),
    books,
    depth,
    tagId,
    configPath: flagText("config", flags.config),
  };
}

/** Whether a market is of the symbols and kinds asked for (none: all) and ends within the window asked for, as of `at`. */
export function matchesFilters(
  market: Pick<Market, "symbol" | "kind" | "end">,
  filter: { symbols?: readonly string[]; kinds?: readonly MarketKind[]; endsWithinMs?: number },
  at: number,
): boolean {
  const { symbols, kinds, endsWithinMs } = filter;
  return (
    (!symbols?.length || symbols.includes(market.symbol)) && (!kinds?.length || kinds.includes(market.kind)) && (endsWithinMs === undefined || market.end - at <= endsWithinMs)
  );
}
