import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { Alerter } from "../../../core/alerts/alerter.ts";
import { webhookChannel } from "../../../core/alerts/webhook.ts";
import { stamp } from "../../../core/cli/output.ts";
import { statusRecordSchema } from "../../../core/records/status.ts";
import { engageKillSwitch } from "../../../core/run/kill-switch.ts";
import { type HeartbeatValue, writeHeartbeat } from "../../../core/run/loop-heartbeat.ts";
import { loopStatuses, needsAlert, statusOf, watchdog } from "../../../core/run/status.ts";
import { openStore, type Store } from "../../../core/store/open.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../../helpers/webhook-receiver.ts";

const T0 = Date.UTC(2026, 10, 25, 12);
let store: Store;
let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver.stop());
beforeEach(() => {
  store?.close();
  store = openStore(":memory:");
  receiver.clear();
});

function beat(over: Partial<HeartbeatValue> = {}): HeartbeatValue {
  return {
    pid: 4242,
    host: "box",
    mode: "live",
    started_at: new Date(T0 - 3_600_000).toISOString(),
    beat_at: new Date(T0).toISOString(),
    symbols: ["BTC"],
    markets: 12,
    last_tick_at: new Date(T0 - 200).toISOString(),
    counts: { ticks: 10, book_updates: 5, opportunities: 2, decisions: 2, orders: 1, fills: 1, settled: 0, alerts: 0 },
    feeds: {
      "spot:binance": { status: "up", since: new Date(T0 - 60_000).toISOString() },
      market: { status: "down", since: new Date(T0 - 5_000).toISOString(), reason: "silent", markets: 12 },
    },
    lag: [
      { symbol: "BTC", series: "updown-15m", samples: 4, median_ms: 2_900, p90_ms: 4_000, last_ms: 3_100, open_gaps: 1, dropped: 0, histogram: [0, 0, 0, 0, 3, 1, 0, 0, 0, 0] },
    ],
    ...over,
  };
}

const ctx = (ms: number, alive = true) => ({ now: new Date(ms), host: "box", isAlive: () => alive, staleMs: 120_000 });

describe("status from the heartbeat", () => {
  test("running, with feeds, lag and the last tick; the record validates", () => {
    writeHeartbeat(store.db, beat(), new Date(T0));
    const [status] = loopStatuses(store.db, ctx(T0 + 1_000));
    expect(status).toMatchObject({ mode: "live", state: "running", alive: true, pid: 4242, heartbeat_age_ms: 1_000, markets: 12 });
    expect(status!.feeds.map((f) => `${f.feed}:${f.status}`)).toEqual(["market:down", "spot:binance:up"]);
    expect(status!.lag[0]!.median_ms).toBe(2_900);
    expect(statusRecordSchema.safeParse(stamp("status", status!)).success).toBe(true);
  });

  test.each([
    ["stale: older than the threshold", beat(), T0 + 121_000, true, "stale"],
    ["dead: fresh, but the pid is gone", beat(), T0 + 1_000, false, "dead"],
    ["stopped cleanly", beat({ stopped_at: new Date(T0).toISOString(), stop_reason: "pm-arb stop" }), T0 + 999_000, false, "stopped"],
    ["crashed", beat({ stopped_at: new Date(T0).toISOString(), crashed: true, last_error: { at: new Date(T0).toISOString(), message: "boom" } }), T0 + 1_000, false, "crashed"],
    ["running: a heartbeat from another host is judged by age alone", beat({ host: "elsewhere" }), T0 + 1_000, false, "running"],
  ] as const)("%s", (_, hb, at, alive, state) => {
    writeHeartbeat(store.db, hb, new Date(T0));
    const [status] = loopStatuses(store.db, ctx(at, alive));
    expect(status!.state).toBe(state);
  });

  test("no heartbeat: never_run; the kill switch is shown", () => {
    engageKillSwitch(store.db, { reason: "maintenance", by: "me", now: new Date(T0) });
    const [status] = loopStatuses(store.db, ctx(T0));
    expect(status).toMatchObject({ state: "never_run", mode: null, kill_switch: { reason: "maintenance", by: "me" } });
    expect(statusRecordSchema.safeParse(stamp("status", status!)).success).toBe(true);
  });

  test("the watchdog alerts on stale, dead, crashed and never-run; not on running or stopped", () => {
    const states = ["running", "stale", "dead", "stopped", "crashed", "never_run"] as const;
    expect(states.filter((state) => needsAlert({ ...statusOf("live", undefined, undefined, ctx(T0)), state }))).toEqual(["stale", "dead", "crashed", "never_run"]);
  });
});

describe("watchdog", () => {
  test("a stale loop alerts once, critical, through the webhook; the next cron run folds it", async () => {
    writeHeartbeat(store.db, beat(), new Date(T0));
    let clock = T0 + 180_000;
    const alerter = () => new Alerter({ channels: [webhookChannel({ url: receiver.url("/hook") })], store: store.db, now: () => new Date(clock), sleep: async () => {} });
    expect(await watchdog(loopStatuses(store.db, ctx(clock)), alerter())).toBe(true);
    clock += 60_000;
    expect(await watchdog(loopStatuses(store.db, ctx(clock)), alerter())).toBe(true);
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]!.json).toMatchObject({ kind: "loop_stale", priority: 2, key: "loop_stale:live" });
    expect(receiver.requests[0]!.json.message).toContain("3 min");
  });

  test("a stopped loop raises nothing", async () => {
    writeHeartbeat(store.db, beat({ stopped_at: new Date(T0).toISOString() }), new Date(T0));
    const a = new Alerter({ channels: [webhookChannel({ url: receiver.url("/hook") })], store: store.db });
    expect(await watchdog(loopStatuses(store.db, ctx(T0 + 10_000_000)), a)).toBe(false);
    expect(receiver.requests).toHaveLength(0);
  });
});
