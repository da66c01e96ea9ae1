/**
 * The replay's `summary` as a readable report on a terminal (`run --replay` / `backtest` in table
 * mode): the money, the counts, and P&L per series and per symbol. Other records: undefined (the
 * ordinary table row).
 */
import type { RecordEnvelope } from "../cli/output.ts";
import type { SummaryRecord } from "../records/summary.ts";

const row = (label: string, value: string) => `  ${label.padEnd(24)}${value}`;

export function renderReplayReport(record: RecordEnvelope & Record<string, unknown>): string | undefined {
  if (record.type !== "summary" || !record.replay) return undefined;
  const summary = record as unknown as SummaryRecord;
  const replay = summary.replay!;
  const { seen, taken, vanished } = replay.opportunities;
  const lines = [
    `replay ${replay.from} → ${replay.to}  (${replay.lines} lines, ${replay.bad_lines} skipped, latency ${replay.latency_ms} ms)`,
    row("orders", String(summary.orders)),
    row("fills", String(summary.fills)),
    row("fees", summary.fees_paid),
    row("realised P&L", summary.realised_pnl),
    row("hit rate", summary.win_rate === null ? "– (nothing settled)" : `${summary.win_rate} (${summary.wins} won, ${summary.losses} lost)`),
    row("max drawdown", replay.max_drawdown),
    row("opportunities", `${seen} seen, ${taken} taken, ${vanished} vanished within the latency`),
    row("open at the end", `${summary.open_positions} position(s), exposure ${summary.exposure}`),
    row("settled by", `${replay.settled_by.channel} market channel, ${replay.settled_by.gamma} Gamma row(s), ${replay.settled_by.spot} recorded spot`),
  ];
  const table = (title: string, values: Record<string, string>) => {
    const entries = Object.entries(values);
    if (entries.length === 0) return [];
    return [`P&L per ${title}`, ...entries.map(([key, value]) => row(key, value))];
  };
  return [...lines, ...table("series", replay.pnl_by_series), ...table("symbol", replay.pnl_by_symbol)].join("\n");
}
