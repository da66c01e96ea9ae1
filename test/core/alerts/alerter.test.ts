import { beforeEach, describe, expect, test } from "bun:test";
import { Alerter } from "../../../core/alerts/alerter.ts";
import { alerts } from "../../../core/alerts/catalog.ts";
import { channelsFromConfig } from "../../../core/alerts/from-config.ts";
import { recentAlerts } from "../../../core/alerts/store.ts";
import { webhookChannel } from "../../../core/alerts/webhook.ts";
import { ConfigError } from "../../../core/cli/errors.ts";
import { loadConfig } from "../../../core/config/load.ts";
import { Decimal } from "../../../core/decimal.ts";
import { type AlertRecord, alertRecordSchema } from "../../../core/records/alert.ts";
import { openStore, type Store } from "../../../core/store/open.ts";
import { useWebhookReceiver } from "../../helpers/use-webhook-receiver.ts";

const receiver = useWebhookReceiver();
let store: Store;
let clock: number;
const now = () => new Date(clock);
const records: AlertRecord[] = [];
const warnings: string[] = [];

beforeEach(() => {
  store?.close();
  store = openStore(":memory:");
  clock = Date.UTC(2026, 10, 25, 12);
  records.length = 0;
  warnings.length = 0;
});

function alerter(over: Partial<ConstructorParameters<typeof Alerter>[0]> = {}) {
  return new Alerter({
    channels: [webhookChannel({ url: receiver.url("/hook") })],
    store: store.db,
    emit: (record) => records.push(record),
    now,
    sleep: async () => {},
    log: { warn: (m) => warnings.push(m), debug: () => {} },
    ...over,
  });
}

describe("de-duplication", () => {
  test("an outage of a thousand failures sends one alert; the next window's alert counts the folded ones", async () => {
    const a = alerter();
    for (let i = 0; i < 1000; i++) {
      a.raise(alerts.feedDown("binance", "silent", 3));
      clock += 100; // 100 s of outage
    }
    await a.flush();
    expect(receiver.requests).toHaveLength(1);
    expect(records).toHaveLength(1);
    clock += 10 * 60_000;
    const outcome = a.raise(alerts.feedDown("binance", "silent", 3));
    await a.flush();
    expect(outcome.status).toBe("queued");
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.requests[1]!.json.suppressed).toBe(999);
    expect(records[1]!.suppressed).toBe(999);
  });

  test("different keys are not folded together", async () => {
    const a = alerter();
    a.raise(alerts.feedDown("binance", "silent", 3));
    a.raise(alerts.feedDown("coinbase", "silent", 3));
    await a.flush();
    expect(receiver.requests.map((r) => r.json.key).sort()).toEqual(["feed_down:binance", "feed_down:coinbase"]);
  });

  test("a second process (the cron watchdog) folds against the alerts table", async () => {
    await alerter().send(alerts.loopStale("live", 180_000, 4242));
    clock += 60_000;
    const second = await alerter().send(alerts.loopStale("live", 240_000, 4242));
    expect(second.status).toBe("suppressed");
    clock += 30 * 60_000;
    const third = await alerter().send(alerts.loopStale("live", 2_000_000, 4242));
    expect(third.status).toBe("queued");
    expect(receiver.requests).toHaveLength(2);
  });

  test("every executed trade alerts (unique keys)", async () => {
    const a = alerter();
    for (const id of ["a", "b", "c"]) {
      a.raise(
        alerts.trade({
          mode: "paper",
          slug: "btc-updown-15m-1",
          outcome: "Up",
          side: "BUY",
          size: new Decimal(10),
          price: new Decimal("0.41"),
          fee: new Decimal("0.17"),
          clientOrderId: id,
          expectedPnl: new Decimal("1.2"),
        }),
      );
    }
    await a.flush();
    expect(receiver.requests).toHaveLength(3);
    expect(receiver.requests[0]!.json).toMatchObject({ priority: 0, level: "normal", data: { pnl: "1.2" } });
  });
});

