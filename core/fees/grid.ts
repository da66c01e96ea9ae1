/**
 * The fee schedule across the price range: one quote per cent from 0.01 to 0.99 (99 prices), for a
 * fixed size and schedule — the shape of the curve at a glance, or a lookup table for scripts.
 */
import { Decimal } from "../decimal.ts";
import { type FeeQuote, quoteFee } from "../model/fee-quote.ts";
import type { FeeSchedule } from "../model/fee-schedule.ts";

/** 0.01, 0.02, …, 0.99 as exact decimals (built from integers, never by adding 0.01 floats). */
export function gridPrices(): Decimal[] {
  return Array.from({ length: 99 }, (_, i) => new Decimal(i + 1).dividedBy(100));
}

export function quoteGrid(schedule: FeeSchedule, size: Decimal, view: { fair?: Decimal; edge?: Decimal } = {}): FeeQuote[] {
  return gridPrices().map((price) => quoteFee({ price, size, schedule, fair: view.fair, edge: view.edge }));
}
