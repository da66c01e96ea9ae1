import { expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { parseRecordedLine, readManifest } from "../../../core/record/read.ts";
import { tempDir } from "../../helpers/temp.ts";
import { readAll } from "./read-all.ts";

/** A recording another tool wrote: files given as their lines. */
function recording(files: Record<string, string[]>): string {
  const dir = tempDir();
  for (const [name, lines] of Object.entries(files)) writeFileSync(join(dir, name), gzipSync(`${lines.join("\n")}\n`));
  return dir;
}

test("files in hour order, bad lines reported with file and line and skipped", async () => {
  const dir = recording({
    "2026-11-25T13.jsonl.gz": ['{"t":3,"src":"rtds","msg":{"c":3}}', "{not json", '{"t":4,"msg":{}}', '{"t":5,"src":"x","msg":1,"raw":"y"}', '{"t":6,"src":"x"}', "[1]"],
    "2026-11-25T12.jsonl.gz": ['{"t":1,"src":"binance","msg":{"a":1}}', '{"t":2,"src":"clob_market","raw":"PONG"}'],
    "notes.txt": ["ignored"],
  });
  writeFileSync(join(dir, "notes.txt"), "not a recording file");
  const { lines, problems } = await readAll(dir);
  expect(lines).toEqual([
    { t: 1, src: "binance", msg: { a: 1 } },
    { t: 2, src: "clob_market", raw: "PONG" },
    { t: 3, src: "rtds", msg: { c: 3 } },
  ]);
  expect(problems.map((problem) => problem.replace(/: .*/, ""))).toEqual([
    "2026-11-25T13.jsonl.gz:2 not JSON",
    "2026-11-25T13.jsonl.gz:3 src",
    "2026-11-25T13.jsonl.gz:4 a line carries exactly one of msg and raw",
    "2026-11-25T13.jsonl.gz:5 a line carries exactly one of msg and raw",
    "2026-11-25T13.jsonl.gz:6 a line is a JSON object",
  ]);
});

test("a line back in time is reported and still read; sources filter", async () => {
  const dir = recording({ "2026-11-25T12.jsonl.gz": ['{"t":5,"src":"binance","msg":1}', '{"t":4,"src":"rtds","msg":2}', '{"t":6,"src":"binance","msg":3}'] });
  const all = await readAll(dir);
  expect(all.lines.map((line) => line.t)).toEqual([5, 4, 6]);
  expect(all.problems).toEqual(["2026-11-25T12.jsonl.gz:2 t 4 is before the previous line's 5"]);
  expect((await readAll(dir, ["binance"])).lines.map((line) => line.msg)).toEqual([1, 3]);
});

test("parseRecordedLine checks the envelope", () => {
  expect(parseRecordedLine('{"t":1,"src":"a","msg":null}')).toEqual({ ok: true, value: { t: 1, src: "a", msg: null } });
  expect(parseRecordedLine('{"t":-1,"src":"a","msg":1}').ok).toBe(false);
  expect(parseRecordedLine('{"t":"1","src":"a","msg":1}').ok).toBe(false);
  expect(parseRecordedLine('{"t":1,"src":"","raw":"x"}').ok).toBe(false);
});

test("no manifest: undefined; a bad one: an error naming the field", () => {
  const dir = recording({});
  expect(readManifest(dir)).toBeUndefined();
  writeFileSync(join(dir, "manifest.json"), JSON.stringify({ format: "pm-arb-recording", version: 2 }));
  expect(() => readManifest(dir)).toThrow(/version/);
});
