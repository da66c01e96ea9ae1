/**
 * The hand-written checks scan uses on its stdin must say yes exactly when the zod schemas (the
 * reference) do: on good records, and on every mutation of every field of them — deleted, nulled,
 * of another type, or a near-miss value (dates, decimals, token ids, symbols, enums), plus the
 * schema's refinements and unknown keys.
 */
import { describe, expect, test } from "bun:test";
import { stamp } from "../../../core/cli/output.ts";
import { classify } from "../../../core/markets/classify.ts";
import { parseGammaRow } from "../../../core/markets/gamma-row.ts";
import { marketFields } from "../../../core/markets/market-record.ts";
import { isMarketRecord, isPriceRecord } from "../../../core/records/fast-checks.ts";
import { marketRecordSchema } from "../../../core/records/market.ts";
import { priceRecordSchema } from "../../../core/records/price.ts";
import { Decimal } from "../../../core/decimal.ts";
import strikes from "../../fixtures/gamma/strikes.json";
import unknownFee from "../../fixtures/gamma/unknown-fee.json";
import updown from "../../fixtures/gamma/updown.json";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const TS = "2026-01-15T12:07:30.000Z";
const book = (token: string) => ({
  token_id: token,
  timestamp: "2026-01-15T12:07:29.500Z",
  hash: "0xabc",
  bids: [{ price: "0.48", size: "10" }, { price: "0.47", size: "5.5" }],
  asks: [{ price: "0.52", size: "12.25" }],
});

/** One market of each fixture file, with and without books, and the kinds the fixtures lack. */
function goodMarkets(): Json[] {
  const out: Json[] = [];
  for (const raw of [updown[0], strikes[0], unknownFee[0]]) {
    const row = parseGammaRow(raw);
    if (!row.ok) continue;
    const classified = classify(row.value);
    if (!classified.ok) continue;
    const market = { ...classified.market, tick_size: classified.market.tick_size ?? new Decimal("0.01"), min_size: classified.market.min_size ?? new Decimal("5") };
    const record = JSON.parse(JSON.stringify(stamp("market", marketFields(market), new Date(TS)))) as Record<string, Json>;
    out.push(record);
    const outcomes = record.outcomes as Record<string, string>;
    out.push({ ...record, books: Object.fromEntries(Object.entries(outcomes).map(([label, token]) => [label, book(token)])) });
  }
  // The kinds the fixtures lack: range and touch.
  const base = out[0] as Record<string, Json>;
  const { window: _w, window_start: _s, ...plain } = base;
  out.push({ ...plain, kind: "range", low: "90000", high: "95000" });
  out.push({ ...plain, kind: "touch", barrier: "100000", direction: "up", window_start: TS });
  out.push({ ...plain, kind: "above", strike: "97000.5", fee_status: "disabled", fee: null });
  return out;
}

function goodPrices(): Json[] {
  const priority = { type: "price", v: 1, ts: TS, symbol: "BTC", price: "97000.5", source: "binance", sources: ["binance"], source_ts: TS, received_at: TS, age_ms: 300, stale: false };
  return [
    priority,
    { ...priority, settlement: "96810.2", settlement_ts: TS, settlement_age_ms: 0, basis: "185.3", basis_bps: "19.1", basis_samples: 30 },
    { ...priority, source: "median", sources: ["binance", "coinbase", "kraken"], spread: "12.5", spread_bps: "1.3", rejected: [{ source: "coingecko", price: "96000", deviation_bps: "103" }] },
    { ...priority, price: null, source: null, sources: [], source_ts: null, received_at: null, age_ms: null, stale: true, failures: [{ provider: "binance", error: "451" }], settlement: null, settlement_ts: null, settlement_age_ms: null, basis: null, basis_bps: null },
  ];
}

