/**
 * Order-book levels: which levels count (positive size, 0 < price < 1), and books read from `market`
 * records, their levels sorted best-first whatever order the record had.
 */
import { Decimal, ONE, ZERO } from "../decimal.ts";
import type { BookLevel, OrderBook } from "../model/market.ts";
import type { BookRecord } from "../records/market.ts";

/** A level worth looking at: positive size, price strictly between 0 and 1. */
export function isUsable(level: BookLevel): boolean {
  return level.size.gt(ZERO) && level.price.gt(ZERO) && level.price.lt(ONE);
}

const levels = (ladder: BookRecord["asks"]): BookLevel[] => ladder.map((level) => ({ price: new Decimal(level.price), size: new Decimal(level.size) }));

/** A book from its record: bids descending, asks ascending (a stable sort: equal prices keep the record's order). */
export function bookFromRecord(record: BookRecord): OrderBook {
  const book: OrderBook = {
    token_id: record.token_id,
    timestamp: Date.parse(record.timestamp),
    bids: levels(record.bids).sort((a, b) => b.price.comparedTo(a.price)),
    asks: levels(record.asks).sort((a, b) => a.price.comparedTo(b.price)),
  };
  if (record.hash !== undefined) book.hash = record.hash;
  return book;
}
