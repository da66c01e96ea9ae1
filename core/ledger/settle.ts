/**
 * Settlement: when a market resolves, each of its open positions pays size × 1 (the winning
 * outcome) or nothing, and the P&L is realised: payout − cost − fees. Booked once; a settled
 * position is never settled again.
 */
import { and, eq } from "drizzle-orm";
import { ZERO } from "../decimal.ts";
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
