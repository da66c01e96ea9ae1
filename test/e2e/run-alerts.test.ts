/**
 * Alerts reach a local receiver (the webhook and a Pushover stand-in on 127.0.0.1) with the right
 * priority, de-duplicated: a stream that keeps failing sends one alert, not one per failure; every
 * trade is alerted at normal priority; informational alerts below `alert_min_priority` stay on
 * stdout. The cron watchdog alerts (critical, Pushover emergency) once for a killed loop, and a
 * second watchdog run folds into the first.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { SANDBOX_MARKET } from "../../core/run/run.ts";
import { runCli } from "../helpers/cli.ts";
import { type RunningCli, spawnCli } from "../helpers/run-loop.ts";
import { useTestSandbox } from "../helpers/sandbox.ts";
import { tempDb } from "../helpers/temp.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../helpers/webhook-receiver.ts";

const sandbox = useTestSandbox({ seed: 3, speed: 20, startAt: Date.UTC(2026, 10, 25, 12, 0, 0), ...SANDBOX_MARKET });
let receiver: WebhookReceiver;
let running: RunningCli | undefined;
afterEach(async () => {
  running?.kill("SIGKILL");
  await running?.exited;
  running = undefined;
});
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver.stop());

describe("alerts end to end", () => {
  test("a failing stream alerts once per channel at high priority; trades at normal; the watchdog once, critical", async () => {
    const env = {
      ...sandbox.env,
      PM_ARB_DB: tempDb(),
      PM_ARB_WEBHOOK_URL: receiver.url("/hook"),
      PM_ARB_PUSHOVER_URL: receiver.url(),
      PM_ARB_PUSHOVER_TOKEN: "app-token-for-tests",
      PM_ARB_PUSHOVER_USER: "user-key-for-tests",
    };
    const loop = spawnCli(["run", "--duration", "10m", "--kinds", "updown", "--vol", "0.6", "--min-edge", "0.1"], { env });
    running = loop;
    const status = async () => (await runCli(["run", "--status", "--json"], { env })).lines[0] as Record<string, any>;
    await loop.eventually(async () => ((await status())?.feeds?.find((feed: { feed: string }) => feed.feed === "spot:binance")?.status === "up" ? true : undefined));

    // The Binance stream goes quiet and stays quiet (replaced, quiet again, replaced again…), comes
    // back, and goes quiet once more: two outages, many failures, one alert per channel.
    const feed = async () => (await status())?.feeds?.find((entry: { feed: string }) => entry.feed === "spot:binance");
    for (let outage = 1; outage <= 2; outage++) {
      const fault = await sandbox.admin.addFault("binance-ws:silent");
      await loop.eventually(async () => ((await feed())?.downs >= outage ? true : undefined));
      const ticks = (await status()).counts.ticks;
      await loop.eventually(async () => ((await status())?.counts?.ticks > ticks + 100 ? true : undefined));
      await sandbox.admin.removeFaults({ id: fault.id });
      await loop.eventually(async () => ((await feed())?.status === "up" ? true : undefined));
    }
    await receiver.next((request) => request.path === "/hook" && request.json?.kind === "trade");

    const hook = receiver.requests.filter((request) => request.path === "/hook").map((request) => request.json);
    const pushed = receiver.requests.filter((request) => request.path === "/1/messages.json").map((request) => request.form!);
    const feedDown = hook.filter((body) => body.key === "feed_down:spot:binance");
    expect(feedDown).toHaveLength(1);
    expect(feedDown[0]).toMatchObject({ kind: "feed_down", level: "high", priority: 1 });
    expect(pushed.filter((form) => form.title === "Feed spot:binance is down")).toHaveLength(1);
    expect(pushed.find((form) => form.title === "Feed spot:binance is down")).toMatchObject({ token: "app-token-for-tests", user: "user-key-for-tests", priority: "1" });
    const trades = hook.filter((body) => body.kind === "trade");
    expect(trades.length).toBeGreaterThan(0);
    expect(trades.every((body) => body.priority === 0 && typeof body.data.pnl === "string")).toBe(true);
    // Informational alerts (priority -1) are below alert_min_priority 0: stdout and store only.
    expect(hook.some((body) => body.kind === "loop_started")).toBe(false);
    expect(loop.records.find((record) => record.type === "alert" && record.kind === "loop_started")).toMatchObject({ priority: -1, delivery: "below_min_priority" });

    // Kill the loop: it cannot report itself; the cron watchdog does, once.
    loop.kill("SIGKILL");
    await loop.exited;
    receiver.clear();
    const watchdog = await runCli(["run", "--status", "--alert-if-stale", "1", "--json"], { env });
    expect(watchdog.code).toBe(1);
    expect(watchdog.lines.find((line) => line.type === "alert")).toMatchObject({ kind: "loop_stale", level: "critical", priority: 2 });
    const stale = receiver.requests.filter((request) => request.path === "/hook" && request.json.kind === "loop_stale");
    expect(stale).toHaveLength(1);
    expect(stale[0]!.json.priority).toBe(2);
    const emergency = receiver.requests.find((request) => request.path === "/1/messages.json")!.form!;
    expect(emergency).toMatchObject({ priority: "2", retry: "60", expire: "3600" });

    const again = await runCli(["run", "--status", "--alert-if-stale", "1", "--json"], { env });
    expect(again.code).toBe(1);
    expect(again.lines.some((line) => line.type === "alert")).toBe(false);
    expect(receiver.requests.filter((request) => request.path === "/hook")).toHaveLength(1);
  }, 120_000);

  test("a receiver that fails is retried and never stops the watchdog", async () => {
    receiver.clear();
    receiver.failNext(2, 503);
    const result = await runCli(["run", "--status", "--alert-if-stale", "1", "--json"], { env: { PM_ARB_DB: tempDb(), PM_ARB_WEBHOOK_URL: receiver.url("/hook") } });
    expect(result.code).toBe(1);
    expect(result.lines.find((line) => line.type === "status")).toMatchObject({ state: "never_run" });
    expect(receiver.requests.map((request) => request.status)).toEqual([503, 503, 200]);
  });
});
