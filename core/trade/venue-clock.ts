/**
 * Two clocks. Real time paces the loop (timers, heartbeats, stream liveness, the watchdog). Venue
 * time is what markets, books and quotes are stamped in: real time against Polymarket, simulated
 * time against the sandbox, which may run `speed` times faster. Against a sandbox the venue clock
 * is read from its admin endpoint (or from the in-process venue) and extrapolated; `speed` then
 * stretches every age limit so "fresh" means the same in real time (core/run/config.ts).
 */
import { fetchJson } from "../http/fetch-json.ts";

export type VenueClock = {
  /** Venue time (ms since the epoch). */
  now(): number;
  /** Venue milliseconds per real millisecond (1 against the real venue). */
  readonly speed: number;
  /** Re-reads the venue's clock where there is one to read (discovery calls it). */
  resync?(): Promise<void>;
};

export const systemClock: VenueClock = { now: () => Date.now(), speed: 1 };

/** A sandbox's simulated clock, read from `{sandbox}/admin/state` and extrapolated between reads. */
export async function sandboxClock(sandboxUrl: string, timeoutMs = 5000): Promise<VenueClock> {
  let anchorVenue = 0;
  let anchorReal = 0;
  let speed = 1;
  const read = async () => {
    const before = Date.now();
    const state = (await fetchJson(`${sandboxUrl.replace(/\/+$/, "")}/admin/state`, { venue: "sandbox", timeoutMs })) as { now?: unknown; speed?: unknown };
    const after = Date.now();
    if (typeof state.now !== "number" || typeof state.speed !== "number") throw new Error("sandbox /admin/state has no clock");
    anchorVenue = state.now;
    anchorReal = Math.round((before + after) / 2);
    speed = state.speed;
  };
  await read();
  return {
    now: () => Math.floor(anchorVenue + (Date.now() - anchorReal) * speed),
    get speed() {
      return speed;
    },
    resync: () => read().catch(() => undefined),
  };
}

/** The in-process venue's own clock (`run --sandbox`). */
export function inProcessClock(clock: { now(): number; readonly speed: number }): VenueClock {
  return {
    now: () => clock.now(),
    get speed() {
      return clock.speed;
    },
  };
}
