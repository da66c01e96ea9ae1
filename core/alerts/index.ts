/** The alert module's surface. */
export { Alerter, type AlerterOptions, type AlertLog, DEFAULT_DEDUPE_MS, type RaiseOutcome } from "./alerter.ts";
export { alerts } from "./catalog.ts";
export { type AlertConfig, channelsFromConfig } from "./from-config.ts";
export { pushoverChannel } from "./pushover.ts";
export { DEFAULT_RETRY, type RetryPolicy } from "./retry.ts";
export { recentAlerts } from "./store.ts";
export * from "./types.ts";
export { type WebhookStyle, webhookChannel, webhookStyle } from "./webhook.ts";
