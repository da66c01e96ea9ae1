/**
 * The loop's periodic `summary` record (positions, P&L, equity, drawdown, from the store), and once
 * a day (UTC, venue time) the daily summary alert of the pilot's table.
 */

import { alerts } from "../alerts/catalog.ts";
import type { AlertInput } from "../alerts/types.ts";
import { type RecordEnvelope, stamp } from "../cli/output.ts";
import { Decimal } from "../decimal.ts";
import type { RiskLimits } from "../risk/limits.ts";
import { summaryFields } from "../risk/summary.ts";
import type { Store } from "../store/open.ts";
import type { RunMode } from "./loop-heartbeat.ts";

export type SummaryReportDeps = {
  store: Store;
  mode: RunMode;
  limits: RiskLimits;
  /** `--quiet`: no summary records (the daily alert still goes out). */
  quiet: boolean;
  /** Venue time. */
  now: () => number;
  emit: (record: RecordEnvelope & Record<string, unknown>) => void;
  raise: (alert: AlertInput) => void;
  noteError: (message: string) => void;
};

export class SummaryReport {
  private day?: string;

  constructor(private readonly deps: SummaryReportDeps) {}

  /** Never throws: a store error is noted. */
  write(): void {
    const { deps } = this;
    try {
      const now = new Date(deps.now());
      const fields = summaryFields(deps.store.db, deps.mode, deps.limits, now);
      if (!deps.quiet) deps.emit(stamp("summary", fields, now));
      const day = now.toISOString().slice(0, 10);
      if (this.day !== undefined && this.day !== day) {
        const text = `equity $${new Decimal(fields.equity).toFixed(2)}, realised P&L $${new Decimal(fields.realised_pnl).toFixed(2)} (fees $${new Decimal(fields.fees_paid).toFixed(2)}), ${fields.wins} won / ${fields.losses} lost, ${fields.open_positions} open, drawdown ${new Decimal(fields.drawdown).times(100).toFixed(1)}%${fields.halted ? `; HALTED: ${fields.halt_reason}` : ""}`;
        deps.raise(
          alerts.dailySummary(this.day, deps.mode, text, {
            equity: fields.equity,
            realised_pnl: fields.realised_pnl,
            fees_paid: fields.fees_paid,
            open_positions: fields.open_positions,
            settled_positions: fields.settled_positions,
          }),
        );
      }
      this.day = day;
    } catch (error) {
      deps.noteError(`summary: ${(error as Error).message}`);
    }
  }
}
