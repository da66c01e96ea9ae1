/**
 * The alerts pm-arb raises, one builder per row of the pilot's table (see types.ts), so the level,
 * the key and the wording are decided in one place. Money arrives as Decimal and leaves as text.
 */
import type { Decimal } from "../decimal.ts";
import type { AlertInput } from "./types.ts";

type Mode = "paper" | "live";

const money = (value: Decimal) => `${value.isNegative() ? "-" : ""}$${value.abs().toFixed(2)}`;

function ago(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 120 ? `${minutes} min` : `${(minutes / 60).toFixed(1)} h`;
}

export const alerts = {
  /** The watchdog found the heartbeat older than the threshold (the loop cannot report itself). */
  loopStale(mode: Mode, ageMs: number, pid: number | undefined, lastError?: string): AlertInput {
    return {
      kind: "loop_stale",
      level: "critical",
      key: `loop_stale:${mode}`,
      title: `pm-arb ${mode} loop is not running`,
      message: `last heartbeat ${ago(ageMs)} ago${pid ? ` (pid ${pid})` : ""}${lastError ? `; last error: ${lastError}` : ""}. Check the logs and restart it by hand.`,
      data: { mode, heartbeat_age_ms: ageMs, pid: pid ?? null },
    };
  },
  loopCrashed(mode: Mode, error: string): AlertInput {
    return { kind: "loop_crashed", level: "critical", key: `loop_crashed:${mode}`, title: `pm-arb ${mode} loop crashed`, message: error, data: { mode } };
  },
  /** The risk guardian halted trading (drawdown or daily loss); a person must re-arm. */
  halted(mode: Mode, reason: string, kind: "drawdown_halt" | "daily_loss_halt"): AlertInput {
    return {
      kind,
      level: "critical",
      key: `${kind}:${mode}`,
      title: `pm-arb ${mode}: trading halted`,
      message: `${reason}. Review P&L; pm-arb risk --rearm to resume.`,
      data: { mode },
    };
  },
  /** Another process beats the venue heartbeat for this wallet: live trading halted until a person re-arms. */
  foreignHeartbeat(address: string, detail: string): AlertInput {
    return {
      kind: "foreign_heartbeat",
      level: "critical",
      key: `foreign_heartbeat:${address.toLowerCase()}`,
      title: "pm-arb live: another engine trades this wallet",
      message: `${detail}. Live trading is halted here; stop the other engine, then pm-arb risk --rearm.`,
      data: { address },
    };
  },
  authFailure(venue: string, detail: string): AlertInput {
    return {
      kind: "auth_failure",
      level: "critical",
      key: `auth_failure:${venue}`,
      title: `${venue} refused our credentials`,
      message: `${detail}. Verify the API key and re-derive it if needed.`,
      data: { venue },
    };
  },
  largeLoss(slug: string, pnl: Decimal, threshold: Decimal, mode: Mode): AlertInput {
    return {
      kind: "large_loss",
      level: "high",
      key: `large_loss:${slug}`,
      title: `Large loss on ${slug}`,
      message: `${money(pnl)} (threshold ${money(threshold.neg())}). Review position sizing.`,
      data: { mode, slug, pnl: pnl.toString(), threshold: threshold.toString() },
    };
  },
  /**
   * An order that did not fill as placed. `uncertain` is no rejection — it may have filled, and
   * reconciliation raises the trade (or the late fill) when it finds it — so it is told as unknown.
   */
  orderUnfilled(status: "rejected" | "failed" | "uncertain", slug: string, reason: string, mode: Mode): AlertInput {
    if (status !== "uncertain") return alerts.orderRejected(slug, reason, mode);
    return {
      kind: "order_uncertain",
      level: "high",
      key: `order_uncertain:${slug}`,
      title: `Order outcome unknown (${mode})`,
      message: `${slug}: ${reason}. Nothing more goes to this market until the venue shows what became of it.`,
      data: { mode, slug },
    };
  },
  orderRejected(slug: string, reason: string, mode: Mode): AlertInput {
    return {
      kind: "order_rejected",
      level: "high",
      key: `order_rejected:${reason.slice(0, 60)}`,
      title: `Order rejected (${mode})`,
      message: `${slug}: ${reason}`,
      data: { mode, slug },
    };
  },
  /** The venue asked us to wait (429/425 with Retry-After): one alert per hold, not one per held order. */
  venueHold(mode: Mode, hold: { until: string; status: number }, what: string): AlertInput {
    return {
      kind: "venue_hold",
      level: "high",
      key: "venue_hold:clob",
      title: `CLOB orders on hold until ${hold.until}`,
      message: `${what}: no ${mode} order goes to the CLOB before then; orders meanwhile fail closed, nothing sent. Check how fast orders are sent.`,
      data: { mode, status: hold.status, until: hold.until },
    };
  },
  venueErrors(venue: string, streak: number, last: string): AlertInput {
    return {
      kind: "venue_errors",
      level: "high",
      key: `venue_errors:${venue}`,
      title: `${venue}: ${streak} errors in a row`,
      message: `last: ${last}. Check rate limits and the venue's status.`,
      data: { venue, streak },
    };
  },
  feedDown(feed: string, reason: string, markets: number): AlertInput {
    return {
      kind: "feed_down",
      level: "high",
      key: `feed_down:${feed}`,
      title: `Feed ${feed} is down`,
      message: `${reason}; ${markets} dependent market(s) are not traded until it is back (fail closed).`,
      data: { feed, markets },
    };
  },
  feedRestored(feed: string, downMs: number): AlertInput {
    return { kind: "feed_restored", level: "low", key: `feed_restored:${feed}`, title: `Feed ${feed} is back`, message: `after ${ago(downMs)}`, data: { feed, down_ms: downMs } };
  },
  killSwitch(reason: string, by: string): AlertInput {
    return {
      kind: "kill_switch",
      level: "high",
      key: "kill_switch",
      title: "pm-arb kill switch set",
      message: `${reason} (by ${by}); no orders until pm-arb stop --clear`,
      data: { by },
    };
  },
  trade(input: {
    mode: Mode;
    slug: string;
    outcome: string;
    side: string;
    size: Decimal;
    price: Decimal;
    fee: Decimal;
    clientOrderId: string;
    expectedPnl?: Decimal;
    pnl?: Decimal;
  }): AlertInput {
    const pnl = input.pnl ?? input.expectedPnl;
    const label = input.pnl ? "P&L" : "expected P&L";
    return {
      kind: "trade",
      level: "normal",
      key: `trade:${input.clientOrderId}`,
      title: `Trade (${input.mode}): ${input.slug}`,
      message: `${input.side} ${input.size.toString()} ${input.outcome} @ ${input.price.toString()}, fee ${money(input.fee)}${pnl ? ` | ${label}: ${money(pnl)}` : ""}`,
      data: {
        mode: input.mode,
        slug: input.slug,
        outcome: input.outcome,
        side: input.side,
        size: input.size.toString(),
        price: input.price.toString(),
        fee: input.fee.toString(),
        pnl: pnl?.toString() ?? null,
      },
    };
  },
  settled(input: { mode: Mode; slug: string; outcome: string; pnl: Decimal; tokenId: string }): AlertInput {
    return {
      kind: "trade",
      level: "normal",
      key: `settled:${input.mode}:${input.tokenId}`,
      title: `Settled (${input.mode}): ${input.slug}`,
      message: `${input.outcome}: P&L ${money(input.pnl)}`,
      data: { mode: input.mode, slug: input.slug, outcome: input.outcome, pnl: input.pnl.toString() },
    };
  },
  dailySummary(day: string, mode: Mode, text: string, data: Record<string, string | number | boolean | null>): AlertInput {
    return {
      kind: "daily_summary",
      level: "normal",
      key: `daily_summary:${mode}:${day}`,
      title: `pm-arb ${mode} daily summary ${day}`,
      message: text,
      data: { mode, day, ...data },
    };
  },
  loopStarted(mode: Mode, pid: number): AlertInput {
    return { kind: "loop_started", level: "low", key: `loop_started:${mode}:${pid}`, title: `pm-arb ${mode} loop started`, message: `pid ${pid}`, data: { mode, pid } };
  },
  loopStopped(mode: Mode, reason: string): AlertInput {
    return { kind: "loop_stopped", level: "low", key: `loop_stopped:${mode}`, title: `pm-arb ${mode} loop stopped`, message: reason, data: { mode } };
  },
};
