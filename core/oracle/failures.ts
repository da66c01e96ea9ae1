/**
 * The latest failure per provider, and per provider and symbol where it was symbol-specific: what
 * `prices` lists on a stale record and `refresh` returns in its cycle report. A success clears the
 * provider's notes for the symbols it priced.
 */
import type { ProviderName } from "../adapters/spot/types.ts";
import type { ProviderFailure } from "./types.ts";

export class FailureNotes {
  private readonly byKey = new Map<string, ProviderFailure>();

  constructor(private readonly now: () => number) {}

  note(failure: Omit<ProviderFailure, "at">): void {
    this.byKey.set(`${failure.provider}:${failure.symbol ?? ""}`, { ...failure, at: this.now() });
  }

  clear(provider: ProviderName, symbols: readonly string[]): void {
    this.byKey.delete(`${provider}:`);
    for (const symbol of symbols) this.byKey.delete(`${provider}:${symbol}`);
  }

  /** Every note, or those that concern this symbol (its own and the provider-level ones). */
  list(symbol?: string): ProviderFailure[] {
    const all = [...this.byKey.values()];
    return symbol === undefined ? all : all.filter((failure) => failure.symbol === undefined || failure.symbol === symbol);
  }
}

/** A wait for a failure message: "5 s", "2.5 s", "800 ms"; an endless one (a disabled provider) is "the session". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "the session";
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${Math.round(ms)} ms`;
}
