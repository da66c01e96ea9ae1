/**
 * A local HTTP receiver for alert deliveries, on 127.0.0.1 port 0. It answers like Pushover on
 * `/1/messages.json` (`{"status":1,"request":…}`) and like a webhook (`ok`) on any other path, and
 * records every request. `failNext(n, status)` makes the next n requests fail, to test retries.
 *
 *   const receiver = await startWebhookReceiver();
 *   afterAll(() => receiver.stop());
 *   env: { PM_ARB_WEBHOOK_URL: receiver.url("/hook"), PM_ARB_PUSHOVER_URL: receiver.url() }
 *   const hit = await receiver.next((request) => request.json?.kind === "feed_down");
 */
type ReceivedRequest = {
  method: string;
  path: string;
  headers: Record<string, string>;
  text: string;
  /** The body parsed as JSON, when it is JSON. */
  json?: any;
  /** The body parsed as a form, when it is form-encoded (Pushover). */
  form?: Record<string, string>;
  /** What the receiver answered. */
  status: number;
};

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

export async function startWebhookReceiver() {
  const requests: ReceivedRequest[] = [];
  const waiters: { match: (request: ReceivedRequest) => boolean; resolve: (request: ReceivedRequest) => void }[] = [];
  let failures: { count: number; status: number; retryAfter?: number } = { count: 0, status: 500 };
  let taken = new Set<ReceivedRequest>();

  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const url = new URL(req.url);
      const text = await req.text();
      const contentType = req.headers.get("content-type") ?? "";
      let json: unknown;
      let form: Record<string, string> | undefined;
      if (contentType.includes("json")) {
        try {
          json = JSON.parse(text);
        } catch {}
      } else if (contentType.includes("x-www-form-urlencoded")) {
        form = Object.fromEntries(new URLSearchParams(text));
      }
      let status = 200;
      let body: string;
      let headers: Record<string, string> = {};
      if (failures.count > 0) {
        failures.count--;
        status = failures.status;
        body = JSON.stringify({ status: 0, errors: ["receiver told to fail"] });
        if (failures.retryAfter !== undefined) headers = { "retry-after": String(failures.retryAfter) };
      } else if (url.pathname === "/1/messages.json") {
        body = JSON.stringify({ status: 1, request: crypto.randomUUID() });
        headers = { "content-type": "application/json" };
      } else {
        body = "ok";
      }
      const request: ReceivedRequest = { method: req.method, path: url.pathname, headers: Object.fromEntries(req.headers), text, json, form, status };
      requests.push(request);
      const index = waiters.findIndex((waiter) => waiter.match(request));
      if (index >= 0) {
        taken.add(request);
        waiters.splice(index, 1)[0]!.resolve(request);
      }
      return new Response(body, { status, headers });
    },
  });
  const base = `http://127.0.0.1:${server.port}`;
  return {
    port: server.port!,
    /** Base URL plus an optional path. */
    url: (path = "") => `${base}${path}`,
    requests,
    /** Resolves with the first received request (past or future) matching `match`. */
    next(match: (request: ReceivedRequest) => boolean = () => true): Promise<ReceivedRequest> {
      const found = requests.find((request) => !taken.has(request) && match(request));
      if (found) {
        taken.add(found);
        return Promise.resolve(found);
      }
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
    /** The next `count` requests get `status` (with Retry-After when given). */
    failNext(count: number, status = 500, retryAfterSeconds?: number) {
      failures = { count, status, retryAfter: retryAfterSeconds };
    },
    /** Forgets received requests and pending failures. */
    clear() {
      failures = { count: 0, status: 500 };
      requests.length = 0;
      taken = new Set();
    },
    stop: async () => {
      await server.stop(true);
    },
  };
}
