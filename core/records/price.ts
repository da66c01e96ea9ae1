/**
 * The `price` record: one spot price for one bare symbol, from one provider (priority mode) or the
 * median of several (median mode), with the provider's own timestamp, when pm-arb received it and
 * its age; `stale: true` when no provider had a price within its max age (watch/stream modes). When
 * the Chainlink settlement stream (`rtds`) is on, the record also carries the settlement price and
 * the live basis (rolling median of exchange − settlement). Written by `pm-arb prices`; documented
 * in docs/records.md#price. Writers import the type only; readers and tests validate with the schema.
 */
import { z } from "zod";
import { decimalString, envelope, positiveDecimal } from "./fields.ts";

const providerName = z.enum(["binance", "coinbase", "kraken", "coingecko", "pyth", "rtds"]);

export const priceRecordSchema = z.object({
  ...envelope("price"),
  /** Bare upper-case symbol ("BTC"). */
  symbol: z.string().regex(/^[A-Z][A-Z0-9]{1,9}$/),
  /** USD price, above zero; null only on a stale record for a symbol no provider has ever priced. */
  price: positiveDecimal.nullable(),
  /** The provider, "median", or null when there is no price at all. */
  source: z.union([providerName, z.literal("median")]).nullable(),
  /** Providers that contributed (one in priority mode). */
  sources: z.array(providerName),
  /** The provider's own timestamp for the price (the oldest contributor's in median mode); null when it sends none. */
  source_ts: z.iso.datetime().nullable(),
  received_at: z.iso.datetime().nullable(),
  /** now − max(source_ts, received_at) in ms at `ts`. */
  age_ms: z.number().int().nonnegative().nullable(),
  stale: z.boolean(),
  /** Median mode: max − min of the prices used, and that spread in basis points of the median. */
  spread: decimalString.optional(),
  spread_bps: decimalString.optional(),
  /** Median mode: sources rejected for lying outside the band. */
  rejected: z.array(z.object({ source: providerName, price: decimalString, deviation_bps: decimalString })).optional(),
  /** With rtds: the Chainlink settlement price (5m/15m markets settle on it) and its timestamp/age. */
  settlement: positiveDecimal.nullable().optional(),
  settlement_ts: z.iso.datetime().nullable().optional(),
  settlement_age_ms: z.number().int().nonnegative().nullable().optional(),
  /** With rtds: rolling median of exchange − settlement, in USD and in bps of settlement. */
  basis: decimalString.nullable().optional(),
  basis_bps: decimalString.nullable().optional(),
  basis_samples: z.number().int().nonnegative().optional(),
  /** On stale records: why each provider has no fresh price. */
  failures: z.array(z.object({ provider: providerName, error: z.string() })).optional(),
});

export type PriceRecord = z.infer<typeof priceRecordSchema>;
