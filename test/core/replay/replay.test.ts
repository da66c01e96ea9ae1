import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { RecordEnvelope } from "../../../core/cli/output.ts";
import { summaryRecordSchema } from "../../../core/records/summary.ts";
import type { RecordedEvent } from "../../../core/replay/feed.ts";
import { runReplay } from "../../../core/replay/run.ts";
import { parseRunFlags } from "../../../core/run/options.ts";
import { tempDir } from "../../helpers/temp.ts";
import { constructedRecording, playable } from "./recording.ts";

/** The recording replayed through `run --replay` with these flags; `badLines` are what its reader skipped before. */
async function replay(events: RecordedEvent[], flags: Record<string, string | boolean> = {}, badLines?: () => number) {
  const lines: string[] = [];
  const options = parseRunFlags({ replay: "constructed", vol: "0.5", symbols: "BTC", quiet: false, ...flags });
  const env = { ...process.env, PM_ARB_DB: join(tempDir(), "store.sqlite") };
  const code = await runReplay(options, (record: RecordEnvelope & Record<string, unknown>) => lines.push(JSON.stringify(record)), { env, events: playable(events), badLines });
  expect(code).toBe(0);
  const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  const summary = summaryRecordSchema.parse(records.at(-1));
  return { lines, records, summary };
}

/** An edge that vanishes 100 ms after it appears; the window resolved by its recorded Gamma row. */
const EDGE = constructedRecording({ vanishAfterMs: 100 });

describe("run --replay", () => {
  test("the same recording and configuration give byte-identical records", async () => {
    const first = await replay(EDGE, { latency: "0ms" });
    const second = await replay(EDGE, { latency: "0ms" });
    expect(first.records.some((record) => record.type === "order")).toBe(true);
    expect(second.lines).toEqual(first.lines);
  });

  test("an edge gone 100 ms after it appears fills at latency 0 and vanishes at 150 ms", async () => {
    const instant = await replay(EDGE, { latency: "0ms" });
    const late = await replay(EDGE, { latency: "150ms" });
    expect(instant.summary.replay?.opportunities).toMatchObject({ taken: 1, vanished: 0 });
    expect(instant.summary.fills).toBe(1);
    expect(late.summary.replay?.opportunities).toMatchObject({ taken: 0, vanished: 1 });
    expect(late.summary.fills).toBe(0);
    expect(late.summary.replay?.latency_ms).toBe(150);
  });
});

describe("run --replay: what the recording holds", () => {
  test("lines it cannot use are reported and skipped, and the rest still replays", async () => {
    const bad = [
      { t: EDGE[3]!.t, src: "kraken", msg: { price: "1" } },
      { t: EDGE[4]!.t, src: "gamma_markets", msg: { not: "an array" } },
    ];
    const { summary } = await replay([...EDGE.slice(0, 4), ...bad, ...EDGE.slice(4)], { latency: "0ms" }, () => 3);
    expect(summary.replay?.bad_lines).toBe(2 + 3);
    expect(summary.replay?.lines).toBe(EDGE.length + 2);
    expect(summary.fills).toBe(1);
  });

  test("a window settles from its recorded resolved row, or from the recorded settlement price when none was recorded", async () => {
    const gamma = await replay(EDGE, { latency: "0ms" });
    expect(gamma.summary.replay?.settled_by).toEqual({ channel: 0, gamma: 1, spot: 0 });
    const spot = await replay(constructedRecording({ vanishAfterMs: 100, resolvedRow: false }), { latency: "0ms" });
    expect(spot.summary.replay?.settled_by).toEqual({ channel: 0, gamma: 0, spot: 1 });
    // Spot rose through the window: Up won either way, and the P&L is the same.
    expect(spot.summary.realised_pnl).toBe(gamma.summary.realised_pnl);
    expect(spot.summary.wins).toBe(1);
    expect(spot.summary.replay?.pnl_by_series).toEqual({ "updown-15m": spot.summary.realised_pnl });
    expect(spot.summary.replay?.pnl_by_symbol).toEqual({ BTC: spot.summary.realised_pnl });
  });
});
