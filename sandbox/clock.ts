/**
 * Simulated time. Runs `speed` times faster than the wall clock from `startAt`; speed 0 freezes it
 * so tests can step it with `advance`. Everything in the sandbox reads time from here.
 */
export class SimClock {
  private anchorSim: number;
  private anchorReal: number;

  constructor(
    startAt: number,
    private speedFactor = 1,
    private readonly realNow: () => number = () => performance.timeOrigin + performance.now(),
  ) {
    this.anchorSim = startAt;
    this.anchorReal = this.realNow();
  }

  /** Milliseconds since the epoch, in simulated time. */
  now(): number {
    return Math.floor(this.anchorSim + (this.realNow() - this.anchorReal) * this.speedFactor);
  }

  get speed(): number {
    return this.speedFactor;
  }

  setSpeed(speed: number): void {
    this.rebase();
    this.speedFactor = speed;
  }

  /** Jumps simulated time forward (tests, replays). */
  advance(ms: number): void {
    this.rebase();
    this.anchorSim += ms;
  }

  private rebase(): void {
    this.anchorSim = this.now();
    this.anchorReal = this.realNow();
  }
}
