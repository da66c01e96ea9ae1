/**
 * `run` (and the demo) on a terminal: one short line per order, settlement and alert that needs a
 * person, above a status block redrawn in place — time, feeds, markets watched, opportunities,
 * orders, P&L. Piped, or with --json, stdout stays the JSON lines it always was (this file is not
 * used); `--table` keeps the tables.
 *
 * What is shown is computed by two pure functions, `statusLines` (a snapshot → the block) and
 * `eventLine` (a record → its line, or nothing), so it is tested without a terminal. `LiveView`
 * only draws: the block is erased before anything else is written (event lines, log lines through
 * core/cli/log.ts's overlay) and drawn again after.
 */
import { isatty } from "node:tty";
import { setOverlay } from "../cli/log.ts";
import type { RecordEnvelope } from "../cli/output.ts";
import { Decimal } from "../decimal.ts";
import type { SummaryFields } from "../risk/summary.ts";
import type { FeedHealth, HeartbeatValue, RunMode } from "./loop-heartbeat.ts";

type AnyRecord = RecordEnvelope & Record<string, unknown>;

/** What the block shows, read from the loop (RunLoop.snapshot). */
export type LiveSnapshot = {
  mode: RunMode;
  /** Venue time (ms): the sandbox runs faster than the wall clock. */
  venueNow: number;
  speed: number;
  /** Real time since the loop started (ms). */
  upMs: number;
  markets: number;
  feeds: Record<string, FeedHealth>;
  counts: HeartbeatValue["counts"];
  /** From the store; undefined when it could not be read. */
  pnl?: Pick<SummaryFields, "bankroll" | "equity" | "realised_pnl" | "unrealised_pnl" | "fees_paid" | "open_positions">;
};

/** Whether `run` draws the live view: stdout is a terminal and neither --json nor --table was asked for. */
export function wantsLiveView(flags: { json?: boolean; table?: boolean }, isTerminal: (fd: number) => boolean = isatty): boolean {
  return !flags.json && !flags.table && isTerminal(1);
}

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);
/** Money for a person: two decimals, signed or not (the records keep every digit). */
export const money = (value: unknown) => new Decimal(String(value)).toFixed(2);
export const signed = (value: unknown) => {
  const amount = new Decimal(String(value));
  return `${amount.isNegative() ? "-" : "+"}${amount.abs().toFixed(2)}`;
};
const shares = (value: unknown) => new Decimal(String(value)).toDecimalPlaces(2).toString();

function uptime(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}`;
}

/** The status block: three lines, each cut to `width` so that the terminal never wraps them. */
export function statusLines(snapshot: LiveSnapshot, width = 120): string[] {
  const feeds = Object.entries(snapshot.feeds)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, health]) => `${name.replace(/^spot:/, "")} ${health.status === "up" ? "up" : health.status.toUpperCase()}`);
  const speed = snapshot.speed > 1 ? ` (${snapshot.speed}x)` : "";
  const { counts, pnl } = snapshot;
  const pnlText = pnl
    ? `P&L ${signed(pnl.realised_pnl)} realised, ${signed(pnl.unrealised_pnl)} unrealised, fees ${money(pnl.fees_paid)} · equity ${money(pnl.equity)} (${pnl.open_positions} open)`
    : "P&L unavailable";
  const lines = [
    `── pm-arb ${snapshot.mode} · ${clock(snapshot.venueNow)} venue time${speed} · up ${uptime(snapshot.upMs)}`,
    `   feeds: ${feeds.join(", ") || "starting"} · ${snapshot.markets} markets watched`,
    `   ${counts.opportunities} opportunities · ${counts.orders} orders (${counts.fills} fills) · ${counts.settled} settled · ${pnlText}`,
  ];
  return lines.map((line) => (line.length > width ? `${line.slice(0, Math.max(0, width - 1))}…` : line));
}

/** One short line for an order, a settlement or an alert a person should see; undefined for the rest. */
export function eventLine(record: AnyRecord): string | undefined {
  const at = clock(Date.parse(record.ts));
  if (record.type === "order") {
    const what = `${record.side} ${record.outcome} ${record.slug ?? record.condition_id}`;
    if (record.status === "filled" || record.status === "partial")
      return `${at} ${record.status} ${what}: ${shares(record.filled_size)} @ ${record.avg_price ?? record.limit_price}, cost ${money(record.cost)} + fee ${money(record.fee)}`;
    return `${at} ${record.status} ${what}: ${shares(record.size)} @ ≤${record.limit_price}${record.reason ? ` — ${record.reason}` : ""}`;
  }
  if (record.type !== "alert") return undefined;
  const data = (record.data ?? {}) as Record<string, unknown>;
  if (String(record.key).startsWith("settled:")) return `${at} settled ${data.slug}: ${data.outcome}, P&L ${signed(data.pnl)}`;
  if (record.level === "high" || record.level === "critical") return `${at} ALERT ${record.title}: ${record.message}`;
  return undefined;
}

/** Draws event lines and the block on `out` (a terminal); `snapshot` is read at each redraw. */
export class LiveView {
  private drawn = 0;
  private timer?: ReturnType<typeof setInterval>;
  private snapshot?: () => LiveSnapshot | undefined;

  constructor(private readonly out: { write(text: string): unknown; columns?: number }) {}

  /** Starts redrawing the block every second from `snapshot`; log lines go above it meanwhile. */
  watch(snapshot: () => LiveSnapshot | undefined): void {
    this.snapshot = snapshot;
    setOverlay({ clear: () => this.clear(), redraw: () => this.draw() });
    this.timer = setInterval(() => {
      this.clear();
      this.draw();
    }, 1_000);
    this.draw();
  }

  /** A record the loop emitted: its line, if it has one, above the block. */
  record(record: AnyRecord): void {
    const line = eventLine(record);
    if (line === undefined) return;
    this.clear();
    this.out.write(`${line}\n`);
    this.draw();
  }

  /** The block is drawn once more and stays on screen as the final status (idempotent). */
  stop(): void {
    if (!this.snapshot) return;
    clearInterval(this.timer);
    setOverlay(undefined);
    this.clear();
    this.draw();
    this.drawn = 0;
    this.snapshot = undefined;
  }

  private clear(): void {
    if (this.drawn > 0) this.out.write(`\x1b[${this.drawn}A\r\x1b[J`);
    this.drawn = 0;
  }

  private draw(): void {
    const snapshot = this.drawn === 0 ? this.snapshot?.() : undefined;
    if (!snapshot) return;
    const lines = statusLines(snapshot, this.out.columns || 120);
    this.out.write(`${lines.join("\n")}\n`);
    this.drawn = lines.length;
  }
}
