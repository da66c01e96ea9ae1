/**
 * Reading upstream JSON lines. Lines a command consumes are validated against their record's
 * schema; records of other known types pass through unchanged so pipelines chain; anything
 * malformed is reported on stderr with its line number and skipped — never a crash.
 *
 * stdin is read in whatever chunks the pipe delivers (up to 64 KiB and more) and split into lines,
 * rather than awaited line by line; a line is still handled as soon as its newline arrives, so a
 * streaming upstream (`prices --stream | …`) flows as before.
 */
import { isatty } from "node:tty";
import type { ZodType } from "zod";
import { parseJson } from "../safe-parse.ts";
import { log } from "./log.ts";

/** A consumed record, its line number and its JSON text. */
export type ConsumedRecord<T> = { line: number; record: T; text: string };

/**
 * A consumed record type's validation for hot paths: `accepts` is a hand-written check that says yes
 * exactly when the schema would (tests hold it to the schema on a corpus of good and bad records);
 * the schema, loaded on first need, words the error for a record `accepts` refuses.
 */
export type RecordCheck<T> = {
  accepts: (value: unknown) => boolean;
  schema: () => ZodType<T> | Promise<ZodType<T>>;
  /**
   * Optional: reads a line of this type in a form it knows without JSON.parse-ing all of it —
   * the record `JSON.parse` would give and `accepts` accept (parts may be read on first access),
   * or undefined for any other line, which then goes the usual way.
   */
  read?: (text: string) => T | undefined;
};

export type StdinOptions<T> = {
  /** Record types this command consumes, each with the schema (or check) that validates it. */
  consumes: Record<string, ZodType<T> | RecordCheck<T>>;
  /** Every record type pm-arb knows; others are reported and skipped. */
  knownTypes: ReadonlySet<string>;
  /** Where records of known but unconsumed types go (usually straight to the output). */
  passThrough: (record: Record<string, unknown>) => void;
  /** Lines to read; defaults to stdin. */
  lines?: AsyncIterable<string>;
  /**
   * The reader needs every record before it acts (scan): read stdin whole, in one read and one
   * decode (~2× faster than chunk by chunk for a 5 MB recording). Streaming readers leave it off.
   */
  wholeStdin?: boolean;
};

/** stdin is not a terminal (a pipe, a file, /dev/null). */
export function stdinIsPiped(): boolean {
  return !isatty(0);
}

/**
 * stdin is fed by something upstream: a pipe, a file or a socket — not a terminal, and not /dev/null
 * (a character device: what systemd, many CI runners and `</dev/null` give a command nothing feeds).
 */
export function stdinIsFed(): boolean {
  try {
    const { fstatSync } = require("node:fs") as typeof import("node:fs");
    const stat = fstatSync(0);
    return stat.isFIFO() || stat.isFile() || stat.isSocket();
  } catch {
    return false;
  }
}

/**
 * The lines of a byte stream (stdin by default), in batches: every complete line of each chunk read.
 * Lines split on "\n" only (a "\r" stays, as with Bun's console reader; readers trim); the text after
 * the last newline is a line of its own at the end.
 */
export async function* lineBatches(stream: ReadableStream<Uint8Array> = Bun.stdin.stream()): AsyncGenerator<string[]> {
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  // Text of the line in progress, kept in pieces so one long line is not copied once per chunk.
  let partial: string[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
      let start = 0;
      let newline = text.indexOf("\n");
      const batch: string[] = [];
      while (newline >= 0) {
        const piece = text.slice(start, newline);
        if (partial.length > 0) {
          partial.push(piece);
          batch.push(partial.join(""));
          partial = [];
        } else batch.push(piece);
        start = newline + 1;
        newline = text.indexOf("\n", start);
      }
      if (start < text.length) partial.push(start === 0 ? text : text.slice(start));
      if (done && partial.length > 0) {
        batch.push(partial.join(""));
        partial = [];
      }
      if (batch.length > 0) yield batch;
      if (done) return;
    }
  } finally {
    reader.releaseLock();
  }
}

/** All of stdin's lines at once, split as `lineBatches` splits them. */
export async function* wholeStdinLines(): AsyncGenerator<string[]> {
  const lines = (await Bun.stdin.text()).split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  if (lines.length > 0) yield lines;
}

async function* single(lines: AsyncIterable<string>): AsyncGenerator<string[]> {
  for await (const line of lines) yield [line];
}

