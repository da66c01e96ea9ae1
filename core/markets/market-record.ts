/** `Market` ↔ `market` record; reading assumes a record already validated by `marketRecordSchema`. */
import { Decimal } from "../decimal.ts";
import { scheduleFields } from "../model/fee-schedule.ts";
import type { BookLevel, FeeState, Market, OrderBook } from "../model/market.ts";
import type { BookRecord, MarketRecord } from "../records/market.ts";
import { bookFromRecord } from "./book-levels.ts";

export type MarketFields = Omit<MarketRecord, "type" | "v" | "ts">;

/** The price levels a kind is defined by (strike, range bounds, barrier), in record order. */
const PRICE_LEVELS = ["strike", "low", "high", "barrier"] as const;

const iso = (ms: number) => new Date(ms).toISOString();
const levelText = (levels: BookLevel[]) => levels.map((level) => ({ price: level.price.toString(), size: level.size.toString() }));

function bookRecord(book: OrderBook): BookRecord {
  return { token_id: book.token_id, timestamp: iso(book.timestamp), ...(book.hash ? { hash: book.hash } : {}), bids: levelText(book.bids), asks: levelText(book.asks) };
}

export function marketFields(market: Market): MarketFields {
  const fields: MarketFields = {
    id: market.id,
    condition_id: market.condition_id,
    slug: market.slug,
    question: market.question,
    symbol: market.symbol,
    kind: market.kind,
    end: iso(market.end),
    resolution: market.resolution,
    outcomes: Object.fromEntries(market.outcomes.map((outcome) => [outcome.label, outcome.token_id])),
    fee_status: market.fee.status,
    fee: null,
    tick_size: market.tick_size.toString(),
    min_size: market.min_size.toString(),
    neg_risk: market.neg_risk,
    accepting_orders: market.accepting_orders,
  };
  if (market.window) fields.window = market.window;
  for (const key of PRICE_LEVELS) if (market[key]) fields[key] = market[key]!.toString();
  if (market.direction) fields.direction = market.direction;
  if (market.window_start !== undefined) fields.window_start = iso(market.window_start);
  if (market.fee.status === "enabled") fields.fee = scheduleFields(market.fee.schedule);
  if (market.fee.status === "unknown") fields.fee_note = market.fee.reason;
  if (market.books) {
    const books: Record<string, BookRecord> = {};
    for (const outcome of market.outcomes) {
      const book = market.books[outcome.token_id];
      if (book) books[outcome.label] = bookRecord(book);
    }
    fields.books = books;
  }
  return fields;
}

/** A Market from its record (already validated by `marketRecordSchema`). */
export function marketFromRecord(record: MarketFields): Market {
  const fee: FeeState =
    record.fee_status === "enabled" && record.fee
      ? {
          status: "enabled",
          schedule: { rate: new Decimal(record.fee.rate), exponent: new Decimal(record.fee.exponent), taker_only: record.fee.taker_only, source: record.fee.source },
        }
      : record.fee_status === "disabled"
        ? { status: "disabled" }
        : { status: "unknown", reason: record.fee_note ?? (record.fee_status === "enabled" ? "fee_status enabled without a schedule" : "unknown") };
  const outcomes: Market["outcomes"] = [];
  for (const label in record.outcomes) outcomes.push({ label, token_id: record.outcomes[label]! });
  const market: Market = {
    id: record.id,
    condition_id: record.condition_id,
    slug: record.slug,
    question: record.question,
    symbol: record.symbol,
    kind: record.kind,
    end: Date.parse(record.end),
    resolution: record.resolution,
    outcomes,
    fee,
    tick_size: new Decimal(record.tick_size),
    min_size: new Decimal(record.min_size),
    neg_risk: record.neg_risk,
    accepting_orders: record.accepting_orders,
  };
  if (record.window) market.window = record.window;
  for (const key of PRICE_LEVELS) if (record[key]) market[key] = new Decimal(record[key]!);
  if (record.direction) market.direction = record.direction;
  if (record.window_start) market.window_start = Date.parse(record.window_start);
  if (record.books) {
    const books: Record<string, OrderBook> = {};
    for (const book of Object.values(record.books)) books[book.token_id] = bookFromRecord(book);
    market.books = books;
  }
  return market;
}