describe("priorities and routing", () => {
  test("the pilot's levels map to Pushover priorities", async () => {
    const a = alerter();
    a.raise(alerts.loopCrashed("live", "TypeError: x"));
    a.raise(alerts.halted("live", "drawdown 21% > 20%", "drawdown_halt"));
    a.raise(alerts.authFailure("clob", "HTTP 401"));
    a.raise(alerts.largeLoss("btc-updown-15m-1", new Decimal("-25"), new Decimal("20"), "live"));
    a.raise(alerts.orderRejected("btc-updown-15m-1", "not enough balance", "live"));
    a.raise(alerts.venueErrors("clob", 5, "HTTP 425"));
    a.raise(alerts.dailySummary("2026-11-25", "live", "P&L $3.10", {}));
    await a.flush();
    const byKind = Object.fromEntries(receiver.requests.map((r) => [r.json.kind, r.json.priority]));
    expect(byKind).toEqual({ loop_crashed: 2, drawdown_halt: 2, auth_failure: 2, large_loss: 1, order_rejected: 1, venue_errors: 1, daily_summary: 0 });
  });

  test("below alert_min_priority: record and row, no push", async () => {
    const a = alerter({ minPriority: 1 });
    const outcome = a.raise(alerts.feedRestored("binance", 12_000));
    await a.flush();
    expect(outcome.status).toBe("below_min_priority");
    expect(receiver.requests).toHaveLength(0);
    expect(records[0]).toMatchObject({ delivery: "below_min_priority", channels: [] });
    expect(recentAlerts(store.db)[0]!.channels).toEqual({ below_min_priority: true });
  });

  test("rate limit holds back non-critical alerts, never critical ones", async () => {
    const a = alerter({ rateLimit: { max: 2, perMs: 60_000 } });
    const statuses = ["a", "b", "c"].map((venue) => a.raise(alerts.venueErrors(venue, 3, "500")).status);
    const critical = a.raise(alerts.authFailure("clob", "401")).status;
    await a.flush();
    expect(statuses).toEqual(["queued", "queued", "rate_limited"]);
    expect(critical).toBe("queued");
    clock += 61_000;
    expect(a.raise(alerts.venueErrors("d", 3, "500")).status).toBe("queued");
  });

  test("no channels: stdout record and store row only", async () => {
    const a = alerter({ channels: [] });
    expect(a.raise(alerts.loopCrashed("paper", "x")).status).toBe("no_channels");
    expect(records[0]!.delivery).toBe("no_channels");
  });
});

describe("delivery failures are never fatal", () => {
  test("a failing channel is retried, logged, and its failure written to the row", async () => {
    receiver.failNext(10, 500);
    const a = alerter();
    const outcome = a.raise(alerts.loopCrashed("live", "boom"));
    expect(outcome.status).toBe("queued");
    const results = outcome.status === "queued" ? await outcome.delivery : {};
    expect(results.webhook).toMatchObject({ ok: false, attempts: 3 });
    expect(warnings[0]).toContain("webhook delivery failed after 3 attempt(s)");
    expect(recentAlerts(store.db)[0]!.channels).toMatchObject({ webhook: { ok: false, attempts: 3 } });
  });

  test("a closed store is logged, not thrown", async () => {
    const a = alerter();
    store.close();
    expect(() => a.raise(alerts.loopCrashed("live", "x"))).not.toThrow();
    await a.flush();
    expect(warnings.some((w) => w.includes("store"))).toBe(true);
    store = openStore(":memory:");
  });

  test("records validate against the schema; the row holds the delivery", async () => {
    const a = alerter();
    const outcome = a.raise(alerts.killSwitch("maintenance", "pm-arb stop"));
    await a.flush();
    expect(outcome.status).toBe("queued");
    for (const record of records) expect(alertRecordSchema.safeParse(record).success).toBe(true);
    expect(recentAlerts(store.db)[0]!.channels).toMatchObject({ webhook: { ok: true, attempts: 1 } });
  });
});

describe("channels from config", () => {
  const base = { pushover_url: "https://api.pushover.net", alert_min_priority: 0, request_timeout_ms: 2500 } as const;
  test("none, pushover, webhook, both", () => {
    expect(channelsFromConfig({ ...base } as any)).toEqual([]);
    expect(channelsFromConfig({ ...base, pushover_token: "t", pushover_user: "u" } as any).map((c) => c.name)).toEqual(["pushover"]);
    expect(channelsFromConfig({ ...base, webhook_url: "https://x.example/h", pushover_token: "t", pushover_user: "u" } as any).map((c) => c.name)).toEqual(["pushover", "webhook"]);
  });
  test("half a Pushover configuration is an error naming the missing key", () => {
    expect(() => channelsFromConfig({ ...base, pushover_token: "t" } as any)).toThrow(ConfigError);
    expect(() => channelsFromConfig({ ...base, pushover_user: "u" } as any)).toThrow(/pushover_token/);
  });
  test("from the real loader (env)", () => {
    const config = loadConfig({ env: { PM_ARB_WEBHOOK_URL: receiver.url("/hook"), PM_ARB_DB: ":memory:" }, cwd: "/nonexistent" });
    expect(channelsFromConfig(config).map((c) => c.name)).toEqual(["webhook"]);
  });
});
