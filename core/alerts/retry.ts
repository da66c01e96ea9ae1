/**
 * Delivery to one channel with a few retries and exponential backoff. Never throws: the outcome is
 * a ChannelResult. A non-retryable ChannelError (bad token, 4xx) stops at once; a Retry-After is
 * honoured up to `maxMs`.
 */
import { type AlertChannel, type AlertMessage, ChannelError, type ChannelResult } from "./types.ts";

export type RetryPolicy = { attempts: number; baseMs: number; maxMs: number };

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseMs: 500, maxMs: 10_000 };

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Backoff before attempt `attempt + 1` (attempt counts from 1): base × 4^(attempt−1), capped. */
export function backoffMs(attempt: number, policy: RetryPolicy, retryAfterMs?: number): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 4 ** (attempt - 1));
  return retryAfterMs === undefined ? exponential : Math.min(policy.maxMs, Math.max(exponential, retryAfterMs));
}

export async function deliver(channel: AlertChannel, message: AlertMessage, policy: RetryPolicy = DEFAULT_RETRY, sleep: Sleep = realSleep): Promise<ChannelResult> {
  let lastError = "not attempted";
  const attempts = Math.max(1, policy.attempts);
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await channel.send(message);
      return { ok: true, attempts: attempt };
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
      const retryable = error instanceof ChannelError ? error.retryable : true;
      if (!retryable || attempt === attempts) return { ok: false, attempts: attempt, error: lastError };
      await sleep(backoffMs(attempt, policy, error instanceof ChannelError ? error.retryAfterMs : undefined));
    }
  }
  return { ok: false, attempts, error: lastError };
}
