/**
 * `pm-arb record` flags → typed options. The market filters are `markets`'s own parsers, the
 * sandbox choice `run`'s, so the same flag means the same thing in every command.
 */
import { UsageError } from "../cli/errors.ts";
import { type Flags, textFlag } from "../cli/flag-text.ts";
import { storeFlag } from "../cli/flags.ts";
import { kindsFlag, optionalDuration, symbolsFlag } from "../markets/options.ts";
import type { MarketKind } from "../model/market.ts";
import { parseSandboxChoice, type SandboxChoice } from "../run/options.ts";

/** Smallest `--max-bytes`: room for a few flushes and the closing line. */
const MIN_MAX_BYTES = 4096;

export type RecordOptions = {
  /** The recording directory (created; must not hold a recording already). */
  out?: string;
  durationMs?: number;
  maxBytes?: number;
  symbols: string[];
  kinds: MarketKind[];
  endsWithinMs?: number;
  /** Venue time between discoveries. */
  discoverEveryMs: number;
  sandbox?: SandboxChoice;
  configPath?: string;
  db?: string;
};

const UNITS: Record<string, number> = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** `--max-bytes`: bytes, or with a binary unit: 500M, 2G, 64KiB. */
function byteSizeFlag(flag: string, text: string): number {
  const match = text.trim().match(/^(\d+)\s*([kmgt]?)(?:i?b)?$/i);
  const bytes = match ? Number(match[1]) * UNITS[match[2]!.toLowerCase()]! : Number.NaN;
  if (!Number.isSafeInteger(bytes) || bytes < MIN_MAX_BYTES)
    throw new UsageError(`--${flag} must be a size of at least ${MIN_MAX_BYTES} bytes, such as 500M or 2G; got ${JSON.stringify(text)}`);
  return bytes;
}

export function parseRecordFlags(flags: Flags): RecordOptions {
  const durationMs = optionalDuration("duration", flags.duration);
  if (durationMs !== undefined && durationMs < 1) throw new UsageError("--duration must be longer than 0");
  const discoverEveryMs = optionalDuration("discover-every", flags["discover-every"]) ?? 30_000;
  if (discoverEveryMs < 1_000) throw new UsageError("--discover-every must be at least 1s");
  const maxBytes = textFlag(flags, "max-bytes");
  const out = textFlag(flags, "out");
  if (out !== undefined && out.trim() === "") throw new UsageError("--out must name a directory");
  const sandbox = parseSandboxChoice(flags);
  return {
    ...(out !== undefined ? { out } : {}),
    ...(durationMs !== undefined ? { durationMs } : {}),
    ...(maxBytes !== undefined ? { maxBytes: byteSizeFlag("max-bytes", maxBytes) } : {}),
    symbols: symbolsFlag(flags.symbols),
    kinds: kindsFlag(flags.kinds),
    endsWithinMs: optionalDuration("ends-within", flags["ends-within"]),
    discoverEveryMs,
    ...(sandbox ? { sandbox } : {}),
    ...(textFlag(flags, "config") !== undefined ? { configPath: textFlag(flags, "config") } : {}),
    ...storeFlag(flags),
  };
}
