/**
 * `run --sandbox`'s venue, started inside this process. The one file in core/ that imports
 * sandbox/: the simulated venue sits beside core, apart from the code that trades real money, and
 * run.ts loads this file only when --sandbox is given.
 */
import { type SandboxOptions, startVenue } from "../../sandbox/index.ts";
import { inProcessClock, type VenueClock } from "../trade/venue-clock.ts";

export type InProcessSandbox = {
  url: string;
  /** The venue's simulated clock, which the loop runs on. */
  clock: VenueClock;
  stop(): Promise<void>;
};

/** Starts the venue on a free port of 127.0.0.1. */
export async function startInProcessSandbox(options: Partial<Omit<SandboxOptions, "port">>): Promise<InProcessSandbox> {
  const venue = await startVenue({ ...options, port: 0 });
  return { url: venue.url, clock: inProcessClock(venue.app.clock), stop: () => venue.stop() };
}
