/**
 * The Pushover channel the pilot had: `POST {pushover_url}/1/messages.json` with the application
 * token and the user key, form-encoded. Priority 2 (emergency) must carry `retry` (seconds between
 * repeats, at least 30) and `expire` (how long to repeat, at most 10800): Pushover answers 400
 * without them. Messages are cut to Pushover's limits (title 250, message 1024 characters).
 */
import { parseJson } from "../safe-parse.ts";
import { post } from "./http.ts";
import { type AlertChannel, type AlertMessage, ChannelError } from "./types.ts";

export type PushoverOptions = {
  baseUrl: string;
  token: string;
  user: string;
  timeoutMs?: number;
  /** Emergency repeats: every `retrySeconds` for `expireSeconds` until acknowledged. */
  retrySeconds?: number;
  expireSeconds?: number;
  fetch?: typeof fetch;
};

export function pushoverBody(message: AlertMessage, options: Pick<PushoverOptions, "token" | "user" | "retrySeconds" | "expireSeconds">): URLSearchParams {
  const body = new URLSearchParams({
    token: options.token,
    user: options.user,
    title: cut(message.title, 250),
    message: cut(withSuppressed(message), 1024),
    priority: String(message.priority),
    timestamp: String(Math.floor(message.at.getTime() / 1000)),
  });
  if (message.priority >= 2) {
    body.set("retry", String(Math.max(30, options.retrySeconds ?? 60)));
    body.set("expire", String(Math.min(10_800, options.expireSeconds ?? 3600)));
  }
  return body;
}

export function pushoverChannel(options: PushoverOptions): AlertChannel {
  const url = `${options.baseUrl.replace(/\/+$/, "")}/1/messages.json`;
  return {
    name: "pushover",
    async send(message) {
      const { text } = await post({
        url,
        body: pushoverBody(message, options).toString(),
        contentType: "application/x-www-form-urlencoded",
        timeoutMs: options.timeoutMs ?? 5000,
        channel: "pushover",
        fetch: options.fetch,
      });
      // A 200 always carries {"status": 1}; anything else is a refusal we cannot fix by retrying.
      const json = parseJson(text);
      if (!json.ok || (json.value as { status?: unknown } | null)?.status !== 1) throw new ChannelError(`pushover: unexpected answer ${text.slice(0, 120)}`, false);
    },
  };
}

export function withSuppressed(message: AlertMessage): string {
  return message.suppressed > 0 ? `${message.message} (${message.suppressed} more like this suppressed)` : message.message;
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
