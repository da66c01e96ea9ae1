/**
 * Reading upstream JSON lines. Lines a command consumes are parsed (`JSON.parse`) and validated
 * against their record's zod schema; records of other known types pass through unchanged so
 * pipelines chain; anything malformed is reported on stderr with its line number and skipped —
 * never a crash. A line is handled as soon as its newline arrives, so a streaming upstream
 * (`prices --stream | …`) flows.
 */
import { isatty } from "node:tty";
import type { ZodType } from "zod";
import { parseJson } from "../safe-parse.ts";
import { log } from "./log.ts";

/** A consumed record and its line number. */
export type ConsumedRecord<T> = { line: number; record: T };

export type StdinOptions<T> = {
  /** Record types this command consumes, each with the schema that validates it. */
  consumes: Record<string, ZodType<T>>;
  /** Every record type pm-arb knows; others are reported and skipped. */
  knownTypes: ReadonlySet<string>;
  /** Where records of known but unconsumed types go (usually straight to the output). */
  passThrough: (record: Record<string, unknown>) => void;
  /** Lines to read; defaults to stdin. */
  lines?: AsyncIterable<string>;
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
 * The lines of a byte stream (stdin by default), each as soon as its newline arrives. Lines split on
 * "\n" only (a "\r" stays, as with Bun's console reader; readers trim); the text after the last
 * newline is a line of its own at the end.
 */
export async function* streamLines(stream: ReadableStream<Uint8Array> = Bun.stdin.stream()): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let partial = "";
  for await (const chunk of stream) {
    const lines = (partial + decoder.decode(chunk, { stream: true })).split("\n");
    partial = lines.pop()!;
    yield* lines;
  }
  partial += decoder.decode();
  if (partial !== "") yield partial;
}

/** One line's record when the command consumes it; passed through or skipped with a warning otherwise. */
function readLine<T>(text: string, lineNumber: number, options: StdinOptions<T>): T | undefined {
  if (text === "") return undefined;
  const json = parseJson(text);
  if (!json.ok) {
    log().warn(`stdin line ${lineNumber}: ${json.error}; skipped`);
    return undefined;
  }
  const value = json.value;
  const type = value && typeof value === "object" && !Array.isArray(value) ? (value as { type?: unknown }).type : undefined;
  if (typeof type !== "string" || !options.knownTypes.has(type)) {
    log().warn(`stdin line ${lineNumber}: unknown record type ${JSON.stringify(type ?? null)}; skipped`);
    return undefined;
  }
  const schema = options.consumes[type];
  if (!schema) {
    options.passThrough(value as Record<string, unknown>);
    return undefined;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "record";
    log().warn(`stdin line ${lineNumber}: bad ${type} record at ${where}: ${issue?.message ?? "invalid"}; skipped`);
    return undefined;
  }
  return parsed.data;
}

/** The consumed records, each as soon as its line is read, in order with pass-through and warnings. */
export async function* readRecords<T>(options: StdinOptions<T>): AsyncGenerator<ConsumedRecord<T>> {
  let lineNumber = 0;
  for await (const line of options.lines ?? streamLines()) {
    lineNumber++;
    const record = readLine(line.trim(), lineNumber, options);
    if (record !== undefined) yield { line: lineNumber, record };
  }
}
