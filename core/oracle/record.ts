/**
 * Builds `price` records from the oracle's state. Plain typed code (the schema is imported as a
 * type only), so the command never loads zod to write.
 */

import type { ProviderName } from "../adapters/spot/types.ts";
import { stamp } from "../cli/output.ts";
import type { PriceRecord } from "../records/price.ts";
import type { Oracle, ProviderFailure } from "./types.ts";

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/** The record for a symbol now: its current (or stale) price, settlement and basis when on. */
export function priceRecord(oracle: Oracle, symbol: string, now: number): PriceRecord {
  const price = oracle.view(symbol);
  const fields: Omit<PriceRecord, "type" | "v" | "ts"> = price
    ? {
        symbol,
        price: price.price.toString(),
        source: price.source,
        sources: price.sources,
        source_ts: iso(price.sourceTs),
        received_at: iso(price.receivedAt),
        age_ms: Math.round(price.ageMs),
        stale: price.stale,
      }
    : { symbol, price: null, source: null, sources: [], source_ts: null, received_at: null, age_ms: null, stale: true };
  if (price?.spread !== undefined) {
    fields.spread = price.spread.toString();
    fields.spread_bps = price.spreadBps!.toDecimalPlaces(2).toString();
  }
  if (price && price.rejected.length > 0) {
    fields.rejected = price.rejected.map((item) => ({
      source: item.source as ProviderName,
      price: item.price.toString(),
      deviation_bps: item.deviationBps.toDecimalPlaces(2).toString(),
    }));
  }
  if (oracle.providers.includes("rtds")) {
    const settlement = oracle.settlement(symbol);
    const basis = oracle.basis(symbol);
    fields.settlement = settlement ? settlement.price.toString() : null;
    fields.settlement_ts = iso(settlement?.sourceTs);
    fields.settlement_age_ms = settlement ? Math.round(settlement.ageMs) : null;
    fields.basis = basis ? basis.basis.toString() : null;
    fields.basis_bps = basis ? basis.bps.toDecimalPlaces(2).toString() : null;
    fields.basis_samples = basis?.samples ?? 0;
  }
  if (fields.stale) fields.failures = failureList(oracle.failures(symbol));
  return stamp("price", fields, new Date(now)) as PriceRecord;
}

/** One entry per provider: its symbol-specific failure if any, else its provider-level one. */
export function failureList(failures: readonly ProviderFailure[]): { provider: ProviderName; error: string }[] {
  const byProvider = new Map<ProviderName, ProviderFailure>();
  for (const failure of failures) {
    const known = byProvider.get(failure.provider);
    if (!known || (known.symbol === undefined && failure.symbol !== undefined)) byProvider.set(failure.provider, failure);
  }
  return [...byProvider.values()].map((failure) => ({ provider: failure.provider, error: failure.message }));
}
