/**
 * Spot prices from piped `price` records (`pm-arb prices … | pm-arb scan`, or a recording): the
 * newest exchange price per symbol, the newest settlement value, the basis, and every settlement
 * value seen as history (so an Up/Down window's opening value can come from the settlement stream).
 */
import { Decimal } from "../decimal.ts";
import type { PriceRecord } from "../records/price.ts";
import type { SymbolPrices } from "./pricing.ts";
import type { PricePoint } from "./reference-price.ts";

export type PriceInputs = {
  spot: Map<string, SymbolPrices>;
  /** Settlement-stream points per symbol (oldest first), for window openings. */
  history: Map<string, PricePoint[]>;
};

const time = (iso: string | null | undefined) => (iso ? Date.parse(iso) : undefined);

/** Spot prices from `price` records: the newest per symbol; every settlement value kept as history. */
export function pricesFromRecords(records: readonly PriceRecord[]): PriceInputs {
  const spot = new Map<string, SymbolPrices>();
  const history = new Map<string, PricePoint[]>();
  for (const record of records) {
    const entry = spot.get(record.symbol) ?? {};
    // Aged from the older of the provider's timestamp and the receipt, as the oracle ages quotes.
    const stamps = [time(record.source_ts), time(record.received_at)].filter((value): value is number => value !== undefined);
    const ts = stamps.length > 0 ? Math.min(...stamps) : undefined;
    // A price attributed to rtds is the settlement stream standing in for an exchange: not an exchange price.
    const exchange = record.price !== null && record.source !== null && record.source !== "rtds" && !record.stale;
    if (exchange && ts !== undefined && (!entry.exchange || ts >= entry.exchange.ts)) {
      entry.exchange = { price: new Decimal(record.price!), ts, source: record.source! };
      if (record.basis !== undefined && record.basis !== null) entry.basis = new Decimal(record.basis);
    }
    const settledAt = time(record.settlement_ts);
    if (record.settlement !== undefined && record.settlement !== null && settledAt !== undefined) {
      const point = { ts: settledAt, price: new Decimal(record.settlement) };
      if (!entry.settlement || settledAt >= entry.settlement.ts) entry.settlement = { ...point, source: "rtds" };
      history.set(record.symbol, [...(history.get(record.symbol) ?? []), point]);
    }
    spot.set(record.symbol, entry);
  }
  for (const points of history.values()) points.sort((a, b) => a.ts - b.ts);
  return { spot, history };
}
