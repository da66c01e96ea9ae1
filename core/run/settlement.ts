/**
 * Expired windows are settled: once a market has ended, its winner is learned from the market
 * channel's `market_resolved` event or, failing that, from Gamma (core/adapters/polymarket/gamma/resolutions.ts, the
 * reader `pm-arb positions --settle` uses), polled until it resolves or `giveUpMs` of venue time has
 * passed (then `pm-arb positions --settle` can finish the job). Each open position of the market, in the loop's
 * mode, is then settled in the store (core/ledger/positions.ts): the winner pays size × 1.
 */

import { fetchResolutions, type Resolved } from "../adapters/polymarket/gamma/resolutions.ts";
import type { Decimal } from "../decimal.ts";
import { openPositions } from "../ledger/ledger.ts";
import { settlePosition } from "../ledger/positions.ts";
import type { Market } from "../model/market.ts";
import type { Store } from "../store/open.ts";
import type { Position } from "../store/schema.ts";
import { withTransaction } from "../store/tx.ts";
import type { RunMode } from "./loop-heartbeat.ts";

export type Settled = { market: Market; position: Position; won: boolean; pnl: Decimal };

type Pending = { market: Market; nextCheck: number };

export class Settlements {
  private readonly pending = new Map<string, Pending>();
  private readonly winners = new Map<string, string>();
  private checking = false;

  constructor(
    private readonly options: {
      store: Store;
      mode: RunMode;
      gammaUrl: string;
      timeoutMs: number;
      /** Venue time. */
      now: () => number;
      /** Winners known now (default: Gamma's resolved rows, `gammaUrl`). */
      resolve?: (conditionIds: readonly string[]) => Promise<Map<string, Resolved>>;
      /** Venue ms between Gamma checks of one market, and when to give up. */
      checkEveryMs: number;
      giveUpMs: number;
      onSettled: (settled: Settled) => void;
      onProblem: (problem: string) => void;
    },
  ) {}

  get waiting(): number {
    return this.pending.size;
  }

  /** An expired window: settle it once its winner is known (only if we hold something in it). */
  expired(market: Market): void {
    if (!this.holds(market.condition_id)) return;
    this.pending.set(market.condition_id, { market, nextCheck: this.options.now() });
    const winner = this.winners.get(market.condition_id);
    if (winner) this.settle(market, winner);
  }

  /** The channel said who won. */
  resolved(conditionId: string, winningTokenId: string | undefined): void {
    if (!winningTokenId) return;
    this.winners.set(conditionId, winningTokenId);
    const pending = this.pending.get(conditionId);
    if (pending) this.settle(pending.market, winningTokenId);
  }

  /** Asks Gamma, in one batched request, about the windows still waiting (the loop calls this on a timer). */
  async poll(): Promise<void> {
    if (this.checking || this.pending.size === 0) return;
    this.checking = true;
    try {
      const now = this.options.now();
      const due: string[] = [];
      for (const [conditionId, entry] of [...this.pending]) {
        if (now - entry.market.end > this.options.giveUpMs) {
          this.pending.delete(conditionId);
          this.options.onProblem(`${entry.market.slug}: no resolution ${Math.round(this.options.giveUpMs / 60_000)} min after its end; pm-arb positions --settle will book it`);
        } else if (entry.nextCheck <= now) {
          entry.nextCheck = now + this.options.checkEveryMs;
          due.push(conditionId);
        }
      }
      if (due.length === 0) return;
      try {
        const resolved = await (this.options.resolve?.(due) ?? fetchResolutions(this.options.gammaUrl, due, this.options.timeoutMs));
        for (const [conditionId, resolution] of resolved) {
          const pending = this.pending.get(conditionId);
          const winner = [...resolution.winners][0];
          if (pending && winner) this.settle(pending.market, winner);
        }
      } catch (error) {
        this.options.onProblem(`resolutions: ${(error as Error).message}`);
      }
    } finally {
      this.checking = false;
    }
  }

  private holds(conditionId: string): boolean {
    return openPositions(this.options.store.db, this.options.mode, conditionId).length > 0;
  }

  private settle(market: Market, winner: string): void {
    this.pending.delete(market.condition_id);
    const now = new Date(this.options.now());
    const settled = withTransaction(this.options.store, (tx) => {
      return openPositions(tx, this.options.mode, market.condition_id).map((position) => {
        const won = position.tokenId === winner;
        const after = settlePosition(tx, position, won, now);
        return { market, position: after, won, pnl: after.realisedPnl };
      });
    });
    for (const entry of settled) this.options.onSettled(entry);
  }
}
