/** The records a trading session prints (run, backtest), each checked against its schema. */
import { alertRecordSchema } from "../../core/records/alert.ts";
import { decisionRecordSchema } from "../../core/records/decision.ts";
import { fillRecordSchema } from "../../core/records/fill.ts";
import { opportunityRecordSchema } from "../../core/records/opportunity.ts";
import { orderRecordSchema } from "../../core/records/order.ts";
import { statusRecordSchema } from "../../core/records/status.ts";
import { summaryRecordSchema } from "../../core/records/summary.ts";

const SCHEMAS: Record<string, { safeParse(value: unknown): { success: boolean; error?: unknown } }> = {
  opportunity: opportunityRecordSchema,
  decision: decisionRecordSchema,
  order: orderRecordSchema,
  fill: fillRecordSchema,
  alert: alertRecordSchema,
  summary: summaryRecordSchema,
  status: statusRecordSchema,
};

/** Throws at the first record of those types that does not validate; other types are not checked here. */
export function expectValidRecords(lines: Record<string, unknown>[]): void {
  for (const line of lines) {
    const parsed = SCHEMAS[String(line.type)]?.safeParse(line);
    if (parsed && !parsed.success) throw new Error(`${line.type} record does not validate: ${JSON.stringify(parsed.error).slice(0, 400)}`);
  }
}
