import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { UsageError } from "../../../core/cli/errors.ts";
import { Decimal } from "../../../core/decimal.ts";
import { readCalibrationFile } from "../../../core/report/calibration-file.ts";
import { reportFromStore } from "../../../core/report/from-store.ts";
import { reportHtml } from "../../../core/report/html.ts";
import { liveSection } from "../../../core/report/live.ts";
import { parseDashboardFlags, parseReportFlags } from "../../../core/report/options.ts";
import { openStore } from "../../../core/store/open.ts";
import { tempDb, tempDir } from "../../helpers/temp.ts";
import { fillReportStore, PLANTED_SECRET, T0, writeCalibrationFile } from "./fixture.ts";

const NOW = new Date(T0 + 3_600_000);

function report(options: { mode?: "paper" | "live"; since?: Date | null } = {}) {
  const path = tempDb();
  fillReportStore(path, { loopPid: 0, now: NOW });
  using store = openStore(path);
  return reportFromStore(store.db, { mode: options.mode ?? "paper", since: options.since ?? null, bankroll: new Decimal("200"), source: "store test", now: NOW });
}

describe("report data from the store", () => {
  test("equity steps by each settled position's realised P&L, drawdown from the high-water mark", () => {
    expect(report().equity).toEqual([
      { at: new Date(T0 + 60_000).toISOString(), equity: "200", drawdown: "0" },
      { at: new Date(T0 + 16 * 60_000).toISOString(), equity: "204.9", drawdown: "0" },
      // (204.9 − 195.7) / 204.9
      { at: new Date(T0 + 20 * 60_000).toISOString(), equity: "195.7", drawdown: "0.0449" },
    ]);
  });

  test("realised P&L per series and symbol; fees paid against the edge the fills captured", () => {
    const data = report();
    expect(data.pnl).toEqual([
      { series: "btc-updown-15m", symbol: "BTC", positions: 1, realised_pnl: "4.9", fees: "0.1" },
      { series: "eth-updown-5m", symbol: "ETH", positions: 1, realised_pnl: "-9.2", fees: "0.2" },
    ]);
    // (0.62 − 0.5) × 10 and (0.55 − 0.45) × 20.
    expect(data.fees_vs_edge).toEqual([
      { symbol: "BTC", fills: 1, fees_paid: "0.1", edge_captured: "1.2" },
      { symbol: "ETH", fills: 1, fees_paid: "0.2", edge_captured: "2" },
    ]);
  });

  test("fills newest first, only the mode's; opportunities seen, taken, vanished, untried", () => {
    const paper = report();
    expect(paper.fills.map((fill) => [fill.slug, fill.price, fill.size, fill.fee, fill.status])).toEqual([
      ["eth-updown-5m-1795608300", "0.45", "20", "0.2", "confirmed"],
      ["btc-updown-15m-1795608300", "0.5", "10", "0.1", "confirmed"],
    ]);
    expect(paper.opportunities).toEqual({ seen: 4, taken: 2, vanished: 1, untried: 1 });
    const live = report({ mode: "live" });
    expect([live.fills, live.pnl, live.opportunities]).toEqual([[], [], { seen: 4, taken: 1, vanished: 0, untried: 3 }]);
  });

  test("--since keeps the later positions, fills and opportunities", () => {
    const data = report({ since: new Date(T0 + 90_000) });
    expect(data.fills.map((fill) => fill.slug)).toEqual(["eth-updown-5m-1795608300"]);
    expect(data.opportunities?.seen).toBe(2);
    const later = report({ since: new Date(T0 + 18 * 60_000) });
    expect([later.equity.map((point) => point.equity), later.fills, later.opportunities]).toEqual([["200", "190.8"], [], null]);
  });

  test("the lag rows are the heartbeat's, histogram included", () => {
    expect(report().lag.map((row) => [row.mode, row.symbol, row.histogram.reduce((a, b) => a + b, 0)])).toEqual([
      ["paper", "BTC", 6],
      ["paper", "ETH", 4],
    ]);
  });

  test("the live section: open positions with marks, unresolved orders, alerts without their channels", () => {
    const path = tempDb();
    fillReportStore(path, { loopPid: 0, now: NOW });
    using store = openStore(path);
    const live = liveSection(store.db, "paper", NOW);
    // 8 × 0.55 − 4 − 0.08
    expect(live.open_positions.map((p) => [p.size, p.mark_price, p.unrealised_pnl])).toEqual([["8", "0.55", "0.32"]]);
    expect(live.open_orders.map((o) => [o.client_order_id, o.status])).toEqual([["coid-unsure", "uncertain"]]);
    expect(live.alerts.map((a) => a.title)).toEqual(["Feed down: binance"]);
    expect(live.kill_switch).toBeNull();
    expect(JSON.stringify(live)).not.toContain(PLANTED_SECRET);
  });
});

