/**
 * A position's two writes besides its fills: settlement (pays size × 1 or nothing when its market
 * resolves, realising payout − cost − fees; booked once) and its mark (what the shares would fetch
 * now, for the guardian's equity and the summary).
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
