import { expect, test } from "bun:test";
import { modelForecasters } from "../../../core/calibrate/options.ts";
import { publicForecasts } from "../../../core/calibrate/public-forecasts.ts";
import type { RecordedEvent } from "../../../core/replay/feed.ts";
import { readRecordedData } from "../../../core/replay/recorded-calibration.ts";
import { constructedRecording, playable } from "./recording.ts";

async function read(events: RecordedEvent[]) {
  const warnings: string[] = [];
  const data = await readRecordedData(playable(events), "BTC", (message) => warnings.push(message));
  return { data, warnings };
}

const MODELS = modelForecasters({ floor: 0.2, spotDelayMs: 0 });

test("a recording's resolved window: outcome from the resolved row, the market from the Up token's book mid, s0 from the Chainlink point", async () => {
  const { data, warnings } = await read(constructedRecording({ vanishAfterMs: 1_000 }));
  expect(warnings).toEqual([]);
  expect(data.windows.map((window) => [window.series, window.outcome])).toEqual([["btc-updown-15m", 1]]);
  const [window] = data.windows;
  // Bid 0.40, ask 0.50 until the ask is taken: then one-sided, no mid.
  expect(new Set(data.upHistory!(window!)!.map((point) => point.p))).toEqual(new Set([0.45]));
  const [scored] = publicForecasts(data, [10, 1], MODELS);
  const market = scored!.forecasts.filter((forecast) => forecast.forecaster === "market");
  expect(market.map((forecast) => [forecast.minutesLeft, forecast.p])).toEqual([
    [10, 0.45],
    [1, 0.45],
  ]);
  const model = scored!.forecasts.filter((forecast) => forecast.forecaster === "model");
  expect(model.map((forecast) => forecast.s0Source)).toEqual(["settlement", "settlement"]);
  expect(model.every((forecast) => forecast.p > 0.5)).toBe(true);
});

test("no resolved row: the market channel's market_resolved decides; with neither the window is not scored and counted", async () => {
  const unresolved = constructedRecording({ vanishAfterMs: 1_000, resolvedRow: false });
  const row = unresolved.find((event) => event.src === "gamma_markets")!.msg as Record<string, string>[];
  const [up, down] = JSON.parse(row[0]!.clobTokenIds!) as [string, string];
  const last = unresolved.at(-1)!.t;
  const resolvedBy = (winner: string): RecordedEvent => ({
    t: last + 1,
    src: "clob_market",
    msg: { event_type: "market_resolved", market: row[0]!.conditionId, assets_ids: [up, down], winning_asset_id: winner, timestamp: String(last + 1) },
  });
  expect((await read([...unresolved, resolvedBy(down)])).data.windows.map((window) => window.outcome)).toEqual([0]);
  const neither = await read([...unresolved, { t: last + 2, src: "gamma_markets", msg: { not: "an array" } }]);
  expect(neither.data.windows).toEqual([]);
  expect(neither.warnings).toEqual([
    `recorded gamma_markets: at ${last + 2}: not a JSON array of markets; skipped`,
    "1 recorded BTC Up/Down windows not resolved in the recording (no resolved Gamma row, no market_resolved): not scored",
  ]);
});
