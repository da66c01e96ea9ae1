/**
 * `pm-arb calibrate` end to end on real data: 304 BTC 15-minute windows of 12–15 December 2025 in
 * the venues' own formats (test/fixtures/real-btc-15m, see its README). The figures are the data's;
 * they only change when the model, the scoring or the data do.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type CalibrationRecord, calibrationRecordSchema } from "../../core/records/calibration.ts";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp.ts";

const DATA = join(import.meta.dir, "..", "fixtures", "real-btc-15m");
const INPUTS = ["--markets", join(DATA, "gamma-markets.json"), "--candles", join(DATA, "binance-btcusdt-1m.csv"), "--prices-history", join(DATA, "prices-history")];

async function calibrate(...flags: string[]): Promise<{ code: number; stderr: string; records: CalibrationRecord[] }> {
  const { code, stderr, lines } = await runCli(["calibrate", ...INPUTS, "--json", ...flags]);
  return { code, stderr, records: lines.map((line) => calibrationRecordSchema.parse(line)) };
}

/** [brier, log_loss, slope] per minutes left (10, 5, 2, 1), by volatility scale, on all 304 windows (the market on its 226). */
const FIGURES: Record<string, [string, string, string][]> = {
  "1": [
    ["0.187531", "0.552647", "1.319542"],
    ["0.129229", "0.407530", "1.360948"],
    ["0.077243", "0.257173", "1.496971"],
    ["0.050650", "0.170939", "1.968306"],
  ],
  "0.8": [
    ["0.185921", "0.548787", "1.120854"],
    ["0.128728", "0.405967", "1.145773"],
    ["0.077235", "0.256231", "1.270025"],
    ["0.049678", "0.164697", "1.692215"],
  ],
  market: [
    ["0.203048", "0.590985", "1.047914"],
    ["0.137471", "0.427458", "1.172551"],
    ["0.081117", "0.272796", "1.127367"],
    ["0.062393", "0.204021", "1.194622"],
  ],
};

describe("pm-arb calibrate on real BTC 15-minute windows", () => {
  let run: Awaited<ReturnType<typeof calibrate>>;
  beforeAll(async () => {
    run = await calibrate();
  });

  test("one calibration record per minutes left and forecaster, in order", () => {
    expect(run.code).toBe(0);
    expect(run.records.every((r) => r.series === "btc-updown-15m")).toBe(true);
    expect(run.records.map((r) => r.minutes_left)).toEqual([10, 5, 2, 1].flatMap((minutes) => [minutes, minutes, minutes, minutes]));
    const forecasters = run.records.map((r) => r.forecaster.replace(/^model_vol_x[\d.]+$/, "model_vol_x…"));
    expect(forecasters).toEqual([10, 5, 2, 1].flatMap(() => ["model", "model_vol_x…", "model_vol_x…", "market"]));
    expect(run.stderr).toBe("[warn] 78 windows without a price history of their tokens: no market forecasts for them\n");
  });

  test("every model scored on all 304 windows from Binance opening prices; the market on the 226 with a price history", () => {
    for (const record of run.records) {
      const model = record.forecaster !== "market";
      expect([record.windows, record.n, record.paired]).toEqual([304, model ? 304 : 226, false]);
      expect(record.s0_source).toBe(model ? "binance-candle" : null);
      expect(record.market_source).toBe(model ? null : "prices-history");
      expect(record.vol_lookback_minutes).toBe(model ? 120 : null);
      expect(record.bins.reduce((sum, bin) => sum + bin.n, 0)).toBe(record.n);
    }
  });

  test("the figures: Brier, log loss and slope of the unscaled and ×0.8 volatility and of the market", () => {
    const seen = new Set<string>();
    for (const record of run.records) {
      const key = record.vol_scale ?? "market";
      const figures = FIGURES[key];
      if (!figures) continue;
      seen.add(key);
      expect([record.brier, record.log_loss, record.slope]).toEqual(figures[[10, 5, 2, 1].indexOf(record.minutes_left)]!);
    }
    expect([...seen].sort()).toEqual(["0.8", "1", "market"]);
  });

  test("the default volatility scores best of the three on this data: lowest mean log loss and mean Brier over the minutes left", () => {
    const mean = (forecaster: string, field: "log_loss" | "brier") => {
      const records = run.records.filter((r) => r.forecaster === forecaster);
      return records.reduce((sum, r) => sum + Number(r[field]), 0) / records.length;
    };
    const alternatives = [...new Set(run.records.map((r) => r.forecaster))].filter((name) => name.startsWith("model_vol_"));
    expect(alternatives).toHaveLength(2);
    for (const alternative of alternatives) {
      expect(mean("model", "log_loss")).toBeLessThan(mean(alternative, "log_loss"));
      expect(mean("model", "brier")).toBeLessThan(mean(alternative, "brier"));
    }
  });

  test("a reliability bin, exactly: the model 5 minutes before the end, forecasts 0.9 and above", () => {
    const model5 = run.records.find((r) => r.minutes_left === 5 && r.vol_scale === "1")!;
    expect(model5.bins[9]).toEqual({ low: "0.9", high: "1.0", n: 39, mean_forecast: "0.959016", observed: "1.000000" });
  });

  test("the model scores better than the market at every minutes left, on the same windows (--paired)", async () => {
    const paired = await calibrate("--paired");
    expect(paired.records.every((r) => r.n === 226 && r.paired)).toBe(true);
    for (const minutes of [10, 5, 2, 1]) {
      const at = paired.records.filter((r) => r.minutes_left === minutes);
      const market = at.find((r) => r.forecaster === "market")!;
      const model = at.find((r) => r.forecaster === "model")!;
      expect(Number(model.log_loss)).toBeLessThan(Number(market.log_loss));
      expect(Number(model.brier)).toBeLessThan(Number(market.brier));
    }
  });

  test("…but with its spot a minute old (--spot-delay 60s) the market scores better at every minutes left", async () => {
    const late = await calibrate("--paired", "--spot-delay", "60s");
    for (const minutes of [10, 5, 2, 1]) {
      const at = late.records.filter((r) => r.minutes_left === minutes);
      const market = at.find((r) => r.forecaster === "market")!;
      const model = at.find((r) => r.forecaster === "model")!;
      expect(model.spot_delay_ms).toBe(60_000);
      expect(Number(model.log_loss)).toBeGreaterThan(Number(market.log_loss));
      expect(Number(model.brier)).toBeGreaterThan(Number(market.brier));
    }
  });
});

