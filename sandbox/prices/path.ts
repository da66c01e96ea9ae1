/**
 * One asset's log-price path: geometric Brownian motion with optional jumps, on a fixed 100 ms
 * grid, as a pure function of (seed, name, time). Built top-down so any instant is cheap to reach
 * and memory stays bounded however far (or fast) the simulation runs:
 *   - each UTC day draws its own diffusion total and jump times from a day-keyed random stream,
 *     so reaching day d costs one draw per day between the anchor and d (one number kept per day);
 *   - the minute boundaries inside a day are a Brownian bridge to the day's total;
 *   - the 600 steps inside a minute are a Brownian bridge between its two boundaries.
 * Day and minute walks are cached in small LRUs; nothing else is kept.
 */
import { createRng } from "../rng.ts";

export const STEP_MS = 100;
export const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const STEPS_PER_MINUTE = MINUTE_MS / STEP_MS;
const MINUTES_PER_DAY = DAY_MS / MINUTE_MS;
const YEAR_MS = 365 * DAY_MS;
const MAX_JUMPS_PER_DAY = 10_000;

export type PathParams = {
  seed: number;
  /** Names the random streams (e.g. `BTC`); different names give independent paths. */
  name: string;
  /** Annualised volatility of log returns. */
  volatility: number;
  jumpsPerHour: number;
  /** Typical absolute log size of a jump (0.01 = about 1%). */
  jumpSize: number;
};

type Jump = { offset: number; size: number };
type DaySummary = { diffusion: number; jumps: Jump[]; total: number };

/** A tiny least-recently-used cache. */
class Lru<K, V> {
  private readonly entries = new Map<K, V>();
  constructor(private readonly capacity: number) {}

  get(key: K, make: () => V): V {
    const found = this.entries.get(key);
    if (found !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, found);
      return found;
    }
    const value = make();
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
    return value;
  }
}

/** Cumulative Brownian bridge from `from` to `to` over `n` steps of standard deviation `sigma`. */
function bridge(seed: number, stream: string, n: number, sigma: number, from: number, to: number): Float64Array {
  const rng = createRng(seed, stream);
  const walk = new Float64Array(n + 1);
  for (let i = 1; i <= n; i++) walk[i] = walk[i - 1]! + sigma * rng.normal();
  const end = walk[n]!;
  const out = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) out[i] = from + walk[i]! - (i / n) * end + (i / n) * (to - from);
  return out;
}

export class LogPath {
  /** X at the start of each day reached so far; X = 0 at the anchor day's start. */
  private readonly starts = new Map<number, number>();
  private low: number;
  private high: number;
  private readonly summaries = new Lru<number, DaySummary>(8);
  private readonly dayWalks = new Lru<number, Float64Array>(4);
  private readonly minuteWalks = new Lru<number, Float64Array>(64);
  private readonly sigmaMinute: number;
  private readonly sigmaStep: number;

  constructor(
    private readonly params: PathParams,
    anchorDay: number,
  ) {
    this.starts.set(anchorDay, 0);
    this.low = this.high = anchorDay;
    this.sigmaMinute = params.volatility * Math.sqrt(MINUTE_MS / YEAR_MS);
    this.sigmaStep = params.volatility * Math.sqrt(STEP_MS / YEAR_MS);
  }

  /** Log-price offset X at the grid step containing t. */
  at(t: number): number {
    const step = Math.floor(t / STEP_MS) * STEP_MS;
    const minuteStart = Math.floor(step / MINUTE_MS) * MINUTE_MS;
    return this.minute(minuteStart)[(step - minuteStart) / STEP_MS]!;
  }

  /** X at each of the 600 steps of the minute starting at `minuteStart` (a multiple of 60 000). */
  minute(minuteStart: number): Float64Array {
    return this.minuteWalks.get(minuteStart / MINUTE_MS, () => this.buildMinute(minuteStart));
  }

  private buildMinute(minuteStart: number): Float64Array {
    const day = Math.floor(minuteStart / DAY_MS);
    const dayOffset = minuteStart - day * DAY_MS;
    const index = dayOffset / MINUTE_MS;
    const dayWalk = this.dayWalk(day);
    const base = this.dayStart(day);
    const steps = bridge(this.params.seed, `${this.params.name}:steps:${minuteStart / MINUTE_MS}`, STEPS_PER_MINUTE, this.sigmaStep, dayWalk[index]!, dayWalk[index + 1]!);
    const jumps = this.summary(day).jumps;
    const out = new Float64Array(STEPS_PER_MINUTE);
    let applied = 0;
    let jumpSum = 0;
    while (applied < jumps.length && jumps[applied]!.offset <= dayOffset) jumpSum += jumps[applied++]!.size;
    for (let i = 0; i < STEPS_PER_MINUTE; i++) {
      const offset = dayOffset + i * STEP_MS;
      while (applied < jumps.length && jumps[applied]!.offset <= offset) jumpSum += jumps[applied++]!.size;
      out[i] = base + steps[i]! + jumpSum;
    }
    return out;
  }

  private dayWalk(day: number): Float64Array {
    return this.dayWalks.get(day, () => bridge(this.params.seed, `${this.params.name}:minutes:${day}`, MINUTES_PER_DAY, this.sigmaMinute, 0, this.summary(day).diffusion));
  }

  private dayStart(day: number): number {
    while (this.high < day) {
      this.starts.set(this.high + 1, this.starts.get(this.high)! + this.summary(this.high).total);
      this.high += 1;
    }
    while (this.low > day) {
      this.starts.set(this.low - 1, this.starts.get(this.low)! - this.summary(this.low - 1).total);
      this.low -= 1;
    }
    return this.starts.get(day)!;
  }

  private summary(day: number): DaySummary {
    return this.summaries.get(day, () => {
      const { seed, name, volatility, jumpsPerHour, jumpSize } = this.params;
      const rng = createRng(seed, `${name}:day:${day}`);
      const years = DAY_MS / YEAR_MS;
      // Martingale GBM: the log drifts by -sigma^2/2 per unit time.
      const diffusion = -0.5 * volatility * volatility * years + volatility * Math.sqrt(years) * rng.normal();
      const jumps: Jump[] = [];
      const ratePerMs = jumpsPerHour / 3_600_000;
      if (ratePerMs > 0 && jumpSize > 0) {
        let offset = 0;
        while (jumps.length < MAX_JUMPS_PER_DAY) {
          offset += -Math.log(1 - rng.next()) / ratePerMs;
          if (offset >= DAY_MS) break;
          const sign = rng.next() < 0.5 ? -1 : 1;
          jumps.push({ offset: Math.floor(offset), size: sign * jumpSize * (0.5 + rng.next()) });
        }
      }
      const total = diffusion + jumps.reduce((sum, jump) => sum + jump.size, 0);
      return { diffusion, jumps, total };
    });
  }
}