function isCheck<T>(validator: ZodType<T> | RecordCheck<T>): validator is RecordCheck<T> {
  return typeof (validator as RecordCheck<T>).accepts === "function";
}

type Schemas<T> = Map<string, ZodType<T>>;
/** A line whose type's hand-written check refused it, while that type's schema is not loaded yet. */
type NeedsSchema = { needsSchema: string };

/**
 * One line: consumed (returned), passed through, or skipped with a warning (undefined). A check's
 * refusal needs the type's schema to word the error; when it is not loaded yet the caller loads it
 * (`loadSchema`) and reads the line again.
 */
function readLine<T>(raw: string, lineNumber: number, options: StdinOptions<T>, schemas: Schemas<T>): ConsumedRecord<T> | NeedsSchema | undefined {
  const text = raw.trim();
  if (text === "") return undefined;
  for (const type in options.consumes) {
    const validator = options.consumes[type]!;
    const read = isCheck(validator) ? validator.read?.(text) : undefined;
    if (read !== undefined) return { line: lineNumber, record: read, text };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Worded as parseJson words it (only for the rare bad line).
    const json = parseJson(text);
    if (!json.ok) log().warn(`stdin line ${lineNumber}: ${json.error}; skipped`);
    return undefined;
  }
  const type = value && typeof value === "object" && !Array.isArray(value) ? (value as { type?: unknown }).type : undefined;
  if (typeof type !== "string" || !options.knownTypes.has(type)) {
    log().warn(`stdin line ${lineNumber}: unknown record type ${JSON.stringify(type ?? null)}; skipped`);
    return undefined;
  }
  const validator = options.consumes[type];
  if (!validator) {
    options.passThrough(value as Record<string, unknown>);
    return undefined;
  }
  // What the schema accepts, as read (the schema would only drop keys no reader looks at).
  if (isCheck(validator) && validator.accepts(value)) return { line: lineNumber, record: value as T, text };
  const schema = isCheck(validator) ? schemas.get(type) : validator;
  if (!schema) return { needsSchema: type };
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "record";
    log().warn(`stdin line ${lineNumber}: bad ${type} record at ${where}: ${issue?.message ?? "invalid"}; skipped`);
    return undefined;
  }
  return { line: lineNumber, record: parsed.data, text };
}

async function loadSchema<T>(type: string, options: StdinOptions<T>, schemas: Schemas<T>): Promise<void> {
  schemas.set(type, await (options.consumes[type] as RecordCheck<T>).schema());
}

const lineSource = <T>(options: StdinOptions<T>) => (options.lines ? single(options.lines) : options.wholeStdin ? wholeStdinLines() : lineBatches());

/** The records of a batch of lines, handed to `each` in order with pass-through and warnings. */
async function readBatch<T>(batch: readonly string[], firstLine: number, options: StdinOptions<T>, schemas: Schemas<T>, each: (consumed: ConsumedRecord<T>) => void): Promise<void> {
  for (let index = 0; index < batch.length; index++) {
    const raw = batch[index]!;
    let read = readLine(raw, firstLine + index, options, schemas);
    if (read && "needsSchema" in read) {
      await loadSchema(read.needsSchema, options, schemas);
      read = readLine(raw, firstLine + index, options, schemas);
    }
    if (read) each(read as ConsumedRecord<T>);
  }
}

/** The consumed records, each as soon as its line is read, in order with pass-through and warnings. */
export async function* readRecords<T>(options: StdinOptions<T>): AsyncGenerator<ConsumedRecord<T>> {
  let lineNumber = 1;
  const schemas: Schemas<T> = new Map();
  const ready: ConsumedRecord<T>[] = [];
  for await (const batch of lineSource(options)) {
    // Line by line, so that a record is handed on before the next line's pass-through.
    for (const raw of batch) {
      await readBatch([raw], lineNumber++, options, schemas, (consumed) => ready.push(consumed));
      yield* ready.splice(0);
    }
  }
}

/** The same records handed to `each` as read, without a promise per record: for readers of whole inputs (scan). */
export async function eachRecord<T>(options: StdinOptions<T>, each: (consumed: ConsumedRecord<T>) => void): Promise<void> {
  let lineNumber = 1;
  const schemas: Schemas<T> = new Map();
  for await (const batch of lineSource(options)) {
    await readBatch(batch, lineNumber, options, schemas, each);
    lineNumber += batch.length;
  }
}
