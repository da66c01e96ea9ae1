/**
 * What an alert is: a kind from the pilot's table (live-trading-learnings §8, extended with the
 * feeds and the venue; docs/records.md lists every kind and level), a level, the Pushover priority
 * that level maps to, and a de-duplication key. Plain data; no zod, no I/O.
 */
const ALERT_LEVELS = ["critical", "high", "normal", "low"] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

/** Pushover's scale: -2 lowest, -1 low, 0 normal, 1 high, 2 emergency (acknowledgement required). */
export const PRIORITY_OF: Record<AlertLevel, number> = { critical: 2, high: 1, normal: 0, low: -1 };

const ALERT_KINDS = [
  "loop_stale",
  "loop_crashed",
  "drawdown_halt",
  "daily_loss_halt",
  "foreign_heartbeat",
  "auth_failure",
  "large_loss",
  "order_rejected",
  "order_uncertain",
  "ghost_fill",
  "late_fill",
  "venue_errors",
  "venue_hold",
  "feed_down",
  "feed_restored",
  "kill_switch",
  "trade",
  "daily_summary",
  "loop_started",
  "loop_stopped",
] as const;
type AlertKind = (typeof ALERT_KINDS)[number];

/** An alert as raised, before de-duplication and delivery. */
export type AlertInput = {
  kind: AlertKind;
  level: AlertLevel;
  /**
   * Repeats of the same key inside the de-duplication window are folded into one: an outage that
   * fails a thousand requests sends one alert. Defaults to the kind.
   */
  key?: string;
  title: string;
  message: string;
  /** Small structured details for the record and the webhook (strings for money). */
  data?: Record<string, string | number | boolean | null>;
};

/** What one channel did with one alert. */
export type ChannelResult = { ok: true; attempts: number } | { ok: false; attempts: number; error: string; skipped?: boolean };

/** One alert as delivered to a channel. */
export type AlertMessage = {
  key: string;
  kind: AlertKind;
  level: AlertLevel;
  priority: number;
  title: string;
  message: string;
  /** Repeats folded into this alert since the last one sent under the same key. */
  suppressed: number;
  at: Date;
  data?: Record<string, string | number | boolean | null>;
};

/**
 * A push channel (Pushover, webhook). `send` throws on failure; a `ChannelError` with
 * `retryable: false` (a bad token, a 4xx) is not retried. The alerter does the retrying.
 */
export type AlertChannel = {
  readonly name: string;
  send(message: AlertMessage, signal?: AbortSignal): Promise<void>;
};

export class ChannelError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "ChannelError";
  }
}
