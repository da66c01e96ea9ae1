import { describe, expect, test } from "bun:test";
import { eventLine, type LiveSnapshot, LiveView, statusLines, wantsLiveView } from "../../../core/run/live-view.ts";

const snapshot = (over: Partial<LiveSnapshot> = {}): LiveSnapshot => ({
  mode: "paper",
  venueNow: Date.parse("2026-11-25T12:02:11Z"),
  speed: 20,
  upMs: 42_000,
  markets: 32,
  feeds: {
    market: { status: "up", since: "" },
    "spot:binance": { status: "up", since: "" },
    "spot:coinbase": { status: "down", since: "", reason: "coinbase stream down" },
    settlement: { status: "up", since: "" },
  },
  counts: { ticks: 900, book_updates: 40, opportunities: 4, decisions: 2, orders: 2, fills: 3, settled: 1, alerts: 3 },
  pnl: { bankroll: "200", equity: "201.234", realised_pnl: "1.5", unrealised_pnl: "-0.266", fees_paid: "0.63145", open_positions: 1 },
  ...over,
});

const order = {
  type: "order",
  v: 1,
  ts: "2026-11-25T12:02:12.671Z",
  status: "filled",
  side: "BUY",
  outcome: "Up",
  slug: "bitcoin-up-or-down-november-25-7am-et",
  condition_id: "0xa9",
  limit_price: "0.56",
  size: "33.3214",
  filled_size: "35.207547",
  avg_price: "0.53",
  cost: "18.66",
  fee: "0.63145",
};

describe("the status block", () => {
  test("time, feeds, markets, opportunities, orders and P&L in three lines", () => {
    expect(statusLines(snapshot(), 200)).toEqual([
      "── pm-arb paper · 12:02:11 venue time (20x) · up 0:00:42",
      "   feeds: market up, settlement up, binance up, coinbase DOWN · 32 markets watched",
      "   4 opportunities · 2 orders (3 fills) · 1 settled · P&L +1.50 realised, -0.27 unrealised, fees 0.63 · equity 201.23 (1 open)",
    ]);
  });

  test("cut to the terminal's width, so that it never wraps", () => {
    for (const line of statusLines(snapshot(), 40)) expect(line.length).toBeLessThanOrEqual(40);
  });

  test("a store that could not be read is said, not shown as zero", () => {
    expect(statusLines(snapshot({ pnl: undefined }))[2]).toEndWith("P&L unavailable");
  });
});

describe("one short line per order, settlement and alert for a person", () => {
  test("a filled order: what, how much, at what price, its cost and fee", () => {
    expect(eventLine(order)).toBe("12:02:12 filled BUY Up bitcoin-up-or-down-november-25-7am-et: 35.21 @ 0.53, cost 18.66 + fee 0.63");
  });

  test("an order not filled: its limit and why", () => {
    expect(eventLine({ ...order, status: "rejected", reason: "risk: max_open_positions", filled_size: "0", avg_price: undefined })).toBe(
      "12:02:12 rejected BUY Up bitcoin-up-or-down-november-25-7am-et: 33.32 @ ≤0.56 — risk: max_open_positions",
    );
  });

  test("a settlement, a high alert; nothing for opportunities, decisions, fills, summaries or low alerts", () => {
    const alert = { type: "alert", v: 1, ts: "2026-11-25T13:00:05Z", level: "normal", title: "Settled (paper): x", message: "Up: P&L 3.21" };
    expect(eventLine({ ...alert, key: "settled:paper:1", data: { slug: "btc-updown-15m-1", outcome: "Up", pnl: "3.2145" } })).toBe(
      "13:00:05 settled btc-updown-15m-1: Up, P&L +3.21",
    );
    expect(eventLine({ ...alert, key: "feed_down:market", level: "high", title: "Feed market is down", message: "silent" })).toBe("13:00:05 ALERT Feed market is down: silent");
    for (const type of ["opportunity", "decision", "fill", "summary"]) expect(eventLine({ type, v: 1, ts: order.ts })).toBeUndefined();
    expect(eventLine({ ...alert, key: "loop_started:paper:1", level: "low" })).toBeUndefined();
  });
});

describe("LiveView on a terminal", () => {
  test("event lines go above the block, which is erased and drawn again; the last block stays", () => {
    const written: string[] = [];
    const view = new LiveView({ write: (text: string) => written.push(text), columns: 200 });
    view.watch(() => snapshot());
    view.record(order);
    view.record({ type: "opportunity", v: 1, ts: order.ts });
    view.stop();
    const block = `${statusLines(snapshot(), 200).join("\n")}\n`;
    const erase = "\x1b[3A\r\x1b[J";
    expect(written).toEqual([block, erase, `${eventLine(order)}\n`, block, erase, block]);
  });

  test("drawn only on a terminal without --json or --table", () => {
    expect(wantsLiveView({}, () => true)).toBe(true);
    expect(wantsLiveView({}, () => false)).toBe(false);
    expect(wantsLiveView({ json: true }, () => true)).toBe(false);
    expect(wantsLiveView({ table: true }, () => true)).toBe(false);
  });
});
