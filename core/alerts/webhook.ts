/**
 * A generic JSON webhook. The body's shape is chosen from the URL so Slack, Discord and ntfy work as
 * they are; anything else gets every field, `text` included for Slack-compatible receivers
 * (Mattermost).
 */
import { post } from "./http.ts";
import { withSuppressed } from "./pushover.ts";
import type { AlertChannel, AlertMessage } from "./types.ts";

export type WebhookStyle = "slack" | "discord" | "ntfy" | "generic";

export type WebhookOptions = { url: string; timeoutMs?: number; fetch?: typeof fetch; style?: WebhookStyle };

export function webhookStyle(url: string): WebhookStyle {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "generic";
  }
  const host = parsed.hostname.toLowerCase();
  if (host === "hooks.slack.com") return "slack";
  if ((host === "discord.com" || host === "discordapp.com" || host.endsWith(".discord.com")) && parsed.pathname.startsWith("/api/webhooks/")) return "discord";
  if (host.split(".").some((label) => label === "ntfy" || label.startsWith("ntfy"))) return "ntfy";
  return "generic";
}

const NTFY_PRIORITY: Record<string, number> = { critical: 5, high: 4, normal: 3, low: 2 };
const LEVEL_MARK: Record<string, string> = { critical: "[CRITICAL]", high: "[HIGH]", normal: "", low: "" };

function line(message: AlertMessage): string {
  return [LEVEL_MARK[message.level], `${message.title}:`, withSuppressed(message)].filter(Boolean).join(" ");
}

/** The URL to post to and the JSON body, for one style. */
export function webhookRequest(url: string, style: WebhookStyle, message: AlertMessage): { url: string; body: Record<string, unknown> } {
  switch (style) {
    case "slack":
      return { url, body: { text: line(message) } };
    case "discord":
      return { url, body: { content: line(message).slice(0, 2000) } };
    case "ntfy": {
      const parsed = new URL(url);
      const topic = parsed.pathname.replace(/^\/+|\/+$/g, "");
      return {
        url: `${parsed.origin}/`,
        body: { topic, title: message.title, message: withSuppressed(message), priority: NTFY_PRIORITY[message.level] ?? 3, tags: [message.level, message.kind] },
      };
    }
    default:
      return {
        url,
        body: {
          text: line(message),
          title: message.title,
          message: withSuppressed(message),
          priority: message.priority,
          level: message.level,
          kind: message.kind,
          key: message.key,
          suppressed: message.suppressed,
          ts: message.at.toISOString(),
          data: message.data ?? {},
        },
      };
  }
}

export function webhookChannel(options: WebhookOptions): AlertChannel {
  const style = options.style ?? webhookStyle(options.url);
  return {
    name: "webhook",
    async send(message) {
      const request = webhookRequest(options.url, style, message);
      await post({
        url: request.url,
        body: JSON.stringify(request.body),
        contentType: "application/json",
        timeoutMs: options.timeoutMs ?? 5000,
        channel: "webhook",
        fetch: options.fetch,
      });
    },
  };
}
