/**
 * `pm-arb record` a seeded sandbox session, then `pm-arb backtest` / `run --replay` on it: the same
 * recording and flags give byte-identical records; every record validates; the replay's books add
 * up in its store and its report agrees with them. The P&L is printed, never asserted. Then
 * `pm-arb calibrate` on the same recording: the model and the market scored on its resolved windows.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Decimal } from "../../core/decimal.ts";
import { calibrationRecordSchema } from "../../core/records/calibration.ts";
import { summaryRecordSchema } from "../../core/records/summary.ts";
import { expectBooksAddUp } from "../helpers/books.ts";
import { expectUsageError, runCli } from "../helpers/cli.ts";
import { expectValidRecords } from "../helpers/records.ts";
import { tempDir } from "../helpers/temp.ts";

const STRATEGY = ["--kinds", "updown", "--vol", "0.6", "--min-edge", "0.1"];

describe("backtest on a recorded sandbox session", () => {
  const dir = tempDir();
  const recording = join(dir, "recording");

  // The venue starts at 12:00:00 and the recording a moment later, so the windows open then have no
  // recorded opening reference (a proxy: priced, not traded). 35 s at 20× (700 s of venue time) also
  // holds the windows opening at 12:05 to their end at 12:10 and their settlement: 20 s (to ~12:06:40)
  // held a settled trade only when the sandbox answered the RTDS subscription within ~70 ms.
  beforeAll(async () => {
    const recorded = await runCli(["record", "--sandbox", "--seed", "3", "--speed", "20", "--duration", "35s", "--kinds", "updown", "--out", recording, "--json"], {
      env: { PM_ARB_DB: join(dir, "record.sqlite") },
    });
    expect(recorded.code).toBe(0);
  }, 90_000);

  test("replayed twice, byte-identical; the books add up and the report agrees with them", async () => {
    const env = { PM_ARB_DB: join(dir, "a", "store.sqlite") };
    const first = await runCli(["backtest", recording, ...STRATEGY, "--latency", "0ms", "--json"], { env });
    const second = await runCli(["run", "--replay", recording, ...STRATEGY, "--latency", "0ms", "--json"], { env: { PM_ARB_DB: join(dir, "b", "store.sqlite") } });
    expect([first.code, second.code]).toEqual([0, 0]);
    expect(second.stdout).toBe(first.stdout);
    expectValidRecords(first.lines);

    const summary = summaryRecordSchema.parse(first.lines.at(-1));
    const orders = first.lines.filter((line) => line.type === "order");
    const filled = orders.filter((order) => order.status === "filled" || order.status === "partial");
    expect(summary.orders).toBe(orders.length);
    expect(summary.replay!.opportunities.taken).toBe(filled.length);
    expect(summary.replay!.opportunities.seen).toBe(first.lines.filter((line) => line.type === "opportunity").length);
    // At latency 0 the book an order meets is the book its opportunity was priced on.
    expect(summary.replay!.opportunities.vanished).toBe(0);
    expect(summary.replay!.lines).toBeGreaterThan(0);
    expectBooksAddUp(join(dir, "a", "replay.sqlite"), summary);
    const bySeries = Object.values(summary.replay!.pnl_by_series).reduce((total, value) => total.plus(value), new Decimal(0));
    expect(bySeries.toDecimalPlaces(6).toString()).toBe(new Decimal(summary.realised_pnl).toString());
    console.log(`replay: ${filled.length} fills, ${summary.settled_positions} settled, realised P&L ${summary.realised_pnl} after ${summary.fees_paid} fees`);
  }, 120_000);

  test("report --replay: one self-contained page of the replay, its fills the backtest's, the same data twice", async () => {
    const env = { PM_ARB_DB: join(dir, "r", "store.sqlite") };
    const backtest = await runCli(["backtest", recording, ...STRATEGY, "--json"], { env });
    expect(backtest.code).toBe(0);
    const summary = summaryRecordSchema.parse(backtest.lines.at(-1));
    const pages = [join(dir, "r", "one.html"), join(dir, "r", "two.html")];
    const data = [];
    const tmp = join(dir, "tmp");
    mkdirSync(tmp);
    const reportEnv = { PM_ARB_DB: join(dir, "p", "store.sqlite"), TMPDIR: tmp };
    for (const page of pages) {
      const report = await runCli(["report", "--replay", recording, ...STRATEGY, "--out", page], { env: reportEnv });
      expect(report.code).toBe(0);
      expect(report.stdout).toBe("");
      expect(existsSync(page)).toBe(true);
      const html = readFileSync(page, "utf8");
      expect(html).not.toMatch(/<(script|link)\b[^>]*\b(src|href)\s*=\s*["']?https?:/i);
      const json = html.match(/<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/)![1]!;
      data.push(JSON.parse(json) as Record<string, unknown>);
    }
    const [first, second] = data as [Record<string, unknown>, Record<string, unknown>];
    expect(first.fills).toHaveLength(summary.fills);
    expect(first.source).toBe(`replay ${recording}`);
    expect(first.title).toContain(recording);
    expect(first.opportunities).toMatchObject(summary.replay!.opportunities);
    expect({ ...second, generated_at: null }).toEqual({ ...first, generated_at: null });
    console.log(`report --replay: ${summary.fills} fills, opportunities ${JSON.stringify(first.opportunities)}`);
    // The temporary store is gone, and nothing was written beside the configured store.
    expect(readdirSync(tmp)).toEqual([]);
    expect(existsSync(join(dir, "p"))).toBe(false);
  }, 120_000);

  test("calibrate on the recording: model and market scored on its resolved windows, the same output twice", async () => {
    const first = await runCli(["calibrate", recording, "--json"]);
    const second = await runCli(["calibrate", recording, "--json"]);
    expect([first.code, second.code]).toEqual([0, 0]);
    expect(second.stdout).toBe(first.stdout);
    const records = first.lines.map((line) => calibrationRecordSchema.parse(line));
    const scored = (forecaster: string) => records.filter((record) => record.forecaster === forecaster && record.n > 0);
    expect(scored("model").length).toBeGreaterThan(0);
    expect(scored("market").length).toBeGreaterThan(0);
    for (const record of records) {
      expect(record.series).toMatch(/^btc-updown-/);
      expect(record.n).toBeLessThanOrEqual(record.windows);
      expect(record.market_source).toBe(record.forecaster === "market" ? "book-mid" : null);
      expect(record.s0_source === null).toBe(record.forecaster === "market");
    }
    console.log(`calibrate: ${records.map((record) => `${record.minutes_left}m ${record.forecaster} n=${record.n} brier=${record.brier}`).join("; ")}\n${first.stderr}`);
  });

  test("--replay is paper only, and needs a recording", async () => {
    expectUsageError(await runCli(["run", "--replay", recording, "--live"]), /paper trading on a recording/);
    expectUsageError(await runCli(["backtest", join(dir, "nowhere")]), /is not a directory/);
    expectUsageError(await runCli(["backtest", dir]), /holds no recording files/);
    expectUsageError(await runCli(["calibrate", join(dir, "nowhere")]), /is not a directory/);
    expectUsageError(await runCli(["report", "--replay", recording, "--mode", "live"]), /no --mode live/);
    expectUsageError(await runCli(["report", "--replay", recording, "--since", "24h"]), /no --since/);
    expectUsageError(await runCli(["report", "--kinds", "updown"]), /--kinds .* goes with --replay/);
    expectUsageError(await runCli(["report", "--replay", join(dir, "nowhere")]), /is not a directory/);
    expectUsageError(await runCli(["calibrate", recording, "--markets", join(dir, "m.json")]), /not both/);
  });
});
