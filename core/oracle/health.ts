/**
 * A provider's health as a pure state machine (time and randomness are arguments): failures degrade
 * it, N in a row cool it down (one probe when the cool-down is over), 429/418 back it off until
 * Retry-After or the backoff, 451/403 disable it for the session. Cool-downs double with each trip
 * (capped); the trip count resets only after `stableMs` healthy, so a flapping provider keeps its
 * long cool-down.
 */
import { exponential, withJitter } from "../backoff.ts";
import type { FetchFailureKind } from "../http/fetch-json.ts";

export type HealthConfig = {
  /** Consecutive failures that mark a provider unhealthy. */
  failureThreshold: number;
  cooldownBaseMs: number;
  cooldownMaxMs: number;
  /** Exponential backoff for 429/418 when it exceeds Retry-After. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Fraction of the backoff added at random (0.25 = up to +25%). Never subtracts. */
  jitter: number;
  /** Healthy this long after a recovery before the cool-down escalation is forgotten. */
  stableMs: number;
};

export const DEFAULT_HEALTH: HealthConfig = {
  failureThreshold: 3,
  cooldownBaseMs: 5_000,
  cooldownMaxMs: 300_000,
  backoffBaseMs: 1_000,
  backoffMaxMs: 120_000,
  jitter: 0.25,
  stableMs: 60_000,
};

type HealthStatus = "healthy" | "degraded" | "cooling" | "backoff" | "disabled";

export type ProviderHealth = {
  status: HealthStatus;
  consecutiveFailures: number;
  /** Times the provider has tripped into a cool-down without a stable recovery since. */
  trips: number;
  /** Consecutive rate-limit answers (429/418). */
  rateLimits: number;
  /** No request before this time (ms); 0 = none pending. */
  blockedUntil: number;
  lastError?: string;
  lastFailure?: FetchFailureKind;
  lastSuccessAt?: number;
  /** Since when the provider has been answering (for forgetting `trips`). */
  healthySince?: number;
};

export type FailureInput = { kind: FetchFailureKind; message: string; retryAfterMs?: number };

/** What a transition means for the log: a trip, a rate-limit wait, or a session-long disable. */
export type HealthEvent = { type: "tripped"; cooldownMs: number } | { type: "backoff"; waitMs: number } | { type: "disabled" } | { type: "recovered" };

export function initialHealth(): ProviderHealth {
  return { status: "healthy", consecutiveFailures: 0, trips: 0, rateLimits: 0, blockedUntil: 0 };
}

/** Whether a request may go out now (a cooled-down provider gets its probe). */
export function canRequest(health: ProviderHealth, now: number): boolean {
  return health.status !== "disabled" && now >= health.blockedUntil;
}

/** Whether quotes from this provider should be preferred (it answered last time). */
export function isHealthy(health: ProviderHealth): boolean {
  return health.status === "healthy";
}

export function recordSuccess(health: ProviderHealth, now: number, config: HealthConfig = DEFAULT_HEALTH): { health: ProviderHealth; event?: HealthEvent } {
  if (health.status === "disabled") return { health };
  const healthySince = health.status === "healthy" && health.healthySince !== undefined ? health.healthySince : now;
  const trips = now - healthySince >= config.stableMs ? 0 : health.trips;
  return {
    // The last error is kept for diagnostics; the counters start over.
    health: { ...health, status: "healthy", consecutiveFailures: 0, trips, rateLimits: 0, blockedUntil: 0, lastSuccessAt: now, healthySince },
    event: health.status === "cooling" || health.status === "backoff" ? { type: "recovered" } : undefined,
  };
}

export function recordFailure(
  health: ProviderHealth,
  failure: FailureInput,
  now: number,
  config: HealthConfig = DEFAULT_HEALTH,
  random: () => number = Math.random,
): { health: ProviderHealth; event?: HealthEvent } {
  if (health.status === "disabled") return { health };
  const base = { ...health, lastError: failure.message, lastFailure: failure.kind, healthySince: undefined };
  if (failure.kind === "geo-block" || failure.kind === "forbidden") {
    return { health: { ...base, status: "disabled", blockedUntil: Number.POSITIVE_INFINITY }, event: { type: "disabled" } };
  }
  if (failure.kind === "rate-limit" || failure.kind === "banned") {
    const rateLimits = health.rateLimits + 1;
    // An IP ban (418) starts the backoff a minute out; Retry-After, when sent, is the floor either way.
    const backoffBase = failure.kind === "banned" ? Math.max(config.backoffBaseMs, 60_000) : config.backoffBaseMs;
    const backoff = exponential(backoffBase, rateLimits, config.backoffMaxMs);
    const waitMs = Math.max(failure.retryAfterMs ?? 0, withJitter(backoff, config.jitter, random));
    return { health: { ...base, status: "backoff", rateLimits, blockedUntil: now + waitMs }, event: { type: "backoff", waitMs } };
  }
  const consecutiveFailures = health.consecutiveFailures + 1;
  const probeFailed = health.status === "cooling";
  if (probeFailed || consecutiveFailures >= config.failureThreshold) {
    const trips = health.trips + 1;
    const cooldownMs = exponential(config.cooldownBaseMs, trips, config.cooldownMaxMs);
    return { health: { ...base, status: "cooling", consecutiveFailures, trips, blockedUntil: now + cooldownMs }, event: { type: "tripped", cooldownMs } };
  }
  return { health: { ...base, status: "degraded", consecutiveFailures } };
}
