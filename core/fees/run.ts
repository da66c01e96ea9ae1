/**
 * `pm-arb fees`: resolve the schedule, quote one price, the grid, or every JSON line on stdin. The
 * venue path is imported only for --token or --market, so the plain quote never loads zod or
 * touches the network.
 */
import { RuntimeFailure } from "../cli/errors.ts";
import { log } from "../cli/log.ts";
import { type RecordEnvelope, stamp } from "../cli/output.ts";
import { Decimal } from "../decimal.ts";
import { type FeeQuote, feeRecordFields, quoteFee } from "../model/fee-quote.ts";
import type { FeeSchedule } from "../model/fee-schedule.ts";
import type { FeeRecord } from "../records/fee.ts";
import { type AnnotateResult, annotateLines } from "./annotate.ts";
import { quoteGrid } from "./grid.ts";
import type { FeesOptions, ScheduleChoice } from "./options.ts";

export type FeesContext = {
  now: () => Date;
  env: Record<string, string | undefined>;
  /** stdin lines; defaults to Bun's line iterator over stdin. */
  lines?: AsyncIterable<string>;
  warn?: (message: string) => void;
};

const defaultFeesContext = (): FeesContext => ({ now: () => new Date(), env: process.env });

/** Shares quoted when --size is not given: 100, the size Polymarket's own fee tables use. */
const DEFAULT_SIZE = new Decimal(100);

async function resolveSchedule(choice: ScheduleChoice, ctx: FeesContext): Promise<FeeSchedule> {
  if (choice.kind === "fixed") return choice.schedule;
  const venue = await import("../adapters/polymarket/market-data/fee-schedule.ts");
  const deps = { urls: venue.serviceUrls(ctx.env) };
  return choice.kind === "token" ? venue.scheduleForToken(choice.tokenId, deps) : venue.scheduleForMarket(choice.slug, deps);
}

export function feeRecord(quote: FeeQuote, now: Date): RecordEnvelope & FeeRecord {
  return stamp("fee", feeRecordFields(quote), now) as RecordEnvelope & FeeRecord;
}

export async function runFees(options: FeesOptions, emit: (record: RecordEnvelope & FeeRecord) => void, ctx: FeesContext = defaultFeesContext()): Promise<void> {
  const schedule = await resolveSchedule(options.schedule, ctx);
  const view = { fair: options.fair, edge: options.edge };
  if (options.mode === "single") {
    const price = options.price!;
    emit(feeRecord(quoteFee({ price, size: options.size ?? DEFAULT_SIZE, schedule, ...view }), ctx.now()));
    return;
  }
  if (options.mode === "grid") {
    for (const quote of quoteGrid(schedule, options.size ?? DEFAULT_SIZE, view)) emit(feeRecord(quote, ctx.now()));
    return;
  }
  const warn = ctx.warn ?? ((message: string) => log().warn(message));
  const result: AnnotateResult = { quoted: 0, skipped: 0 };
  const lines = ctx.lines ?? (console as unknown as AsyncIterable<string>);
  const quotes = annotateLines(lines, { schedule, size: options.size, ...view, warn: (line, reason) => warn(`stdin line ${line}: ${reason}; skipped`) }, result);
  for await (const quote of quotes) emit(feeRecord(quote, ctx.now()));
  if (result.quoted === 0) {
    throw new RuntimeFailure(result.skipped === 0 ? 'stdin held no lines to quote; pipe JSON lines {"price": …, "size": …}' : `no valid line on stdin (${result.skipped} skipped)`);
  }
}
