/** Everything that shapes one sandbox venue; the CLI flags and the test helper both build this. */
export type SandboxOptions = {
  /** 0 picks a free port. */
  port: number;
  hostname: string;
  /**
   * `shared`: every service under its path prefix on `port`. `separate`: that too, and each service
   * at the root of its own port (port + 1, + 2, … in sandbox/services.ts order; free ports when
   * `port` is 0), for clients that resolve absolute paths against a host.
   */
  ports: "shared" | "separate";
  seed: number;
  /** How far (ms) the simulated market makers' view of the spot price lags the truth. */
  lagMs: number;
  /** Simulated-time speed: 1 = real time, 60 = a minute per second, 0 = frozen (tests step it). */
  speed: number;
  /** Simulated start time (ms since epoch). */
  startAt: number;
  /** pUSD every newly derived API key's wallet starts with. */
  balance: string;
  /** Annualised volatility of the simulated spot price process. */
  volatility: number;
  /** Expected jumps per simulated hour (0 = none) and their size (fraction, e.g. 0.01). */
  jumpsPerHour: number;
  jumpSize: number;
  /** Structural offset of the Chainlink-like settlement stream from Binance, in basis points. */
  chainlinkOffsetBps: number;
  /** Market makers' half-spread in probability points, and shares per level. */
  halfSpread: string;
  depth: string;
  levels: number;
  /** Fault specs applied at start (see faults.ts). */
  faults: string[];
};

export const DEFAULT_SANDBOX_OPTIONS: SandboxOptions = {
  port: 8787,
  hostname: "127.0.0.1",
  ports: "shared",
  seed: 1,
  lagMs: 3000,
  speed: 1,
  startAt: Date.UTC(2026, 10, 25, 12, 0, 0),
  balance: "1000",
  volatility: 0.6,
  jumpsPerHour: 0,
  jumpSize: 0.01,
  chainlinkOffsetBps: 19,
  halfSpread: "0.01",
  depth: "200",
  levels: 5,
  faults: [],
};
