/**
 * Books on the wire, shaped like the live CLOB's `OrderBookSummary`: decimal strings, timestamp as
 * a string of ms, and levels listed worst-first (bids ascending, asks descending — the best price
 * is the last element), which breaks clients that assume best-first, as the live venue does. The
 * hash is the SHA-1 of this JSON with `hash: ""`, the way the official client recomputes it.
 */
import { createHash } from "node:crypto";
import type { OrderBook } from "../types.ts";

/** The REST/WS form of a model book (model levels are best-first). */
export function wireBook(book: OrderBook, hash = book.hash) {
  return {
    market: book.conditionId,
    asset_id: book.tokenId,
    timestamp: String(book.timestamp),
    hash,
    bids: [...book.bids].reverse(),
    asks: [...book.asks].reverse(),
    min_order_size: book.minSize,
    tick_size: book.tickSize,
    neg_risk: book.negRisk,
    last_trade_price: book.lastTradePrice,
  };
}

export function bookHash(book: OrderBook): string {
  return createHash("sha1")
    .update(JSON.stringify(wireBook(book, "")))
    .digest("hex");
}

/** Integer thousandths of a dollar → "0.505". */
export function formatMils(mils: number): string {
  return String(mils / 1000);
}

/** Integer millionths of a share → "187.43". */
export function formatMicro(micro: number): string {
  return String(micro / 1_000_000);
}

export function toMils(price: string | number): number {
  return Math.round(Number(price) * 1000);
}

export function toMicro(size: string | number): number {
  return Math.round(Number(size) * 1_000_000);
}

/** Best bid, best ask, midpoint and spread of a model book, as numbers (undefined when a side is empty). */
export function topOfBook(book: OrderBook): { bid?: number; ask?: number; mid?: number; spread?: number } {
  const bid = book.bids[0] ? toMils(book.bids[0].price) : undefined;
  const ask = book.asks[0] ? toMils(book.asks[0].price) : undefined;
  if (bid === undefined || ask === undefined) return { bid: bid === undefined ? undefined : bid / 1000, ask: ask === undefined ? undefined : ask / 1000 };
  return { bid: bid / 1000, ask: ask / 1000, mid: (bid + ask) / 2000, spread: (ask - bid) / 1000 };
}
