/**
 * Backoff arithmetic shared by the REST providers' health (rate limits, cool-downs) and the
 * reconnecting WebSockets: an exponential step with a cap, and jitter that only ever adds, so many
 * clients that failed together do not retry together.
 */

/** Exponential step: base × 2^(n−1), capped. */
export function exponential(base: number, n: number, cap: number): number {
  return Math.min(cap, base * 2 ** Math.max(0, n - 1));
}

/** `ms` plus up to `fraction` of it at random, rounded to whole ms; never less than `ms`. */
export function withJitter(ms: number, fraction: number, random: () => number): number {
  return Math.round(ms * (1 + fraction * clamp01(random())));
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
