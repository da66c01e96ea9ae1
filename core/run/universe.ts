/**
 * The markets the loop trades: discovered on a timer, indexed by symbol (a tick re-prices only its
 * symbol's markets) and by token (a book update finds its market). Windows are dropped the moment
 * they end; their positions are settled separately (core/run/settlement.ts).
 */
import type { Market } from "../model/market.ts";

export type UniverseChange = { added: Market[]; removed: Market[] };

export class Universe {
  private readonly byId = new Map<string, Market>();
  private readonly bySymbol = new Map<string, Market[]>();
  private readonly byToken = new Map<string, Market>();

  get size(): number {
    return this.byId.size;
  }

  all(): Market[] {
    return [...this.byId.values()];
  }

  ofSymbol(symbol: string): readonly Market[] {
    return this.bySymbol.get(symbol) ?? [];
  }

  ofToken(tokenId: string): Market | undefined {
    return this.byToken.get(tokenId);
  }

  get(id: string): Market | undefined {
    return this.byId.get(id);
  }

  symbols(): string[] {
    return [...this.bySymbol.keys()].sort();
  }

  tokens(): string[] {
    return [...this.byToken.keys()];
  }

  /** Adds newly discovered windows (known ones keep their live books and ticks). */
  merge(discovered: readonly Market[], now: number): UniverseChange {
    const added: Market[] = [];
    for (const market of discovered) {
      if (market.end <= now || this.byId.has(market.id)) continue;
      const copy: Market = { ...market, books: { ...market.books } };
      this.byId.set(market.id, copy);
      added.push(copy);
    }
    if (added.length > 0) this.reindex();
    return { added, removed: [] };
  }

  /** Drops every window that has ended by `now`. */
  expire(now: number): Market[] {
    const removed = [...this.byId.values()].filter((market) => market.end <= now);
    if (removed.length === 0) return removed;
    for (const market of removed) this.byId.delete(market.id);
    this.reindex();
    return removed;
  }

  private reindex(): void {
    this.bySymbol.clear();
    this.byToken.clear();
    for (const market of this.byId.values()) {
      const list = this.bySymbol.get(market.symbol) ?? [];
      list.push(market);
      this.bySymbol.set(market.symbol, list);
      for (const outcome of market.outcomes) this.byToken.set(outcome.token_id, market);
    }
  }
}
