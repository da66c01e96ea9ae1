import { describe, expect, test } from "bun:test";
import { pushoverBody, pushoverChannel } from "../../../core/alerts/pushover.ts";
import { backoffMs, DEFAULT_RETRY, deliver } from "../../../core/alerts/retry.ts";
import { type AlertMessage, ChannelError, PRIORITY_OF } from "../../../core/alerts/types.ts";
import { webhookChannel, webhookRequest, webhookStyle } from "../../../core/alerts/webhook.ts";
import { useWebhookReceiver } from "../../helpers/use-webhook-receiver.ts";
import { startWebhookReceiver } from "../../helpers/webhook-receiver.ts";

const message = (over: Partial<AlertMessage> = {}): AlertMessage => ({
  key: "feed_down:binance",
  kind: "feed_down",
  level: "high",
  priority: PRIORITY_OF.high,
  title: "Feed binance is down",
  message: "silent for 9 s",
  suppressed: 0,
  at: new Date("2026-11-25T12:00:00Z"),
  ...over,
});

const receiver = useWebhookReceiver();

describe("webhook styles", () => {
  test.each([
    ["https://hooks.slack.com/services/T0/B0/xyz", "slack"],
    ["https://discord.com/api/webhooks/1/abc", "discord"],
    ["https://ntfy.sh/pm-arb-alerts", "ntfy"],
    ["https://ntfy.example.org/topic", "ntfy"],
    ["https://example.com/hook", "generic"],
    ["http://127.0.0.1:9/hook", "generic"],
  ])("%s is %s", (url, style) => {
    expect(webhookStyle(url)).toBe(style as any);
  });

  test("slack gets text (a folded count in it), discord content, ntfy topic at the root with priority 1-5", () => {
    expect(webhookRequest("https://hooks.slack.com/x", "slack", message()).body).toEqual({ text: "[HIGH] Feed binance is down: silent for 9 s" });
    expect(webhookRequest("https://hooks.slack.com/x", "slack", message({ suppressed: 41 })).body.text).toContain("41 more like this suppressed");
    expect(webhookRequest("https://discord.com/api/webhooks/1/a", "discord", message()).body).toEqual({ content: "[HIGH] Feed binance is down: silent for 9 s" });
    const ntfy = webhookRequest("https://ntfy.sh/alerts", "ntfy", message({ level: "critical", priority: 2 }));
    expect(ntfy.url).toBe("https://ntfy.sh/");
    expect(ntfy.body).toMatchObject({ topic: "alerts", title: "Feed binance is down", priority: 5 });
  });

  test("generic JSON reaches the receiver with every field", async () => {
    await webhookChannel({ url: receiver.url("/hook") }).send(message({ data: { feed: "binance" } }));
    const hit = await receiver.next();
    expect(hit.path).toBe("/hook");
    expect(hit.json).toMatchObject({ kind: "feed_down", level: "high", priority: 1, key: "feed_down:binance", data: { feed: "binance" }, ts: "2026-11-25T12:00:00.000Z" });
  });
});

describe("pushover", () => {
  test("form body, texts cut to Pushover's limits; emergency carries retry and expire within Pushover's bounds", () => {
    const normal = pushoverBody(message(), { token: "t", user: "u" });
    expect(normal.get("priority")).toBe("1");
    expect(normal.has("retry")).toBe(false);
    const emergency = pushoverBody(message({ priority: 2, level: "critical" }), { token: "t", user: "u", retrySeconds: 5, expireSeconds: 99_999 });
    expect(emergency.get("retry")).toBe("30");
    expect(emergency.get("expire")).toBe("10800");
    const long = pushoverBody(message({ title: "t".repeat(400), message: "m".repeat(2000) }), { token: "t", user: "u" });
    expect([long.get("title")!.length, long.get("message")!.length]).toEqual([250, 1024]);
  });

  test("delivers to /1/messages.json with token and user", async () => {
    await pushoverChannel({ baseUrl: receiver.url(), token: "app-token", user: "user-key" }).send(message({ priority: 2, level: "critical" }));
    const hit = await receiver.next();
    expect(hit.path).toBe("/1/messages.json");
    expect(hit.form).toMatchObject({ token: "app-token", user: "user-key", priority: "2", retry: "60", expire: "3600" });
  });
});

describe("retries", () => {
  const noSleep = (delays: number[]) => async (ms: number) => void delays.push(ms);

  test("5xx is retried with backoff until it succeeds", async () => {
    receiver.failNext(2, 503);
    const delays: number[] = [];
    const result = await deliver(webhookChannel({ url: receiver.url("/hook") }), message(), DEFAULT_RETRY, noSleep(delays));
    expect(result).toEqual({ ok: true, attempts: 3 });
    expect(delays).toEqual([500, 2000]);
    expect(receiver.requests.map((r) => r.status)).toEqual([503, 503, 200]);
  });

  test("429 honours Retry-After; gives up after the last attempt without throwing", async () => {
    receiver.failNext(5, 429, 3);
    const delays: number[] = [];
    const result = await deliver(webhookChannel({ url: receiver.url("/hook") }), message(), { attempts: 3, baseMs: 100, maxMs: 10_000 }, noSleep(delays));
    expect(result.ok).toBe(false);
    expect(result.attempts).toBe(3);
    expect(delays).toEqual([3000, 3000]);
  });

  test("a 400 (bad token) is not retried", async () => {
    receiver.failNext(1, 400);
    const result = await deliver(pushoverChannel({ baseUrl: receiver.url(), token: "bad", user: "u" }), message(), DEFAULT_RETRY, noSleep([]));
    expect(result).toMatchObject({ ok: false, attempts: 1 });
    expect((result as { error: string }).error).toContain("HTTP 400");
  });

  test("a closed port is a retryable network failure", async () => {
    const dead = await startWebhookReceiver();
    const url = dead.url("/hook");
    await dead.stop();
    const result = await deliver(webhookChannel({ url, timeoutMs: 2000 }), message(), { attempts: 2, baseMs: 1, maxMs: 1 }, noSleep([]));
    expect(result).toMatchObject({ ok: false, attempts: 2 });
  });

  test("backoff grows by 4 and is capped", () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, { attempts: 5, baseMs: 500, maxMs: 10_000 }))).toEqual([500, 2000, 8000, 10_000]);
    expect(backoffMs(1, DEFAULT_RETRY, 60_000)).toBe(10_000);
  });

  test("a thrown non-ChannelError counts as retryable", async () => {
    let calls = 0;
    const flaky = {
      name: "flaky",
      send: async () => {
        if (calls++ < 1) throw new Error("boom");
      },
    };
    expect(await deliver(flaky, message(), { attempts: 3, baseMs: 1, maxMs: 1 }, noSleep([]))).toEqual({ ok: true, attempts: 2 });
    const refused = {
      name: "refused",
      send: async () => {
        throw new ChannelError("no", false);
      },
    };
    expect(await deliver(refused, message(), DEFAULT_RETRY, noSleep([]))).toMatchObject({ ok: false, attempts: 1 });
  });
});
