/**
 * The alerts pm-arb raises, one builder per row of the pilot's table (see types.ts), so the level,
 * the key and the wording are decided in one place. Money arrives as Decimal and leaves as text.
 */
import type { Decimal } from "../decimal.ts";
import type { AlertInput, AlertLevel } from "./types.ts";

type Mode = "paper" | "live";

export function alert(kind: AlertInput["kind"], level: AlertLevel, key: string, title: string, message: string, data: AlertInput["data"]): AlertInput {
  return { kind, level, key, title, message, data };
}

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
    const message = `last heartbeat ${ago(ageMs)} ago${pid ? ` (pid ${pid})` : ""}${lastError ? `; last error: ${lastError}` : ""}. Check the logs and restart it by hand.`;
    return alert("loop_stale", "critical", `loop_stale:${mode}`, `pm-arb ${mode} loop is not running`, message, { mode, heartbeat_age_ms: ageMs, pid: pid ?? null });
  },
  loopCrashed(mode: Mode, error: string): AlertInput {
    return alert("loop_crashed", "critical", `loop_crashed:${mode}`, `pm-arb ${mode} loop crashed`, error, { mode });
  },
  /** The risk guardian halted trading (drawdown or daily loss); a person must re-arm. */
  halted(mode: Mode, reason: string, kind: "drawdown_halt" | "daily_loss_halt"): AlertInput {
    return alert(kind, "critical", `${kind}:${mode}`, `pm-arb ${mode}: trading halted`, `${reason}. Review P&L; pm-arb risk --rearm to resume.`, { mode });
  },
  /** Another process beats the venue heartbeat for this wallet: live trading halted until a person re-arms. */
  foreignHeartbeat(address: string, detail: string): AlertInput {
    const message = `${detail}. Live trading is halted here; stop the other engine, then pm-arb risk --rearm.`;
    return alert("foreign_heartbeat", "critical", `foreign_heartbeat:${address.toLowerCase()}`, "pm-arb live: another engine trades this wallet", message, { address });
  },
  authFailure(venue: string, detail: string): AlertInput {
    return alert("auth_failure", "critical", `auth_failure:${venue}`, `${venue} refused our credentials`, `${detail}. Verify the API key and re-derive it if needed.`, { venue });
  },
  largeLoss(slug: string, pnl: Decimal, threshold: Decimal, mode: Mode): AlertInput {
    const data = { mode, slug, pnl: pnl.toString(), threshold: threshold.toString() };
    return alert("large_loss", "high", `large_loss:${slug}`, `Large loss on ${slug}`, `${money(pnl)} (threshold ${money(threshold.neg())}). Review position sizing.`, data);
  },
  /**
   * An order that did not fill as placed. `uncertain` is no rejection — it may have filled, and
   * reconciliation raises the trade (or the late fill) when it finds it — so it is told as unknown.
   */
  orderUnfilled(status: "rejected" | "failed" | "uncertain", slug: string, reason: string, mode: Mode): AlertInput {
    if (status !== "uncertain") return alerts.orderRejected(slug, reason, mode);
    const message = `${slug}: ${reason}. Nothing more goes to this market until the venue shows what became of it.`;
    return alert("order_uncertain", "high", `order_uncertain:${slug}`, `Order outcome unknown (${mode})`, message, { mode, slug });
  },
  orderRejected(slug: string, reason: string, mode: Mode): AlertInput {
    return alert("order_rejected", "high", `order_rejected:${reason.slice(0, 60)}`, `Order rejected (${mode})`, `${slug}: ${reason}`, { mode, slug });
  },
  /** The venue asked us to wait (429/425 with Retry-After): one alert per hold, not one per held order. */
  venueHold(mode: Mode, hold: { until: string; status: number }, what: string): AlertInput {
    const message = `${what}: no ${mode} order goes to the CLOB before then; orders meanwhile fail closed, nothing sent. Check how fast orders are sent.`;
    return alert("venue_hold", "high", "venue_hold:clob", `CLOB orders on hold until ${hold.until}`, message, { mode, status: hold.status, until: hold.until });
  },
  venueErrors(venue: string, streak: number, last: string): AlertInput {
    return alert("venue_errors", "high", `venue_errors:${venue}`, `${venue}: ${streak} errors in a row`, `last: ${last}. Check rate limits and the venue's status.`, {
      venue,
      streak,
    });
  },
  feedDown(feed: string, reason: string, markets: number): AlertInput {
    const message = `${reason}; ${markets} dependent market(s) are not traded until it is back (fail closed).`;
    return alert("feed_down", "high", `feed_down:${feed}`, `Feed ${feed} is down`, message, { feed, markets });
  },
  feedRestored(feed: string, downMs: number): AlertInput {
    return alert("feed_restored", "low", `feed_restored:${feed}`, `Feed ${feed} is back`, `after ${ago(downMs)}`, { feed, down_ms: downMs });
  },
  killSwitch(reason: string, by: string): AlertInput {
    return alert("kill_switch", "high", "kill_switch", "pm-arb kill switch set", `${reason} (by ${by}); no orders until pm-arb stop --clear`, { by });
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
    const { mode, slug, outcome, side } = input;
    const pnl = input.pnl ?? input.expectedPnl;
    const label = input.pnl ? "P&L" : "expected P&L";
    const message = `${side} ${input.size.toString()} ${outcome} @ ${input.price.toString()}, fee ${money(input.fee)}${pnl ? ` | ${label}: ${money(pnl)}` : ""}`;
    const data = { mode, slug, outcome, side, size: input.size.toString(), price: input.price.toString(), fee: input.fee.toString(), pnl: pnl?.toString() ?? null };
    return alert("trade", "normal", `trade:${input.clientOrderId}`, `Trade (${mode}): ${slug}`, message, data);
  },
  settled({ mode, slug, outcome, pnl, tokenId }: { mode: Mode; slug: string; outcome: string; pnl: Decimal; tokenId: string }): AlertInput {
    return alert("trade", "normal", `settled:${mode}:${tokenId}`, `Settled (${mode}): ${slug}`, `${outcome}: P&L ${money(pnl)}`, { mode, slug, outcome, pnl: pnl.toString() });
  },
  dailySummary(day: string, mode: Mode, text: string, data: Record<string, string | number | boolean | null>): AlertInput {
    return alert("daily_summary", "normal", `daily_summary:${mode}:${day}`, `pm-arb ${mode} daily summary ${day}`, text, { mode, day, ...data });
  },
  loopStarted(mode: Mode, pid: number): AlertInput {
    return alert("loop_started", "low", `loop_started:${mode}:${pid}`, `pm-arb ${mode} loop started`, `pid ${pid}`, { mode, pid });
  },
  loopStopped(mode: Mode, reason: string): AlertInput {
    return alert("loop_stopped", "low", `loop_stopped:${mode}`, `pm-arb ${mode} loop stopped`, reason, { mode });
  },
};
