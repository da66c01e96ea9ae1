/**
 * The `market` record: one classified crypto price market (kind, times, settlement stream, outcome
 * tokens, fee schedule, tick and minimum size), optionally with each outcome's order book.
 * Written by `pm-arb markets`, read by `pm-arb scan`; documented in docs/records.md#market.
 * Writers import the type only (`import type`); readers and tests validate with `marketRecordSchema`.
 */
import { z } from "zod";
import { decimalString, envelope, feeRate, positiveDecimal } from "./fields.ts";

/** A decimal carried as a string, never a JSON number. */
const tokenId = z.string().regex(/^\d{1,100}$/, "expected a token id as a decimal string");

const bookLevelSchema = z.object({ price: decimalString, size: decimalString });

/** One outcome's book: levels best-first (bids descending, asks ascending), the venue's own timestamp. */
const bookSchema = z.object({
  token_id: tokenId,
  /** The book's own timestamp (the venue's), ISO-8601. */
  timestamp: z.iso.datetime(),
  hash: z.string().optional(),
  bids: z.array(bookLevelSchema),
  asks: z.array(bookLevelSchema),
});

export const feeScheduleSchema = z.object({
  /** 0 ≤ rate ≤ 1: a negative rate would read as a rebate the venue never pays. */
  rate: feeRate,
  exponent: decimalString,
  taker_only: z.boolean(),
  /** "gamma:<slug>" or "clob:<condition id>": where the schedule was read. */
  source: z.string().min(1),
});

export const marketRecordSchema = z
  .object({
    ...envelope("market"),
    /** Gamma market id. */
    id: z.string().min(1),
    condition_id: z.string().regex(/^0x[0-9a-fA-F]{64}$/),
    slug: z.string().min(1),
    question: z.string(),
    /** Bare symbol ("BTC"). */
    symbol: z.string().regex(/^[A-Z][A-Z0-9]{1,9}$/),
    kind: z.enum(["updown", "above", "range", "touch"]),
    /** updown only: window length. */
    window: z.enum(["5m", "15m", "1h", "4h", "1d"]).optional(),
    /** above only. */
    strike: decimalString.optional(),
    /** range only: Yes when low ≤ price < high at the end ("less than $X" has low 0). */
    low: decimalString.optional(),
    high: decimalString.optional(),
    /** touch only: the level and whether the price must rise ("up") or fall ("down") to it. */
    barrier: decimalString.optional(),
    direction: z.enum(["up", "down"]).optional(),
    /** updown: the window's opening time; touch: start of the watched period when stated. */
    window_start: z.iso.datetime().optional(),
    end: z.iso.datetime(),
    resolution: z.object({ source: z.enum(["chainlink", "binance", "other"]), detail: z.string() }),
    /** Outcome label → CLOB token id (strings, always), in the venue's order. */
    outcomes: z.record(z.string(), tokenId),
    /** "enabled" (fee holds the schedule), "disabled" (fee null), or "unknown" (fee null; scan rejects it). */
    fee_status: z.enum(["enabled", "disabled", "unknown"]),
    fee: feeScheduleSchema.nullable(),
    /** Why the fee is unknown. */
    fee_note: z.string().optional(),
    /** Above zero: prices are rounded onto it. */
    tick_size: positiveDecimal,
    min_size: decimalString,
    neg_risk: z.boolean(),
    accepting_orders: z.boolean(),
    /** With --books: outcome label → its book. */
    books: z.record(z.string(), bookSchema).optional(),
  })
  .superRefine((record, ctx) => {
    // Each kind carries the fields its model needs.
    const needs = { updown: ["window", "window_start"], above: ["strike"], range: ["low", "high"], touch: ["barrier", "direction"] } as const;
    for (const key of needs[record.kind]) {
      if (record[key] === undefined) ctx.addIssue({ code: "custom", path: [key], message: `a ${record.kind} market needs ${key}` });
    }
    if (Object.keys(record.outcomes).length < 2) ctx.addIssue({ code: "custom", path: ["outcomes"], message: "needs at least two outcomes" });
    if (record.fee_status === "enabled" && record.fee === null) ctx.addIssue({ code: "custom", path: ["fee"], message: "fee_status enabled needs the schedule" });
  });

export type MarketRecord = z.infer<typeof marketRecordSchema>;
export type BookRecord = z.infer<typeof bookSchema>;
