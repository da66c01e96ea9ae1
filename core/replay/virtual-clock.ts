/**
 * A replay's one clock: venue time and real time are both the recording's time, moved forward by the
 * replay as it reads (`advanceTo`). The loop's timers and a paper order's latency wait on it; each
 * due timer fires in time order (ties in the order they were set), and everything it set off is run
 * to rest before the next — so the same recording always runs the same way, as fast as the CPU allows.
 */

import type { Timers } from "../run/timers.ts";
import type { VenueClock } from "../trade/venue-clock.ts";

type Timer = { at: number; seq: number; fn: () => void; everyMs?: number; cancelled?: boolean };

/** Lets every promise chain set off so far run to completion (nothing in a replay waits on I/O). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class VirtualClock implements VenueClock, Timers {
  readonly speed = 1;
  private current: number;
  private seq = 0;
  private timers: Timer[] = [];

  constructor(start: number) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  every(ms: number, fn: () => void): () => void {
    const timer: Timer = { at: this.current + ms, seq: this.seq++, fn, everyMs: ms };
    this.timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }

  sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => this.timers.push({ at: this.current + ms, seq: this.seq++, fn: resolve }));
  }

  /** Moves time to `t` (never back), firing every timer due on the way. */
  async advanceTo(t: number): Promise<void> {
    for (let next = this.due(t); next; next = this.due(t)) {
      this.current = Math.max(this.current, next.at);
      if (next.everyMs !== undefined) this.timers.push({ ...next, at: next.at + next.everyMs, seq: this.seq++ });
      next.fn();
      await settle();
    }
    this.current = Math.max(this.current, t);
  }

  /** Removes and returns the earliest live timer due at or before `t`. */
  private due(t: number): Timer | undefined {
    this.timers = this.timers.filter((timer) => !timer.cancelled);
    let best: Timer | undefined;
    for (const timer of this.timers) if (timer.at <= t && (!best || timer.at < best.at || (timer.at === best.at && timer.seq < best.seq))) best = timer;
    if (best) this.timers.splice(this.timers.indexOf(best), 1);
    return best;
  }
}
