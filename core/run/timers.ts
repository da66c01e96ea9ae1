/**
 * The loop's real-time side: what paces it (its timers, the paper order's latency, the market
 * channel's silence). Real time against a venue; a replay's virtual time (core/replay/virtual-clock.ts),
 * so the same loop runs a recording as fast as the CPU allows and always the same way.
 */
export type Timers = {
  /** Real time now (ms since the epoch). */
  now(): number;
  /** Calls `fn` every `ms`; returns the cancel. */
  every(ms: number, fn: () => void): () => void;
  sleep(ms: number): Promise<void>;
};

export const realTimers: Timers = {
  now: () => Date.now(),
  every: (ms, fn) => {
    const timer = setInterval(fn, ms);
    return () => clearInterval(timer);
  },
  sleep: (ms) => (ms > 0 ? Bun.sleep(ms) : Promise.resolve()),
};
