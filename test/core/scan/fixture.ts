/** A BTC Up/Down 15m market with books, the prices and options that make its Up side an opportunity: shared by the scan and record tests. */
import { Decimal } from "../../../core/decimal.ts";
import { presetSchedule } from "../../../core/model/fee-schedule.ts";
import type { BookLevel, Market, OrderBook } from "../../../core/model/market.ts";
import type { PriceRecord } from "../../../core/records/price.ts";
import { type ReferencePrice, referenceKey } from "../../../core/scan/reference-price.ts";
import type { ScanOptions, ScanPrices, SymbolPrices } from "../../../core/scan/scan.ts";

type SpotQuote = NonNullable<SymbolPrices["exchange"]>;

export const d = (value: string | number) => new Decimal(value);
export const NOW = Date.UTC(2026, 10, 25, 12, 10, 0);
export const START = Date.UTC(2026, 10, 25, 12, 0, 0);
export const END = START + 900_000;
export const UP = "1".repeat(77);
export const DOWN = "2".repeat(77);

export const levels = (...pairs: [string, string][]): BookLevel[] => pairs.map(([price, size]) => ({ price: d(price), size: d(size) }));
export const book = (token: string, asks: BookLevel[], timestamp = NOW - 500): OrderBook => ({ token_id: token, timestamp, hash: `h${token.slice(0, 3)}`, bids: [], asks });

export function updown(overrides: Partial<Market> = {}, upAsks = levels(["0.50", "100"], ["0.52", "100"]), downAsks = levels(["0.52", "100"])): Market {
  return {
    id: "700001",
    condition_id: `0x${"ab".repeat(32)}`,
    slug: "btc-updown-15m-1795608000",
    question: "Bitcoin Up or Down - November 25, 7:00AM-7:15AM ET",
    symbol: "BTC",
    kind: "updown",
    window: "15m",
    window_start: START,
    end: END,
    resolution: { source: "chainlink", detail: "BTC/USD data stream" },
    outcomes: [
      { label: "Up", token_id: UP },
      { label: "Down", token_id: DOWN },
    ],
    fee: { status: "enabled", schedule: { ...presetSchedule("crypto"), source: "gamma:btc-updown-15m-1795608000" } },
    tick_size: d("0.01"),
    min_size: d("5"),
    neg_risk: false,
    accepting_orders: true,
    books: { [UP]: book(UP, upAsks), [DOWN]: book(DOWN, downAsks) },
    ...overrides,
  };
}

export const options: ScanOptions = { now: NOW, minEdge: d("0.02"), maxSize: d("1000"), maxPriceAgeMs: 3000, maxBookAgeMs: 5000, minSecondsLeft: 30, complement: true };

export function prices(spot: Partial<SymbolPrices>, ref: ReferencePrice = { price: d("97000"), ts: START, source: "settlement", proxy: false }): ScanPrices {
  return {
    spot: new Map([["BTC", spot]]),
    vol: new Map([["BTC", { sigma: 0.6, source: "realised" as const, realised: 0.6, returns: 59 }]]),
    refs: new Map([[referenceKey("BTC", START, "chainlink"), ref]]),
  };
}

export const SETTLEMENT: SpotQuote = { price: d("97150"), ts: NOW - 800, source: "rtds" };
export const EXCHANGE: SpotQuote = { price: d("97170"), ts: NOW - 200, source: "binance" };
// Settlement stream 97,150 vs open 97,000, 5 minutes left, σ 0.6: P(Up) = 0.797955.
export const lagged = prices({ settlement: SETTLEMENT, exchange: EXCHANGE, basis: d("20") });

/** A BTC price record from Binance, received half a second before it was written. */
export const priceRecord = (overrides: Partial<PriceRecord> = {}): PriceRecord => ({
  type: "price",
  v: 1,
  ts: "2026-11-25T12:00:01.000Z",
  symbol: "BTC",
  price: "97000",
  source: "binance",
  sources: ["binance"],
  source_ts: null,
  received_at: "2026-11-25T12:00:00.500Z",
  age_ms: 500,
  stale: false,
  ...overrides,
});
