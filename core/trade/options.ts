/** `pm-arb trade` flags → typed options. The safe behaviour (paper) is what a missing flag means. */
import { UsageError } from "../cli/errors.ts";
import { durationFlag, storeFlag } from "../cli/flags.ts";

export type TradeOptions = {
  /** `--live` was asked for (still subject to PAPER_TRADING and credentials). */
  live: boolean;
  /** FAK instead of FOK. */
  partial: boolean;
  /** How long to follow live fills to settlement after each order. */
  settleTimeoutMs: number;
  /** Per-request timeout for the venue; default: config request_timeout_ms. */
  timeoutMs?: number;
  heartbeatMs: number;
  configPath?: string;
  db?: string;
};

export type TradeFlags = Record<string, unknown>;

const str = (value: unknown) => (typeof value === "string" ? value : undefined);

export function parseTradeFlags(flags: TradeFlags): TradeOptions {
  const live = flags.live === true;
  if (live && flags["dry-run"] === true) throw new UsageError("--live and --dry-run contradict each other; give one (paper is the default)");
  const settle = str(flags["settle-timeout"]);
  const timeout = str(flags.timeout);
  const heartbeat = str(flags.heartbeat);
  const heartbeatMs = heartbeat === undefined ? 5_000 : durationFlag("heartbeat", heartbeat);
  if (heartbeatMs < 500 || heartbeatMs > 9_000) throw new UsageError("--heartbeat must be between 500ms and 9s (the venue cancels resting orders after 10 s without one)");
  return {
    live,
    partial: flags.partial === true,
    settleTimeoutMs: settle === undefined ? 10_000 : durationFlag("settle-timeout", settle),
    ...(timeout !== undefined ? { timeoutMs: Math.max(1, durationFlag("timeout", timeout)) } : {}),
    heartbeatMs,
    ...(str(flags.config) ? { configPath: str(flags.config) } : {}),
    ...storeFlag(flags),
  };
}
