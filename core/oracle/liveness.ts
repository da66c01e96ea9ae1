/**
 * Liveness from the data itself: a socket that stays open and answers pings but delivers nothing is
 * dead. Per symbol, a weighted mean of the gaps between messages sets how long a silence is normal
 * (busy BTC: a second or two; a quiet feed: longer). The connection is dead when every symbol is
 * overdue. Pure: times are arguments.
 */
export type LivenessConfig = {
  /** Silence allowed, as a multiple of the symbol's usual gap. */
  factor: number;
  minMs: number;
  maxMs: number;
  /** Silence allowed before a symbol's first message after (re)connecting. */
  initialMs: number;
  /** Weight of the newest gap in the moving mean (0..1). */
  alpha: number;
};

export const DEFAULT_LIVENESS: LivenessConfig = { factor: 8, minMs: 2_000, maxMs: 30_000, initialMs: 5_000, alpha: 0.2 };

type SymbolFlow = { last?: number; meanGap?: number };

export class Liveness {
  private readonly flows = new Map<string, SymbolFlow>();
  private since: number;

  constructor(
    readonly symbols: readonly string[],
    start: number,
    private readonly config: LivenessConfig = DEFAULT_LIVENESS,
  ) {
    this.since = start;
    for (const symbol of symbols) this.flows.set(symbol, {});
  }

  /** A message for `symbol` arrived at `at`. */
  seen(symbol: string, at: number): void {
    const flow = this.flows.get(symbol);
    if (!flow) return;
    if (flow.last !== undefined) {
      const gap = Math.max(0, at - flow.last);
      flow.meanGap = flow.meanGap === undefined ? gap : flow.meanGap + this.config.alpha * (gap - flow.meanGap);
    }
    flow.last = at;
  }

  /** After a reconnect: silence is measured from now, the learned rhythm is kept. */
  restart(at: number): void {
    this.since = at;
    for (const flow of this.flows.values()) flow.last = undefined;
  }

  /** How long `symbol` may stay silent. */
  allowedSilence(symbol: string): number {
    const flow = this.flows.get(symbol);
    if (!flow || flow.last === undefined || flow.meanGap === undefined) return Math.max(this.config.initialMs, this.clamp(flow?.meanGap));
    return this.clamp(flow.meanGap);
  }

  private clamp(meanGap: number | undefined): number {
    if (meanGap === undefined) return this.config.minMs;
    return Math.min(this.config.maxMs, Math.max(this.config.minMs, meanGap * this.config.factor));
  }

  /** Symbols whose silence exceeds what their own rhythm allows. */
  overdue(at: number): string[] {
    return [...this.flows.keys()].filter((symbol) => this.isOverdue(symbol, at));
  }

  isOverdue(symbol: string, at: number): boolean {
    const flow = this.flows.get(symbol);
    if (!flow) return true;
    return at - (flow.last ?? this.since) > this.allowedSilence(symbol);
  }

  /** Dead: every symbol is overdue. */
  dead(at: number): boolean {
    return this.symbols.length > 0 && this.overdue(at).length === this.symbols.length;
  }
}
