import { expect, test } from "bun:test";
import { canRequest, DEFAULT_HEALTH, type FailureInput, type HealthConfig, initialHealth, type ProviderHealth, recordFailure, recordSuccess } from "../../../core/oracle/health.ts";

const config: HealthConfig = {
  ...DEFAULT_HEALTH,
  failureThreshold: 3,
  cooldownBaseMs: 5_000,
  cooldownMaxMs: 40_000,
  backoffBaseMs: 1_000,
  backoffMaxMs: 16_000,
  jitter: 0.5,
  stableMs: 60_000,
};
const timeout: FailureInput = { kind: "timeout", message: "binance: no answer within 2500 ms" };
const noJitter = () => 0;

type Step = { at: number; outcome: "ok" | FailureInput };

function run(steps: Step[], random = noJitter): ProviderHealth[] {
  let health = initialHealth();
  return steps.map(({ at, outcome }) => {
    health = outcome === "ok" ? recordSuccess(health, at, config).health : recordFailure(health, outcome, at, config, random).health;
    return health;
  });
}

test.each([
  { name: "one failure degrades but still allows requests", failures: 1, status: "degraded", blocked: false },
  { name: "two failures: still below the threshold", failures: 2, status: "degraded", blocked: false },
  { name: "N consecutive failures trip a cool-down", failures: 3, status: "cooling", blocked: true },
])("$name", ({ failures, status, blocked }) => {
  const states = run(Array.from({ length: failures }, (_, i) => ({ at: 1000 + i, outcome: timeout })));
  const last = states.at(-1)!;
  expect(last.status).toBe(status as ProviderHealth["status"]);
  expect(canRequest(last, 1003)).toBe(!blocked);
});

test("a success resets the consecutive count", () => {
  const states = run([
    { at: 0, outcome: timeout },
    { at: 1, outcome: timeout },
    { at: 2, outcome: "ok" },
    { at: 3, outcome: timeout },
  ]);
  expect(states.map((s) => s.consecutiveFailures)).toEqual([1, 2, 0, 1]);
  expect(states.at(-1)!.status).toBe("degraded");
});

test("cool-down is skipped until it ends, then one probe is allowed", () => {
  const [, , tripped] = run([0, 1, 2].map((at) => ({ at, outcome: timeout })));
  expect(tripped!.blockedUntil).toBe(2 + 5_000);
  expect(canRequest(tripped!, 5_001)).toBe(false);
  expect(canRequest(tripped!, 5_002)).toBe(true);
});

test("cool-downs double with each failed probe, capped", () => {
  let health = initialHealth();
  const cooldowns: number[] = [];
  let at = 0;
  for (let i = 0; i < 3; i++) health = recordFailure(health, timeout, at++, config, noJitter).health;
  cooldowns.push(health.blockedUntil - (at - 1));
  for (let probe = 0; probe < 4; probe++) {
    at = health.blockedUntil;
    const { health: next, event } = recordFailure(health, timeout, at, config, noJitter);
    expect(event?.type).toBe("tripped");
    health = next;
    cooldowns.push(health.blockedUntil - at);
  }
  expect(cooldowns).toEqual([5_000, 10_000, 20_000, 40_000, 40_000]);
});

test("a successful probe recovers; the escalation is kept until it has been stable", () => {
  let health = initialHealth();
  for (let i = 0; i < 3; i++) health = recordFailure(health, timeout, i, config, noJitter).health;
  const recovered = recordSuccess(health, health.blockedUntil, config);
  expect(recovered.event?.type).toBe("recovered");
  expect(recovered.health.status).toBe("healthy");
  expect(recovered.health.trips).toBe(1);
  // Fails again soon: the next trip is longer.
  let again = recovered.health;
  for (let i = 0; i < 3; i++) again = recordFailure(again, timeout, 10_000 + i, config, noJitter).health;
  expect(again.blockedUntil - 10_002).toBe(10_000);
  // Stable for a minute: forgotten.
  let stable = recordSuccess(recovered.health, 5_002 + 1_000, config).health;
  stable = recordSuccess(stable, 5_002 + 61_000, config).health;
  expect(stable.trips).toBe(0);
});

test.each([
  { kind: "geo-block", status: 451 },
  { kind: "forbidden", status: 403 },
] as const)("$status disables the provider for the session", ({ kind }) => {
  const { health, event } = recordFailure(initialHealth(), { kind, message: "binance: HTTP 451" }, 0, config);
  expect(event).toEqual({ type: "disabled" });
  expect(health.status).toBe("disabled");
  expect(canRequest(health, Number.MAX_SAFE_INTEGER)).toBe(false);
  // Nothing brings it back within the session.
  expect(recordSuccess(health, 1, config).health.status).toBe("disabled");
  expect(recordFailure(health, timeout, 2, config).event).toBeUndefined();
});

test.each([
  { name: "Retry-After longer than the backoff wins", retryAfterMs: 7_000, random: 0, expected: 7_000 },
  { name: "no Retry-After: exponential backoff", retryAfterMs: undefined, random: 0, expected: 1_000 },
  { name: "jitter only ever adds", retryAfterMs: undefined, random: 1, expected: 1_500 },
  { name: "Retry-After shorter than backoff+jitter: the longer wait", retryAfterMs: 1_200, random: 1, expected: 1_500 },
])("429: $name", ({ retryAfterMs, random, expected }) => {
  const { health, event } = recordFailure(initialHealth(), { kind: "rate-limit", message: "HTTP 429", retryAfterMs }, 100, config, () => random);
  expect(health.status).toBe("backoff");
  expect(event).toEqual({ type: "backoff", waitMs: expected });
  expect(health.blockedUntil).toBe(100 + expected);
  expect(canRequest(health, 100 + expected - 1)).toBe(false);
  expect(canRequest(health, 100 + expected)).toBe(true);
});

test("repeated 429s back off exponentially (capped), and a success resets them", () => {
  let health = initialHealth();
  const waits: number[] = [];
  for (let i = 0; i < 6; i++) {
    const result = recordFailure(health, { kind: "rate-limit", message: "HTTP 429" }, 0, config, noJitter);
    health = result.health;
    waits.push(result.event?.type === "backoff" ? result.event.waitMs : -1);
  }
  expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 16_000]);
  health = recordSuccess(health, 20_000, config).health;
  expect(health.rateLimits).toBe(0);
});

test("418 (IP ban) waits at least a minute even without Retry-After", () => {
  const { health } = recordFailure(initialHealth(), { kind: "banned", message: "HTTP 418" }, 0, { ...config, backoffMaxMs: 600_000 }, noJitter);
  expect(health.blockedUntil).toBe(60_000);
});

test("a 429 does not count towards the unhealthy threshold", () => {
  const states = run([
    { at: 0, outcome: timeout },
    { at: 1, outcome: { kind: "rate-limit", message: "HTTP 429", retryAfterMs: 10 } },
    { at: 20, outcome: timeout },
  ]);
  expect(states.at(-1)!.consecutiveFailures).toBe(2);
  expect(states.at(-1)!.status).toBe("degraded");
});
