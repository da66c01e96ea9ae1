/**
 * Reading upstream JSON lines. Lines a command consumes are validated against their record's
 * schema; records of other known types pass through unchanged so pipelines chain; anything
 * malformed is reported on stderr with its line number and skipped — never a crash.
 */
import type { ZodType } from "zod";
import { parseJson } from "../safe-parse.ts";
import { log } from "./log.ts";
import { isTerminal } from "./output.ts";

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

/** stdin is not a terminal (a pipe, a file, /dev/null); answered without building `process.stdin` (~20 ms). */
export function stdinIsPiped(): boolean {
  return !isTerminal(0);
}

export async function* readRecords<T>(options: StdinOptions<T>): AsyncGenerator<ConsumedRecord<T>> {
  let lineNumber = 0;
  for await (const raw of options.lines ?? (console as unknown as AsyncIterable<string>)) {
    lineNumber++;
    const text = raw.trim();
    if (text === "") continue;
    const json = parseJson(text);
    if (!json.ok) {
      log().warn(`stdin line ${lineNumber}: ${json.error}; skipped`);
      continue;
    }
    const value = json.value;
    const type = value && typeof value === "object" && !Array.isArray(value) ? (value as { type?: unknown }).type : undefined;
    if (typeof type !== "string" || !options.knownTypes.has(type)) {
      log().warn(`stdin line ${lineNumber}: unknown record type ${JSON.stringify(type ?? null)}; skipped`);
      continue;
    }
    const schema = options.consumes[type];
    if (!schema) {
      options.passThrough(value as Record<string, unknown>);
      continue;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? issue.path.join(".") : "record";
      log().warn(`stdin line ${lineNumber}: bad ${type} record at ${where}: ${issue?.message ?? "invalid"}; skipped`);
      continue;
    }
    yield { line: lineNumber, record: parsed.data };
  }
}
