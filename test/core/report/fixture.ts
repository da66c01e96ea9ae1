/**
 * A store with something in every section of the report, written through the store module: four
 * opportunities (two taken, one vanished, one untried), their paper orders and fills, two settled
 * positions and one open (marked), an uncertain order, one live order (which the paper report must
 * not show), an alert, a paper heartbeat with feeds and a lag histogram for two symbols, and a
 * calibrate output file. Secrets planted where the store keeps venue answers and alert channel
 * results, so a test can check none of them reaches the page.
 *
 * The amounts are chosen, not simulated: tests check the report's arithmetic, never a profit.
 */
import { writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { insertAlert } from "../../../core/alerts/store.ts";
import type { AlertMessage } from "../../../core/alerts/types.ts";
import { Decimal } from "../../../core/decimal.ts";
import { LAG_BUCKETS_MS } from "../../../core/run/lag.ts";
import { type HeartbeatValue, writeHeartbeat } from "../../../core/run/loop-heartbeat.ts";
import { openStore } from "../../../core/store/open.ts";
import { fills, opportunities, orders, positions } from "../../../core/store/schema.ts";
import { setState } from "../../../core/store/tx.ts";

/** A value no page may ever contain (a venue answer and an alert channel's result hold it). */
export const PLANTED_SECRET = "planted-secret-5f1c9a0e7d3b";

export const T0 = Date.UTC(2026, 10, 25, 12, 0, 0);
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const d = (value: string) => new Decimal(value);

function opportunity(id: string, symbol: string, window: string, fair: string) {
  const slug = `${symbol.toLowerCase()}-updown-${window}-1795608300`;
  return { id, slug, payload: { type: "opportunity", id, symbol, kind: "updown", window, fair, slug } };
}

const OPPS = {
  btc: opportunity("opp_000000000000000000000001", "BTC", "15m", "0.62"),
  eth: opportunity("opp_000000000000000000000002", "ETH", "5m", "0.55"),
  gone: opportunity("opp_000000000000000000000003", "BTC", "15m", "0.70"),
  untried: opportunity("opp_000000000000000000000004", "SOL", "15m", "0.60"),
};

type Opp = keyof typeof OPPS;
type FillInput = { key: string; opp: Opp; token: string; price: string; size: string; fee: string; minute: number };

/** Fills a store at `path`; `loopPid` is the pid the paper heartbeat names (a process the test owns). */
export function fillReportStore(path: string, options: { loopPid: number; now?: Date } = { loopPid: 0 }): void {
  using store = openStore(path);
  const db = store.db;
  const now = options.now ?? at(60);
  for (const [index, opp] of Object.values(OPPS).entries()) {
    const row = { id: opp.id, seenAt: at(index), conditionId: `0xcond${index}`, marketSlug: opp.slug, tokenId: `${100 + index}`, outcome: "Up", netEdge: d("0.1") };
    db.insert(opportunities)
      .values({ ...row, payload: opp.payload })
      .run();
  }

  const order = (key: string, opp: Opp | null, token: string, status: "filled" | "cancelled" | "uncertain", filled: string, mode: "paper" | "live" = "paper", minute = 1) =>
    db
      .insert(orders)
      .values({
        clientOrderId: `coid-${key}`,
        opportunityId: opp ? OPPS[opp].id : null,
        conditionId: `0xcond-${key}`,
        marketSlug: opp ? OPPS[opp].slug : "xrp-updown-15m-1795608300",
        tokenId: token,
        outcome: "Up",
        side: "BUY",
        orderType: "FOK",
        limitPrice: d("0.5"),
        size: d("10"),
        status,
        mode,
        filledSize: d(filled),
        venueResponse: { success: true, api_secret: PLANTED_SECRET },
        intent: { passphrase: PLANTED_SECRET },
        createdAt: at(minute),
        updatedAt: at(minute),
      })
      .returning({ id: orders.id })
      .get().id;

  const fill = ({ key, opp, token, price, size, fee, minute }: FillInput) => {
    const orderId = order(key, opp, token, "filled", size, "paper", minute);
    db.insert(fills)
      .values({ orderId, tradeId: `trade-${key}`, tokenId: token, side: "BUY", price: d(price), size: d(size), fee: d(fee), status: "confirmed", ts: at(minute) })
      .run();
  };
  fill({ key: "btc", opp: "btc", token: "100", price: "0.5", size: "10", fee: "0.1", minute: 1 });
  fill({ key: "eth", opp: "eth", token: "101", price: "0.45", size: "20", fee: "0.2", minute: 2 });
  order("gone", "gone", "102", "cancelled", "0");
  order("unsure", null, "104", "uncertain", "0");
  order("live", "btc", "100", "filled", "10", "live");

  const position = (token: string, opp: Opp | null, values: Partial<typeof positions.$inferInsert>) =>
    db
      .insert(positions)
      .values({
        mode: "paper",
        tokenId: token,
        conditionId: `0xcond-${token}`,
        marketSlug: opp ? OPPS[opp].slug : "sol-updown-15m-1795608300",
        outcome: "Up",
        openedAt: at(1),
        ...values,
      })
      .run();
  // BTC won: 10 × 1 − 5 − 0.1; ETH lost: 0 − 9 − 0.2.
  position("100", "btc", { size: d("10"), cost: d("5"), fees: d("0.1"), status: "settled", payout: d("10"), realisedPnl: d("4.9"), closedAt: at(16) });
  position("101", "eth", { size: d("20"), cost: d("9"), fees: d("0.2"), status: "settled", payout: d("0"), realisedPnl: d("-9.2"), closedAt: at(20) });
  position("105", null, { size: d("8"), cost: d("4"), fees: d("0.08"), markPrice: d("0.55"), markedAt: at(30) });

  const alert: AlertMessage = {
    key: "feed-down:binance",
    kind: "feed_down",
    level: "high",
    priority: 1,
    title: "Feed down: binance",
    message: "binance stream silent for 30 s",
    suppressed: 0,
    at: at(25),
  };
  insertAlert(db, alert, { webhook: { ok: false, error: `401 token ${PLANTED_SECRET}` } });
  setState(db, "note:venue", { api_key: PLANTED_SECRET }, now);
  writeHeartbeat(db, heartbeat(options.loopPid, now), now);
}

function heartbeat(pid: number, now: Date): HeartbeatValue {
  const counts = (...values: number[]) => LAG_BUCKETS_MS.map((_, i) => values[i] ?? 0);
  return {
    pid,
    host: hostname(),
    mode: "paper",
    started_at: at(0).toISOString(),
    beat_at: now.toISOString(),
    symbols: ["BTC", "ETH"],
    markets: 4,
    counts: { ticks: 900, book_updates: 2000, opportunities: 4, decisions: 3, orders: 3, fills: 2, settled: 2, alerts: 1 },
    feeds: {
      binance: { status: "up", since: at(0).toISOString(), last_data_at: now.toISOString(), markets: 4, downs: 1 },
      market: { status: "up", since: at(0).toISOString(), last_data_at: now.toISOString(), markets: 4, downs: 0 },
    },
    lag: [
      { symbol: "BTC", series: "updown-15m", samples: 6, median_ms: 2100, p90_ms: 3900, last_ms: 2500, open_gaps: 0, dropped: 1, histogram: counts(0, 0, 1, 1, 3, 1) },
      { symbol: "ETH", series: "updown-5m", samples: 4, median_ms: 1200, p90_ms: 2200, last_ms: 900, open_gaps: 1, dropped: 0, histogram: counts(0, 0, 1, 2, 1) },
    ],
  };
}

/** `pm-arb calibrate` output for one series at 5 minutes left: the model and the market, 10 bins each. */
export function writeCalibrationFile(dir: string): string {
  const bins = (shift: number) =>
    Array.from({ length: 10 }, (_, i) => {
      const n = i % 3 === 2 ? 0 : 5 + i;
      const mean = (i + 0.5) / 10;
      return {
        low: String(i / 10),
        high: String((i + 1) / 10),
        n,
        mean_forecast: n ? mean.toFixed(4) : null,
        observed: n ? Math.min(1, Math.max(0, mean + shift)).toFixed(4) : null,
      };
    });
  const record = (forecaster: string, shift: number) => ({
    type: "calibration",
    v: 1,
    ts: new Date(T0).toISOString(),
    series: "btc-updown-15m",
    minutes_left: 5,
    forecaster,
    vol_lookback_minutes: forecaster === "market" ? null : 60,
    vol_scale: forecaster === "market" ? null : "1",
    vol_floor: forecaster === "market" ? null : "0.1",
    spot_delay_ms: forecaster === "market" ? null : 0,
    s0_source: forecaster === "market" ? null : "settlement",
    paired: true,
    windows: 120,
    n: 100,
    brier: "0.2100",
    log_loss: "0.6100",
    slope: "0.9",
    bins: bins(shift),
  });
  const path = join(dir, "calibration.jsonl");
  writeFileSync(path, `${JSON.stringify({ type: "summary-of-something-else", v: 1 })}\n${JSON.stringify(record("model", 0.03))}\n${JSON.stringify(record("market", -0.05))}\n`);
  return path;
}