describe("the page", () => {
  test("text from the store cannot close the data's script element", () => {
    const data = { ...report(), title: "</script><script>alert(1)</script>" };
    data.fills[0]!.slug = "</script><img src=x onerror=alert(1)>";
    const html = reportHtml(data);
    expect(html).not.toContain("</script><img");
    expect(html).not.toContain("<title></script>");
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    const json = html.match(/<script type="application\/json" id="report-data">(.*?)<\/script>/s)![1]!;
    expect(JSON.parse(json).fills[0].slug).toBe("</script><img src=x onerror=alert(1)>");
  });

  test("self-contained: no URL to load anything from, a policy that forbids it, no secret", () => {
    const html = reportHtml(report());
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(html).toContain("default-src 'none'");
    expect(html).not.toContain(PLANTED_SECRET);
  });
});

describe("calibrate output", () => {
  test("calibration records become curves; other records are skipped", () => {
    const curves = readCalibrationFile(writeCalibrationFile(tempDir()));
    expect(curves.map((curve) => [curve.series, curve.minutes_left, curve.forecaster, curve.bins.length])).toEqual([
      ["btc-updown-15m", 5, "model", 10],
      ["btc-updown-15m", 5, "market", 10],
    ]);
  });

  test("a bad line, a bad record, no records, or no file is a usage error naming it", () => {
    const dir = tempDir();
    // [file, its text (none: no file), the error]
    const cases: [string, string | undefined, RegExp][] = [
      ["bad.jsonl", "{not json\n", /line 1: invalid JSON/],
      ["short.jsonl", `${JSON.stringify({ type: "calibration", v: 1 })}\n`, /line 1: not a calibration record/],
      ["none.jsonl", `${JSON.stringify({ type: "price" })}\n`, /no calibration records/],
      ["missing.jsonl", undefined, /cannot read .*ENOENT/],
    ];
    for (const [name, text, message] of cases) {
      const path = `${dir}/${name}`;
      if (text !== undefined) writeFileSync(path, text);
      expect(() => readCalibrationFile(path)).toThrow(UsageError);
      expect(() => readCalibrationFile(path)).toThrow(message);
    }
  });
});

describe("flags", () => {
  test("--since takes a duration before now or an ISO time; --mode paper or live", () => {
    expect(parseReportFlags({ since: "2h" }, NOW)).toEqual({ mode: "paper", since: new Date(NOW.getTime() - 7_200_000), out: "report.html" });
    expect(parseReportFlags({ since: "2026-11-25T12:30:00Z", mode: "live", out: "x.html" }, NOW)).toMatchObject({ mode: "live", since: new Date(T0 + 1_800_000), out: "x.html" });
    expect(() => parseReportFlags({ since: "yesterday" }, NOW)).toThrow(/--since must be/);
    expect(() => parseReportFlags({ since: "30" }, NOW)).toThrow(/--since must be/);
    expect(() => parseReportFlags({ mode: "real" }, NOW)).toThrow(/--mode must be paper or live/);
  });

  test("the dashboard binds to 127.0.0.1:8788 unless told; --host must be an address", () => {
    expect(parseDashboardFlags({})).toEqual({ mode: "paper", host: "127.0.0.1", port: 8788, refreshMs: 2000 });
    expect(parseDashboardFlags({ host: "0.0.0.0", port: "0" })).toMatchObject({ host: "0.0.0.0", port: 0 });
    expect(() => parseDashboardFlags({ host: "example.com" })).toThrow(/--host must be an IP address/);
    expect(() => parseDashboardFlags({ port: "70000" })).toThrow(/--port must be/);
    expect(() => parseDashboardFlags({ refresh: "10ms" })).toThrow(/--refresh must be at least/);
  });
});
