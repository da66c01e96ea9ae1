/**
 * Reads a recording (docs/recordings.md) for replay and calibrate: every `*.jsonl.gz` file of the
 * directory in name order (UTC hours sort in time order), each line checked against the envelope.
 * A line that is not a valid envelope, a line whose `t` goes back in time, and a file cut short (a
 * recorder killed mid-write) are reported through `onProblem`; the bad line is skipped, the
 * out-of-order one still yielded, and everything before the cut is read.
 *
 *   for await (const line of readRecording(dir, { onProblem: (p) => log().warn(p.message) })) …
 */
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { createGunzip } from "node:zlib";
import { z } from "zod";
import { MANIFEST_FILE, RECORDING_FILE } from "./format.ts";
import type { Manifest } from "./manifest.ts";

/** One recorded line: `msg` (the received JSON) or `raw` (a frame that was not JSON). */
export type RecordedLine = { t: number; src: string; msg: unknown; raw?: undefined } | { t: number; src: string; raw: string; msg?: undefined };

type ReadProblem = { file: string; line: number; message: string };

export type ReadOptions = {
  onProblem?(problem: ReadProblem): void;
  /** Only lines of these sources (all when omitted). */
  sources?: readonly string[];
};

const base = { t: z.number().finite().nonnegative(), src: z.string().min(1) };
// `msg` came out of JSON.parse, so it is JSON whatever it holds; only its presence is checked.
const msgLine = z.object({ ...base, msg: z.unknown() });
const rawLine = z.object({ ...base, raw: z.string() });

/** Checks one line's text; the error names what is wrong. */
export function parseRecordedLine(text: string): { ok: true; value: RecordedLine } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not JSON: ${(error as Error).message}` };
  }
  if (!json || typeof json !== "object" || Array.isArray(json)) return { ok: false, error: "a line is a JSON object" };
  if ("msg" in json === "raw" in json) return { ok: false, error: "a line carries exactly one of msg and raw" };
  const parsed = ("raw" in json ? rawLine : msgLine).safeParse(json);
  if (!parsed.success) return { ok: false, error: parsed.error.issues.map((issue) => `${issue.path.join(".") || "line"}: ${issue.message}`).join("; ") };
  return { ok: true, value: parsed.data as RecordedLine };
}

/** The recording's files, oldest first. */
export function recordingFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => RECORDING_FILE.test(name))
    .sort();
}

/** What keeps `dir` from being read as a recording (to follow its name in an error), or undefined. */
export function recordingDirProblem(dir: string): string | undefined {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return "is not a directory";
  if (recordingFiles(dir).length === 0) return "holds no recording files (*.jsonl.gz)";
  return undefined;
}

const manifestSchema = z.looseObject({
  format: z.literal("pm-arb-recording"),
  version: z.literal(1),
  started_at: z.number().nullable(),
  ended_at: z.number().nullable(),
  complete: z.boolean(),
  stop_reason: z.string().nullable(),
  clock: z.enum(["system", "sandbox"]),
  speed: z.number().positive(),
  period_ms: z.number().int().positive(),
  options: z.record(z.string(), z.unknown()),
  lines: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  files: z.array(
    z.looseObject({
      name: z.string().regex(RECORDING_FILE),
      hour: z.iso.datetime(),
      lines: z.number().int().nonnegative(),
      bytes: z.number().int().nonnegative(),
      first_t: z.number(),
      last_t: z.number(),
      sources: z.record(z.string(), z.number().int().nonnegative()),
    }),
  ),
});

/** The manifest, checked; undefined when the directory has none (a writer killed before its first flush). */
export function readManifest(dir: string): Manifest | undefined {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) return undefined;
  const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(path, "utf8")));
  if (!parsed.success) throw new Error(`${path}: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`);
  return parsed.data as Manifest;
}

/** The lines of one file's text stream, with their numbers; a stream error ends it (reported by the caller). */
async function* fileLines(path: string): AsyncGenerator<{ number: number; text: string }> {
  const decoder = new TextDecoder();
  let rest = "";
  let number = 0;
  for await (const chunk of createReadStream(path).pipe(createGunzip())) {
    const lines = (rest + decoder.decode(chunk as Uint8Array, { stream: true })).split("\n");
    rest = lines.pop()!;
    for (const text of lines) yield { number: ++number, text };
  }
  rest += decoder.decode();
  if (rest !== "") yield { number: ++number, text: rest };
}

/** Every line of the recording in `dir`, in time order. */
export async function* readRecording(dir: string, options: ReadOptions = {}): AsyncGenerator<RecordedLine> {
  const report = (file: string, line: number, message: string) => options.onProblem?.({ file, line, message });
  const wanted = options.sources ? new Set(options.sources) : undefined;
  let lastT = Number.NEGATIVE_INFINITY;
  for (const name of recordingFiles(dir)) {
    let number = 0;
    try {
      for await (const line of fileLines(join(dir, name))) {
        number = line.number;
        if (line.text.trim() === "") continue;
        const parsed = parseRecordedLine(line.text);
        if (!parsed.ok) {
          report(name, line.number, parsed.error);
          continue;
        }
        if (parsed.value.t < lastT) report(name, line.number, `t ${parsed.value.t} is before the previous line's ${lastT}`);
        lastT = Math.max(lastT, parsed.value.t);
        if (!wanted || wanted.has(parsed.value.src)) yield parsed.value;
      }
    } catch (error) {
      report(name, number + 1, `file cut short after line ${number}: ${(error as Error).message}`);
    }
  }
}