describe("pm-arb calibrate with bad input", () => {
  const dir = tempDir();

  test("bad rows are reported on stderr and skipped; the rest is scored", async () => {
    const rows = JSON.parse(readFileSync(join(DATA, "gamma-markets.json"), "utf8")) as Record<string, unknown>[];
    rows[3] = { ...rows[3], endDate: "tomorrow" };
    rows.push({ ...rows[0], closed: false, slug: "btc-updown-15m-1" });
    writeFileSync(join(dir, "markets.json"), JSON.stringify(rows));
    const csv = readFileSync(join(DATA, "binance-btcusdt-1m.csv"), "utf8").split("\n");
    csv.splice(2, 0, "2025-12-12T19:59:00Z,90169.11,oops,90169.11,90198.22,3.89311");
    writeFileSync(join(dir, "candles.csv"), csv.join("\n"));
    cpSync(join(DATA, "prices-history"), join(dir, "history"), { recursive: true });
    const token = JSON.parse(rows[10]!.clobTokenIds as string)[0] as string;
    writeFileSync(join(dir, "history", `${token}.json`), '{"history": [{"t": "later", "p": 0.5}]');

    const inputs = ["--markets", join(dir, "markets.json"), "--candles", join(dir, "candles.csv"), "--prices-history", join(dir, "history")];
    const { code, stderr, lines } = await runCli(["calibrate", ...inputs, "--at-minutes", "5", "--json"]);
    expect(code).toBe(0);
    expect(stderr).toContain(`--markets ${join(dir, "markets.json")}: row 3: endDate: expected an ISO-8601 time; skipped`);
    expect(stderr).toContain("market btc-updown-15m-1: not resolved (closed false");
    expect(stderr).toContain(`--candles ${join(dir, "candles.csv")}: line 3: high:`);
    expect(stderr).toContain(`${token}.json: invalid JSON`);
    const model = lines.find((line) => line.forecaster === "model")!;
    const market = lines.find((line) => line.forecaster === "market")!;
    // Row 3 (dropped) and row 10 (its history now unreadable) both had a price history.
    expect([model.windows, model.n, market.n]).toEqual([303, 303, 224]);
  });

  test("an unreadable file is a usage error (exit 2); nothing to score is exit 1; a wrong flag names itself", async () => {
    const missing = await runCli(["calibrate", "--markets", join(dir, "nope.json"), "--candles", join(DATA, "binance-btcusdt-1m.csv")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`--markets ${join(dir, "nope.json")}: cannot read it (ENOENT)`);
    expect(missing.stdout).toBe("");

    writeFileSync(join(dir, "empty.json"), "[]");
    const empty = await runCli(["calibrate", "--markets", join(dir, "empty.json"), "--candles", join(DATA, "binance-btcusdt-1m.csv")]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain("holds no resolved BTC Up/Down window to score");

    const badMinutes = await runCli(["calibrate", ...INPUTS, "--at-minutes", "ten"]);
    expect(badMinutes.code).toBe(2);
    expect(badMinutes.stderr).toContain("--at-minutes must list whole minutes");
  });
});

test("on a terminal (--table): one aligned table of the records", async () => {
  const { code, stdout } = await runCli(["calibrate", ...INPUTS, "--at-minutes", "5", "--table"]);
  expect(code).toBe(0);
  const [header, ...rows] = stdout.trimEnd().split("\n");
  expect(header).toMatch(/^type\s+ts\s+series\s+minutes_left\s+forecaster\s+.*brier\s+log_loss\s+slope\s+bins$/);
  expect(rows).toHaveLength(4);
  expect(rows[0]).toMatch(/^calibration\s+\S+\s+btc-updown-15m\s+5\s+model\s/);
});
