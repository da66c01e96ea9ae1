/**
 * `pm-arb record` against the sandbox (spawned CLIs, no network): every source recorded as
 * received, an hour boundary crossed (the sandbox starts a minute before 13:00 and runs 20× real
 * time), Gamma rows at discovery and after resolution, the manifest matching the files, a dropped
 * feed's reconnect written as a pm_arb line, and every way of stopping — `pm-arb stop`, SIGTERM,
 * `--max-bytes`, kill -9 — leaving readable files.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { RECORDED_SOURCES } from "../../core/record/format.ts";
import { type RecordedLine, readManifest, readRecording, recordingFiles } from "../../core/record/read.ts";
import { recordingRecordSchema } from "../../core/records/recording.ts";
import { SANDBOX_MARKET } from "../../core/run/run.ts";
import { expectUsageError, jsonLines, runCli } from "../helpers/cli.ts";
import { spawnCli } from "../helpers/run-loop.ts";
import { useTestSandbox } from "../helpers/sandbox.ts";
import { tempDb, tempDir } from "../helpers/temp.ts";

const START = Date.UTC(2026, 10, 25, 12, 59, 0);
const sandbox = useTestSandbox({ seed: 3, speed: 20, startAt: START, ...SANDBOX_MARKET });

const BTC_UPDOWN = ["--symbols", "BTC", "--kinds", "updown"];

async function read(dir: string): Promise<{ lines: RecordedLine[]; problems: string[] }> {
  const lines: RecordedLine[] = [];
  const problems: string[] = [];
  for await (const line of readRecording(dir, { onProblem: (p) => problems.push(`${p.file}:${p.line} ${p.message}`) })) lines.push(line);
  return { lines, problems };
}

/** Lines read so far from a recording being written (its last member may be mid-write). */
async function soFar(dir: string): Promise<RecordedLine[]> {
  return existsSync(dir) ? (await read(dir)).lines : [];
}

const event = (line: RecordedLine) => (line.src === "pm_arb" ? (line.msg as { event: string; source?: string; down_ms?: number }) : undefined);
const rows = (line: RecordedLine) => (line.src === "gamma_markets" && Array.isArray(line.msg) ? (line.msg as Record<string, unknown>[]) : []);

function setup() {
  const dir = join(tempDir(), "recording");
  return { dir, env: { ...sandbox.env, PM_ARB_DB: tempDb() } };
}

