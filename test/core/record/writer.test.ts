import { describe, expect, test } from "bun:test";
import { appendFileSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { frameLine } from "../../../core/record/format.ts";
import { readManifest, recordingFiles } from "../../../core/record/read.ts";
import { RecordingWriter, type WriterOptions } from "../../../core/record/writer.ts";
import { tempDir } from "../../helpers/temp.ts";
import { readAll } from "./read-all.ts";

/** A writer on a clock the test sets. */
function writer(options: Partial<WriterOptions> = {}) {
  const dir = tempDir();
  const clock = { t: Date.UTC(2026, 10, 25, 12, 59, 59, 0) };
  const w = new RecordingWriter({ dir, now: () => clock.t, clock: "system", speed: 1, options: { test: true }, ...options });
  return { dir, clock, w };
}

describe("frameLine", () => {
  test("JSON goes in verbatim as msg: every digit kept, line breaks made spaces", () => {
    const line = frameLine(5, "binance", '{"p":"97000.10","id":123456789012345678901,\n"x":1.50}');
    expect(line).toBe('{"t":5,"src":"binance","msg":{"p":"97000.10","id":123456789012345678901, "x":1.50}}');
    expect(JSON.parse(line).msg.p).toBe("97000.10");
  });

  test("a frame that is not JSON is kept as raw text", () => {
    expect(JSON.parse(frameLine(5, "rtds", "PONG"))).toEqual({ t: 5, src: "rtds", raw: "PONG" });
    expect(JSON.parse(frameLine(5, "rtds", '{"broken":\n'))).toEqual({ t: 5, src: "rtds", raw: '{"broken":\n' });
    expect(JSON.parse(frameLine(5, "rtds", ""))).toEqual({ t: 5, src: "rtds", raw: "" });
  });
});

describe("RecordingWriter", () => {
  test("hour files, each a whole gzip, and a manifest that matches them", async () => {
    const { dir, clock, w } = writer();
    w.frame("binance", '{"a":1}');
    w.frame("rtds", "PONG");
    w.flush();
    w.frame("coinbase", '{"b":2}');
    clock.t += 2_000; // 13:00:01: the next hour
    w.value("gamma_markets", [{ id: "1" }]);
    w.flush();
    const manifest = w.close("test over");

    expect(recordingFiles(dir)).toEqual(["2026-11-25T12.jsonl.gz", "2026-11-25T13.jsonl.gz"]);
    // Two flushes in the first hour: two members, read whole by gunzip.
    const first = String(gunzipSync(readFileSync(join(dir, "2026-11-25T12.jsonl.gz")))).trim();
    expect(first.split("\n").map((line) => JSON.parse(line).src)).toEqual(["binance", "rtds", "coinbase"]);

    expect(readManifest(dir)).toEqual(manifest);
    expect(manifest).toMatchObject({ complete: true, stop_reason: "test over", lines: 5, period_ms: 3_600_000, options: { test: true } });
    expect(manifest.files.map((file) => [file.name, file.hour, file.lines, file.sources])).toEqual([
      ["2026-11-25T12.jsonl.gz", "2026-11-25T12:00:00.000Z", 3, { binance: 1, rtds: 1, coinbase: 1 }],
      ["2026-11-25T13.jsonl.gz", "2026-11-25T13:00:00.000Z", 2, { gamma_markets: 1, pm_arb: 1 }],
    ]);
    for (const file of manifest.files) expect(file.bytes).toBe(statSync(join(dir, file.name)).size);
    expect(manifest.bytes).toBe(manifest.files.reduce((sum, file) => sum + file.bytes, 0));
    expect([manifest.started_at, manifest.ended_at]).toEqual([Date.UTC(2026, 10, 25, 12, 59, 59), Date.UTC(2026, 10, 25, 13, 0, 1)]);

    const read = await readAll(dir);
    expect(read.problems).toEqual([]);
    expect(read.lines).toEqual([
      { t: Date.UTC(2026, 10, 25, 12, 59, 59), src: "binance", msg: { a: 1 } },
      { t: Date.UTC(2026, 10, 25, 12, 59, 59), src: "rtds", raw: "PONG" },
      { t: Date.UTC(2026, 10, 25, 12, 59, 59), src: "coinbase", msg: { b: 2 } },
      { t: Date.UTC(2026, 10, 25, 13, 0, 1), src: "gamma_markets", msg: [{ id: "1" }] },
      { t: Date.UTC(2026, 10, 25, 13, 0, 1), src: "pm_arb", msg: { event: "stop", reason: "test over" } },
    ]);
  });

  test("a shorter period names its files to the millisecond, in time order", () => {
    const { dir, clock, w } = writer({ periodMs: 500 });
    for (let i = 0; i < 3; i++) {
      w.frame("binance", "{}");
      clock.t += 500;
    }
    w.close("done");
    expect(recordingFiles(dir)).toEqual([
      "2026-11-25T12-59-59-000.jsonl.gz",
      "2026-11-25T12-59-59-500.jsonl.gz",
      "2026-11-25T13-00-00-000.jsonl.gz",
      "2026-11-25T13-00-00-500.jsonl.gz",
    ]);
  });

  test("receive times never go back, even when the clock does", async () => {
    const { dir, clock, w } = writer();
    w.frame("binance", "{}");
    clock.t -= 50;
    w.frame("binance", "{}");
    w.close("done");
    const read = await readAll(dir);
    expect(read.lines.map((line) => line.t)).toEqual([Date.UTC(2026, 10, 25, 12, 59, 59), Date.UTC(2026, 10, 25, 12, 59, 59), Date.UTC(2026, 10, 25, 12, 59, 59)]);
  });

  test("--max-bytes: the flush that would cross the cap is dropped, a stop line says so, nothing more is taken", async () => {
    const full: string[] = [];
    const { dir, w } = writer({ maxBytes: 8_000, onFull: (reason) => full.push(reason) });
    // Incompressible payloads: a few flushes fill the cap.
    let n = 0;
    while (w.accepting && n < 100) {
      w.frame("binance", JSON.stringify({ n: n++, noise: Array.from({ length: 30 }, () => crypto.randomUUID()).join("") }));
      if (n % 3 === 0) w.flush();
    }
    expect(full).toEqual(["max-bytes: 8000 bytes reached"]);
    w.frame("binance", "{}");
    const manifest = w.close("later");
    expect(manifest.stop_reason).toBe("max-bytes: 8000 bytes reached");
    expect(manifest.bytes).toBeLessThanOrEqual(8_000);
    expect(recordingFiles(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0)).toBe(manifest.bytes);
    const read = await readAll(dir);
    expect(read.lines.at(-1)).toMatchObject({ src: "pm_arb", msg: { event: "stop", reason: "max-bytes: 8000 bytes reached", dropped_lines: 3 } });
    expect(read.lines.filter((line) => line.src === "pm_arb")).toHaveLength(1);
  });

  test("a file cut mid-member (kill -9): the reader keeps every line before the cut and says so", async () => {
    const { dir, w } = writer();
    w.frame("binance", '{"a":1}');
    w.flush();
    w.close("done");
    const [name] = recordingFiles(dir);
    const half = Buffer.from(frameLine(1, "x", "{}")).subarray(0, 10);
    appendFileSync(join(dir, name!), Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]), half]));
    const read = await readAll(dir);
    expect(read.lines.map((line) => line.src)).toEqual(["binance", "pm_arb"]);
    expect(read.problems).toHaveLength(1);
    expect(read.problems[0]).toMatch(/^2026-11-25T12\.jsonl\.gz:3 file cut short after line 2/);
  });
});
