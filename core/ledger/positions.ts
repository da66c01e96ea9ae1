/**
 * A position's two writes besides its fills (core/ledger/ledger.ts rebuilds it from those):
 * - settlement: when a market resolves, each of its open positions pays size × 1 (the winning
 *   outcome) or nothing, and the P&L is realised: payout − cost − fees. Booked once; a settled
 *   position is never settled again;
 * - its mark: what the shares would fetch now, stored so the guardian's equity and the summary see it.
 */
import { and, eq } from "drizzle-orm";
import { type Decimal, ZERO } from "../decimal.ts";
import { type Position, positions } from "../store/schema.ts";
import type { Queryable } from "../store/tx.ts";

export function settlePosition(db: Queryable, position: Position, won: boolean, now: Date): Position {
  if (position.status === "settled") return position;
  const payout = won ? position.size : ZERO;
  const realised = payout.minus(position.cost).minus(position.fees);
  return db
    .update(positions)
    .set({ status: "settled", payout, realisedPnl: realised, closedAt: now, updatedAt: now })
    .where(and(eq(positions.id, position.id), eq(positions.status, position.status)))
    .returning()
    .get();
}

export function markPosition(db: Queryable, position: Position, mark: Decimal, now: Date): Position {
  return db.update(positions).set({ markPrice: mark, markedAt: now, updatedAt: now }).where(eq(positions.id, position.id)).returning().get();
}