/** Values a field could wrongly (or rightly) hold. */
const CANDIDATES: Json[] = [
  null, true, false, 0, 1, -1, 1.5, 2 ** 53, -0, 1e308, "", " ", "x", "1", "-1", "0.5", "-0.5", "05", "0.50", "1.", ".5", "+1", "1e3", " 0.5", "0.5 ", "NaN", "Infinity", "-0",
  "2026-01-15T12:07:30Z", "2026-01-15T12:07:30.5Z", "2024-02-29T00:00:00.000Z", "2023-02-29T00:00:00.000Z", "2000-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-04-31T00:00:00Z",
  "2026-01-15T24:00:00Z", "2026-01-15T12:07Z", "2026-01-15T12:07:30.000+00:00", "2026-01-15T12:07:30.000z", "2026-01-15 12:07:30Z", "2026-01-15",
  "1".repeat(77), "1".repeat(100), "1".repeat(101), "12a", "BTC", "B", "BTC1234567", "BTC12345678", "btc", "1BTC", "BT_C",
  `0x${"a".repeat(64)}`, `0x${"A".repeat(63)}`, `0x${"g".repeat(64)}`,
  "market", "price", "updown", "UPDOWN", "above", "range", "touch", "5m", "2m", "up", "down", "chainlink", "binance", "other", "enabled", "disabled", "unknown", "median", "rtds", "kraken", "nope",
  [], [1], ["binance"], ["bogus"], {}, { price: "1", size: "1" },
];

/** Every path to a value inside the record (objects and arrays), the record itself excluded. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== "object") return [];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return keys.flatMap((key) => [[...prefix, key], ...paths((value as Record<string, Json>)[key as string]!, [...prefix, key])]);
}

function mutate(record: Json, path: (string | number)[], replacement: Json | undefined): Json {
  const copy = structuredClone(record) as Record<string, Json>;
  let parent: Record<string, Json> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key as string] as Record<string, Json>;
  const last = path[path.length - 1]!;
  if (replacement === undefined) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last as string];
  } else parent[last as string] = replacement;
  return copy;
}

function corpus(good: Json[]): Json[] {
  const out: Json[] = [...good, null, [], "market", 1, {}];
  for (const record of good) {
    for (const path of paths(record)) {
      out.push(mutate(record, path, undefined));
      for (const candidate of CANDIDATES) out.push(mutate(record, path, candidate));
    }
    out.push({ ...(record as object), extra_key: "kept out of the schema" });
  }
  return out;
}

function agree(check: (value: unknown) => boolean, schema: { safeParse(value: unknown): { success: boolean } }, values: Json[]) {
  let accepted = 0;
  for (const value of values) {
    const expected = schema.safeParse(value).success;
    if (check(value) !== expected) expect({ value, check: !expected }).toEqual({ value, check: expected });
    if (expected) accepted++;
  }
  return accepted;
}

describe("fast checks agree with the zod schemas", () => {
  test("market records: good ones, and every field mutated", () => {
    const good = goodMarkets();
    expect(good.length).toBeGreaterThanOrEqual(8);
    for (const record of good) expect(marketRecordSchema.safeParse(record).success).toBe(true);
    const values = corpus(good);
    const accepted = agree(isMarketRecord, marketRecordSchema, values);
    // Both sides of the line are well represented.
    expect(accepted).toBeGreaterThan(good.length * 10);
    expect(values.length - accepted).toBeGreaterThan(good.length * 100);
  });

  test("market records: the schema's refinements (each kind's fields, two outcomes, a schedule when enabled)", () => {
    const [base] = goodMarkets() as Record<string, Json>[];
    const cases: Json[] = [
      { ...base!, window: undefined as never },
      { ...base!, kind: "above" },
      { ...base!, kind: "range", low: "1" },
      { ...base!, kind: "touch", barrier: "1" },
      { ...base!, outcomes: { Up: "1" } },
      { ...base!, outcomes: { Up: "1", Down: "2", Flat: "3" } },
      { ...base!, fee_status: "enabled", fee: null },
      { ...base!, fee_status: "unknown", fee: null },
    ];
    agree(isMarketRecord, marketRecordSchema, cases);
  });

  test("price records: good ones, and every field mutated", () => {
    const good = goodPrices();
    for (const record of good) expect(priceRecordSchema.safeParse(record).success).toBe(true);
    const values = corpus(good);
    const accepted = agree(isPriceRecord, priceRecordSchema, values);
    expect(accepted).toBeGreaterThan(good.length * 10);
    expect(values.length - accepted).toBeGreaterThan(good.length * 100);
  });
});