describe("pm-arb record", () => {
  test("every source as received, across an hour boundary, with a manifest that matches; pm-arb stop ends it cleanly", async () => {
    const { dir, env } = setup();
    const rec = spawnCli(["record", "--out", dir, ...BTC_UPDOWN, "--discover-every", "10s", "--duration", "10m"], { env });
    // Until the 13:00 hour has a file, a window that ended at 13:00 has its resolved Gamma row, and a PONG came back.
    await rec.eventually(async () => {
      if (!existsSync(dir)) return undefined;
      const lines = await soFar(dir);
      const resolved = lines.some((line) => rows(line).some((row) => row.closed === true));
      return recordingFiles(dir).length >= 2 && resolved && lines.some((line) => line.raw === "PONG") ? true : undefined;
    });
    const stop = await runCli(["stop", "--reason", "e2e: recorded enough"], { env });
    expect(stop.code).toBe(0);
    expect(await rec.exited).toBe(0);

    expect(rec.records).toHaveLength(1);
    const record = recordingRecordSchema.parse(rec.records[0]);
    expect(record).toMatchObject({ dir, complete: true, stop_reason: "pm-arb stop: e2e: recorded enough", clock: "sandbox", speed: 20 });
    expect(rec.stderr()).toContain(`recording to ${dir}`);

    // The files: one per UTC hour, each a whole gzip, the manifest counting exactly what is in them.
    const manifest = readManifest(dir)!;
    expect(manifest.files.map((file) => file.name)).toEqual(["2026-11-25T12.jsonl.gz", "2026-11-25T13.jsonl.gz"]);
    expect(recordingFiles(dir)).toEqual(manifest.files.map((file) => file.name));
    for (const file of manifest.files) {
      const lines = jsonLines(gunzipSync(readFileSync(join(dir, file.name))).toString()) as { t: number; src: string }[];
      const sources: Record<string, number> = {};
      for (const line of lines) sources[line.src] = (sources[line.src] ?? 0) + 1;
      expect({ lines: file.lines, bytes: file.bytes, first_t: file.first_t, last_t: file.last_t, sources: file.sources }).toEqual({
        lines: lines.length,
        bytes: statSync(join(dir, file.name)).size,
        first_t: lines[0]!.t,
        last_t: lines.at(-1)!.t,
        sources,
      });
      expect(lines.every((line) => new Date(line.t).toISOString().slice(0, 13) === file.hour.slice(0, 13))).toBe(true);
    }
    expect(manifest).toMatchObject({ complete: true, lines: record.lines, bytes: record.bytes, stop_reason: record.stop_reason });
    expect(manifest.options).toMatchObject({ symbols: ["BTC"], kinds: ["updown"], discover_every_ms: 10_000 });

    // Every line reads back, in time order, and every source is there.
    const { lines, problems } = await read(dir);
    expect(problems).toEqual([]);
    expect(lines).toHaveLength(manifest.lines);
    expect(new Set(lines.map((line) => line.src))).toEqual(new Set(RECORDED_SOURCES));
    expect(Object.values(record.sources).reduce((a, b) => a + b, 0)).toBe(record.lines);

    // What each source holds, as the venue sent it.
    const msgs = (src: string) => lines.filter((line) => line.src === src && line.msg !== undefined).map((line) => line.msg as Record<string, any>);
    expect(msgs("binance").some((msg) => msg.stream === "btcusdt@trade" && msg.data?.e === "trade")).toBe(true);
    expect(msgs("coinbase").some((msg) => msg.type === "ticker" && msg.product_id === "BTC-USD")).toBe(true);
    expect(new Set(msgs("rtds").map((msg) => msg.topic))).toEqual(new Set(["crypto_prices", "crypto_prices_chainlink"]));
    const subscribed = new Set(lines.flatMap((line) => (event(line)?.event === "subscribe" ? (line.msg as { assets_ids: string[] }).assets_ids : [])));
    const books = msgs("clob_market")
      .flatMap((msg) => (Array.isArray(msg) ? msg : [msg]))
      .filter((msg) => msg.event_type === "book");
    expect(books.length).toBeGreaterThan(0);
    expect(books.every((book) => subscribed.has(book.asset_id))).toBe(true);
    const gamma = lines.flatMap(rows);
    expect(gamma.every((row) => String(row.slug).startsWith("btc-updown-") || String(row.slug).startsWith("bitcoin-up-or-down"))).toBe(true);
    const resolved = gamma.filter((row) => row.closed === true);
    expect(resolved.length).toBeGreaterThan(0);
    for (const row of resolved) {
      expect(['["1", "0"]', '["0", "1"]', '["1","0"]', '["0","1"]']).toContain(String(row.outcomePrices));
      // The same market was recorded open at discovery, earlier.
      expect(gamma.some((open) => open.conditionId === row.conditionId && open.closed === false)).toBe(true);
    }

    expect(lines.map(event).filter(Boolean)[0]).toMatchObject({ event: "start" });
    expect(lines.at(-1)).toMatchObject({ src: "pm_arb", msg: { event: "stop", reason: "pm-arb stop: e2e: recorded enough" } });
    expect(new Set(lines.filter((line) => event(line)?.event === "connected").map((line) => event(line)!.source))).toEqual(new Set(["binance", "coinbase", "rtds", "clob_market"]));
  }, 120_000);

  test("a dropped feed reconnects and a failed Gamma request is a gap, written as pm_arb lines; SIGTERM leaves whole, complete files", async () => {
    const { dir, env } = setup();
    const rec = spawnCli(["record", "--out", dir, ...BTC_UPDOWN, "--duration", "10m"], { env });
    await rec.eventually(async () => ((await soFar(dir)).some((line) => line.src === "binance") ? true : undefined));
    await sandbox.admin.addFault("binance-ws:drop");
    await sandbox.admin.removeFaults({ service: "binance-ws" });
    await rec.eventually(async () => {
      const lines = await soFar(dir);
      const back = lines.findIndex((line) => event(line)?.event === "reconnect" && event(line)?.source === "binance");
      return back >= 0 && lines.slice(back).some((line) => line.src === "binance") ? true : undefined;
    });
    await sandbox.admin.addFault("gamma:503");
    await rec.eventually(async () => ((await soFar(dir)).some((line) => event(line)?.event === "gap") ? true : undefined));
    await sandbox.admin.removeFaults({ service: "gamma" });
    rec.kill("SIGTERM");
    expect(await rec.exited).toBe(0);
    expect(recordingRecordSchema.parse(rec.records[0])).toMatchObject({ complete: true, stop_reason: "signal SIGTERM" });

    for (const name of recordingFiles(dir)) expect(() => gunzipSync(readFileSync(join(dir, name)))).not.toThrow();
    const { lines, problems } = await read(dir);
    expect(problems).toEqual([]);
    const binanceEvents = lines.map(event).filter((msg) => msg?.source === "binance");
    expect(binanceEvents.map((msg) => msg!.event)).toEqual(["connected", "disconnected", "reconnect"]);
    expect(binanceEvents[1]).toMatchObject({ reason: expect.stringContaining("closed (1011") });
    expect(binanceEvents[2]!.down_ms).toBeGreaterThanOrEqual(0);
    expect(lines.map(event).find((msg) => msg?.event === "gap")).toMatchObject({ source: "gamma_markets", reason: expect.stringContaining("HTTP 503") });
    expect(readManifest(dir)).toMatchObject({ complete: true, stop_reason: "signal SIGTERM" });
  });

  test("--sandbox with --max-bytes: stops cleanly under the cap, exit 0, the reason in a stop line and the record", async () => {
    const { dir, env } = setup();
    const rec = spawnCli(["record", "--sandbox", "--seed", "2", "--out", dir, "--max-bytes", "64K", "--duration", "5m"], { env: { PM_ARB_DB: env.PM_ARB_DB } });
    expect(await rec.exited).toBe(0);
    const record = recordingRecordSchema.parse(rec.records[0]);
    expect(record).toMatchObject({ complete: true, stop_reason: "max-bytes: 65536 bytes reached", clock: "sandbox" });
    expect(record.bytes).toBeLessThanOrEqual(65_536);
    expect(recordingFiles(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0)).toBe(record.bytes);
    expect(rec.stderr()).toContain("recording stopped (max-bytes: 65536 bytes reached)");
    const { lines, problems } = await read(dir);
    expect(problems).toEqual([]);
    expect(lines.at(-1)).toMatchObject({ src: "pm_arb", msg: { event: "stop", reason: "max-bytes: 65536 bytes reached" } });
    expect(lines.filter((line) => event(line)?.event === "stop")).toHaveLength(1);
  });

  test("kill -9: the files still read up to the cut, the manifest says the recording is not complete", async () => {
    const { dir, env } = setup();
    const rec = spawnCli(["record", "--out", dir, ...BTC_UPDOWN, "--duration", "10m"], { env });
    await rec.eventually(() => ((readManifest(dir)?.lines ?? 0) > 0 ? true : undefined));
    rec.kill("SIGKILL");
    await rec.exited;
    const { lines, problems } = await read(dir);
    expect(lines.length).toBeGreaterThanOrEqual(readManifest(dir)!.lines);
    // At most the member being appended is cut.
    expect(problems.length).toBeLessThanOrEqual(1);
    for (const problem of problems) expect(problem).toContain("file cut short");
    expect(readManifest(dir)).toMatchObject({ complete: false, stop_reason: null });
  });

  test("bad flags and a directory that holds a recording are usage errors", async () => {
    expectUsageError(await runCli(["record", "--speed", "5"]), "pm-arb: error: --speed goes with --sandbox");
    expectUsageError(await runCli(["record", "--max-bytes", "10"]), /--max-bytes must be a size of at least 4096 bytes/);
    expectUsageError(await runCli(["record", "--discover-every", "10ms"]), /--discover-every must be at least 1s/);
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "manifest.json"), "{}");
    expectUsageError(await runCli(["record", "--out", dir]), `pm-arb: error: --out ${dir} already holds a recording; give a new directory`);
  });
});
