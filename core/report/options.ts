/** `pm-arb report` and `pm-arb dashboard` flags → typed options. */
import { isIP } from "node:net";
import { UsageError } from "../cli/errors.ts";
import { type Flags, textFlag } from "../cli/flag-text.ts";
import { decimalFlag, durationFlag } from "../cli/flags.ts";
import type { Mode } from "../store/schema.ts";

/** `replay`: the recording to replay and report on instead of the store (paper, all of it). */
export type ReportOptions = { mode: Mode; since: Date | null; out: string; calibration?: string; replay?: string };

export type DashboardOptions = { mode: Mode; host: string; port: number; refreshMs: number };

function modeFlag(flags: Flags): Mode {
  const mode = textFlag(flags, "mode") ?? "paper";
  if (mode !== "paper" && mode !== "live") throw new UsageError(`--mode must be paper or live; got ${JSON.stringify(mode)}`);
  return mode;
}

/** `--since 24h` (that long before now) or an ISO-8601 time (`2026-05-01`, `2026-05-01T12:00:00Z`). */
function sinceFlag(flags: Flags, now: Date): Date | null {
  const text = textFlag(flags, "since");
  if (text === undefined) return null;
  if (/^\d+(\.\d+)?(ms|s|m|h)$/.test(text.trim())) return new Date(now.getTime() - durationFlag("since", text));
  const iso = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text.trim()) ? Date.parse(text.trim()) : Number.NaN;
  if (Number.isNaN(iso)) throw new UsageError(`--since must be a duration before now such as 24h, or an ISO-8601 time such as 2026-05-01T00:00:00Z; got ${JSON.stringify(text)}`);
  return new Date(iso);
}

/** `loopFlags`: the run loop's flags, which only a replay takes: given without `--replay`, a usage error. */
export function parseReportFlags(flags: Flags, now: Date, loopFlags: readonly string[] = []): ReportOptions {
  const out = textFlag(flags, "out") ?? "report.html";
  if (out.trim() === "") throw new UsageError("--out must name a file");
  const calibration = textFlag(flags, "calibration");
  const replay = textFlag(flags, "replay");
  if (replay !== undefined) {
    if (replay.trim() === "") throw new UsageError("--replay needs a recording directory");
    if (textFlag(flags, "mode") === "live") throw new UsageError("--replay is paper trading on a recording; it takes no --mode live");
    if (textFlag(flags, "since") !== undefined) throw new UsageError("--replay reports the whole recording; it takes no --since");
    if (textFlag(flags, "db") !== undefined) throw new UsageError("--replay reports from a temporary store of its own; it takes no --db");
  } else {
    const stray = loopFlags.find((name) => typeof flags[name] === "string");
    if (stray) throw new UsageError(`--${stray} is a flag of the replayed loop; it goes with --replay DIR`);
  }
  return {
    mode: modeFlag(flags),
    since: sinceFlag(flags, now),
    out,
    ...(calibration !== undefined ? { calibration } : {}),
    ...(replay !== undefined ? { replay } : {}),
  };
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

export const isLoopback = (host: string) => LOOPBACK.has(host) || host.startsWith("127.");

export function parseDashboardFlags(flags: Flags): DashboardOptions {
  const host = textFlag(flags, "host") ?? "127.0.0.1";
  if (host !== "localhost" && isIP(host) === 0) throw new UsageError(`--host must be an IP address to bind to (127.0.0.1, 0.0.0.0, ::) or localhost; got ${JSON.stringify(host)}`);
  const port = decimalFlag("port", textFlag(flags, "port") ?? "8788", { min: 0, max: 65_535 }, "a port from 0 (any free port) to 65535");
  if (!port.isInteger()) throw new UsageError(`--port must be a whole number; got ${port.toString()}`);
  const refresh = textFlag(flags, "refresh");
  const refreshMs = refresh === undefined ? 2000 : durationFlag("refresh", refresh);
  if (refreshMs < 250) throw new UsageError(`--refresh must be at least 250ms; got ${JSON.stringify(refresh)}`);
  return { mode: modeFlag(flags), host, port: port.toNumber(), refreshMs };
}
