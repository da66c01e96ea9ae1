/**
 * Marking open positions to the current books: the mark is the best bid (what the shares would
 * fetch now), fetched for all tokens with the batch `/books` endpoint; unrealised P&L is
 * size × mark − cost − fees. A token with no bids is marked at 0 (nothing would buy it). The mark is
 * stored on the position so the guardian's equity and the summary see it.
 */
import { fetchBooks } from "../adapters/polymarket/market-data/books.ts";
import { Decimal, ZERO } from "../decimal.ts";
import type { TradeMode } from "../ledger/client-order-id.ts";
import { openPositions } from "../ledger/ledger.ts";
import { markPosition } from "../ledger/positions.ts";
import type { Position } from "../store/schema.ts";
import type { Queryable } from "../store/tx.ts";

export type Marked = { position: Position; mark: Decimal; unrealised: Decimal };

export function unrealisedOf(position: Position): Decimal | undefined {
  if (!position.markPrice) return undefined;
  return position.size.times(position.markPrice).minus(position.cost).minus(position.fees);
}

/** When the unrealised P&L was measured: the oldest mark among open positions (undefined when none is marked). */
export function oldestMark(db: Queryable, mode: TradeMode): Date | undefined {
  const marks = openPositions(db, mode).flatMap((position) => (position.markPrice && position.markedAt ? [position.markedAt.getTime()] : []));
  return marks.length > 0 ? new Date(Math.min(...marks)) : undefined;
}

export async function markPositions(db: Queryable, mode: TradeMode, clobUrl: string, timeoutMs: number, now: Date): Promise<{ marked: Marked[]; problems: string[] }> {
  const open = openPositions(db, mode);
  if (open.length === 0) return { marked: [], problems: [] };
  const fetched = await fetchBooks([...new Set(open.map((position) => position.tokenId))], { clobUrl, timeoutMs });
  const marked: Marked[] = [];
  const problems = [...fetched.problems];
  for (const position of open) {
    const book = fetched.books.get(position.tokenId);
    if (!book) {
      problems.push(`no book for ${position.marketSlug ?? position.tokenId}; not marked`);
      continue;
    }
    const mark = book.bids.reduce((best, level) => Decimal.max(best, level.price), ZERO);
    const updated = markPosition(db, position, mark, now);
    marked.push({ position: updated, mark, unrealised: unrealisedOf(updated)! });
  }
  return { marked, problems };
}
