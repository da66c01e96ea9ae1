/** The alert module's surface. */
export { Alerter, DEFAULT_DEDUPE_MS, type AlerterOptions, type AlertLog, type RaiseOutcome } from "./alerter.ts";
export { alerts } from "./catalog.ts";
export { channelsFromConfig, type AlertConfig } from "./from-config.ts";
export { pushoverChannel } from "./pushover.ts";
export { DEFAULT_RETRY, type RetryPolicy } from "./retry.ts";
export { recentAlerts } from "./store.ts";
export * from "./types.ts";
export { webhookChannel, webhookStyle, type WebhookStyle } from "./webhook.ts";
