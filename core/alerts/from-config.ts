/**
 * Channels from the configuration, each optional: Pushover when both `pushover_token` and
 * `pushover_user` are set (one without the other is a ConfigError: a half-configured channel would
 * silently send nothing), the webhook when `webhook_url` is set. Stdout is always on.
 */
import { ConfigError } from "../cli/errors.ts";
import type { Config } from "../config/schema.ts";
import { Alerter, type AlerterOptions } from "./alerter.ts";
import { pushoverChannel } from "./pushover.ts";
import type { AlertChannel } from "./types.ts";
import { webhookChannel } from "./webhook.ts";

export type AlertConfig = Pick<Config, "pushover_url" | "pushover_token" | "pushover_user" | "webhook_url" | "alert_min_priority" | "request_timeout_ms">;

export function channelsFromConfig(config: AlertConfig, fetchImpl?: typeof fetch): AlertChannel[] {
  const channels: AlertChannel[] = [];
  const timeoutMs = Math.max(config.request_timeout_ms, 5000);
  if (config.pushover_token || config.pushover_user) {
    if (!config.pushover_token) throw new ConfigError("pushover_token", "is not set, but pushover_user is: set both or neither");
    if (!config.pushover_user) throw new ConfigError("pushover_user", "is not set, but pushover_token is: set both or neither");
    channels.push(pushoverChannel({ baseUrl: config.pushover_url, token: config.pushover_token, user: config.pushover_user, timeoutMs, fetch: fetchImpl }));
  }
  if (config.webhook_url) channels.push(webhookChannel({ url: config.webhook_url, timeoutMs, fetch: fetchImpl }));
  return channels;
}

/** The command's alerter: the configured channels and priority, alerts kept in the store, records to `emit`. */
export function alerterFromConfig(config: AlertConfig, options: Omit<AlerterOptions, "channels" | "minPriority">): Alerter {
  return new Alerter({ ...options, channels: channelsFromConfig(config), minPriority: config.alert_min_priority });
}
