/**
 * Fee quotes for JSON lines on stdin, `{"price", "size", "fair"?}`: a bad line is reported with its
 * line number and skipped. The lines carry no `type`, so this does not go through `readRecords`.
 */
import { type Decimal, ONE, ZERO } from "../decimal.ts";
import { type FeeQuote, quoteFee } from "../model/fee-quote.ts";
import type { FeeSchedule } from "../model/fee-schedule.ts";
import { type Parsed, parseDecimal, parseJson } from "../safe-parse.ts";

export type AnnotateOptions = {
  schedule: FeeSchedule;
  /** Size for lines that carry none; without it such lines are skipped. */
  size?: Decimal;
  fair?: Decimal;
  edge?: Decimal;
  /** Told about every skipped line (1-based line number, reason). */
  warn: (line: number, reason: string) => void;
};

export type AnnotateResult = { quoted: number; skipped: number };

function field(row: Record<string, unknown>, name: string, check: (value: Decimal) => boolean, form: string): Parsed<Decimal | undefined> {
  if (!(name in row) || row[name] === null) return { ok: true, value: undefined };
  const parsed = parseDecimal(row[name]);
  if (!parsed.ok) return { ok: false, error: `${name}: ${parsed.error}` };
  if (!check(parsed.value)) return { ok: false, error: `${name} must be ${form}; got ${parsed.value.toString()}` };
  return { ok: true, value: parsed.value };
}

/** Parses one line into a quote, or explains why it cannot. */
function quoteLine(text: string, options: Omit<AnnotateOptions, "warn">): Parsed<FeeQuote> {
  const json = parseJson(text);
  if (!json.ok) return json;
  const row = json.value;
  if (!row || typeof row !== "object" || Array.isArray(row)) return { ok: false, error: "expected a JSON object with price and size" };
  const record = row as Record<string, unknown>;
  const price = field(record, "price", (p) => p.gt(ZERO) && p.lt(ONE), "strictly between 0 and 1");
  if (!price.ok) return price;
  if (price.value === undefined) return { ok: false, error: "missing price" };
  const size = field(record, "size", (s) => s.gt(ZERO), "greater than 0");
  if (!size.ok) return size;
  const shares = size.value ?? options.size;
  if (shares === undefined) return { ok: false, error: "missing size (or give --size for lines without one)" };
  const fair = field(record, "fair", (f) => f.gte(ZERO) && f.lte(ONE), "from 0 to 1");
  if (!fair.ok) return fair;
  return {
    ok: true,
    value: quoteFee({ price: price.value, size: shares, schedule: options.schedule, fair: fair.value ?? options.fair, edge: fair.value ? undefined : options.edge }),
  };
}

/** Quotes every line, skipping (and reporting) bad ones; blank lines are ignored silently. */
export async function* annotateLines(lines: AsyncIterable<string>, options: AnnotateOptions, result: AnnotateResult): AsyncGenerator<FeeQuote> {
  let lineNumber = 0;
  for await (const raw of lines) {
    lineNumber++;
    const text = raw.trim();
    if (text === "") continue;
    const quote = quoteLine(text, options);
    if (!quote.ok) {
      result.skipped++;
      options.warn(lineNumber, quote.error);
      continue;
    }
    result.quoted++;
    yield quote.value;
  }
}
