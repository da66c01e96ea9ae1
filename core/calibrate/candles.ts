/**
 * Reads spot 1-minute candles from a file in either public format:
 *   - CSV `open_time,open,high,low,close,volume` (a header line optional, further columns ignored,
 *     so Binance's own CSV downloads read too), `open_time` ISO-8601 UTC or epoch ms (or µs, as
 *     Binance's downloads write from 2025);
 *   - Binance `/api/v3/klines` JSON: `[[openTime, "open", "high", "low", "close", "volume", closeTime, …], …]`.
 * Every row is checked by a zod schema; a bad row is reported with its line (CSV) or index (JSON)
 * and skipped. A CSV candle closes at open + 59,999 ms, as Binance stamps a kline's close time.
 */
import { z } from "zod";
import { Decimal } from "../decimal.ts";
import { decimalString, positiveDecimal } from "../records/fields.ts";
import { parseJson } from "../safe-parse.ts";
import type { Candle } from "../scan/reference-price.ts";

const MINUTE_MS = 60_000;

export type CandleFile = { candles: Candle[]; problems: string[] };

const price = positiveDecimal.transform((text) => new Decimal(text));
const volume = decimalString.refine((text) => !text.startsWith("-"), "expected a volume of at least zero");

const openTimeText = z.union(
  [
    z.iso.datetime({ offset: true }).transform((text) => Date.parse(text)),
    z
      .string()
      .regex(/^\d{13}$|^\d{16}$/)
      .transform((digits) => (digits.length === 16 ? Math.floor(Number(digits) / 1000) : Number(digits))),
  ],
  { error: "expected ISO-8601 UTC or epoch milliseconds" },
);

const csvRow = z.tuple([openTimeText, price, price, price, price, volume]).rest(z.string());
const klineRow = z.tuple([z.number().int().nonnegative(), price, price, price, price, volume, z.number().int()]).rest(z.unknown());

/** A candle's own consistency: a whole minute, and high/low bracketing open and close. */
function candleProblem(candle: Candle): string | undefined {
  if (candle.openTime % MINUTE_MS !== 0) return `open time ${new Date(candle.openTime).toISOString()} is not on a whole minute`;
  if (candle.closeTime !== candle.openTime + MINUTE_MS - 1) return "not a 1-minute candle (close time is not open time + 59999 ms)";
  if (candle.high.lt(Decimal.max(candle.open, candle.close)) || candle.low.gt(Decimal.min(candle.open, candle.close))) return "high/low do not bracket open and close";
  return undefined;
}

const COLUMNS = ["open_time", "open", "high", "low", "close", "volume", "close_time"];
const issueText = (error: z.ZodError) => error.issues.map((issue) => `${COLUMNS[Number(issue.path[0])] ?? "row"}: ${issue.message}`).join("; ");

function readCsv(text: string, problems: string[]): Candle[] {
  const candles: Candle[] = [];
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    const fields = line.split(",").map((field) => field.trim());
    if (line.trim() === "" || (index === 0 && fields[0] === "open_time")) continue;
    const parsed = fields.length < 6 ? undefined : csvRow.safeParse(fields);
    if (!parsed?.success) {
      problems.push(`line ${index + 1}: ${parsed ? issueText(parsed.error) : `expected open_time,open,high,low,close,volume; got ${fields.length} field(s)`}`);
      continue;
    }
    const [openTime, open, high, low, close] = parsed.data;
    candles.push({ openTime, open, high, low, close, closeTime: openTime + MINUTE_MS - 1 });
  }
  return candles;
}

function readKlines(body: unknown, problems: string[]): Candle[] {
  if (!Array.isArray(body)) {
    problems.push("expected a JSON array of klines");
    return [];
  }
  const candles: Candle[] = [];
  for (const [index, row] of body.entries()) {
    const parsed = Array.isArray(row) && row.length >= 7 ? klineRow.safeParse(row) : undefined;
    if (!parsed?.success) {
      problems.push(`kline ${index}: ${parsed ? issueText(parsed.error) : "expected an array [openTime, open, high, low, close, volume, closeTime, …]"}`);
      continue;
    }
    const [openTime, open, high, low, close, , closeTime] = parsed.data;
    candles.push({ openTime, open, high, low, close, closeTime });
  }
  return candles;
}

/** Candles sorted by open time, each minute once; what was skipped and why is in `problems`. */
export function readCandles(text: string): CandleFile {
  const problems: string[] = [];
  let rows: Candle[] = [];
  if (!text.trimStart().startsWith("[")) rows = readCsv(text, problems);
  else {
    const json = parseJson(text);
    if (json.ok) rows = readKlines(json.value, problems);
    else problems.push(json.error);
  }
  const byMinute = new Map<number, Candle>();
  for (const candle of rows) {
    const problem = candleProblem(candle);
    const at = new Date(candle.openTime).toISOString();
    if (problem) problems.push(`candle ${at}: ${problem}`);
    else if (byMinute.has(candle.openTime)) problems.push(`candle ${at}: a second candle for the same minute; the first kept`);
    else byMinute.set(candle.openTime, candle);
  }
  return { candles: [...byMinute.values()].sort((a, b) => a.openTime - b.openTime), problems };
}
