import { describe, expect, test } from "bun:test";
import { stamp } from "../../../core/cli/output.ts";
import { Decimal } from "../../../core/decimal.ts";
import { classify } from "../../../core/markets/classify.ts";
import { parseGammaRow } from "../../../core/markets/gamma-row.ts";
import { bestAsk, bookFromRecord, compareDecimalText, isUsable, RecordLevel } from "../../../core/markets/book-levels.ts";
import { marketFields, marketFromRecord } from "../../../core/markets/market-record.ts";
import type { Market } from "../../../core/markets/types.ts";
import { LineBook } from "../../../core/records/market-line.ts";
import { marketRecordSchema } from "../../../core/records/market.ts";
import { createRng } from "../../../core/sandbox/rng.ts";
import strikes from "../../fixtures/gamma/strikes.json";
import unknownFee from "../../fixtures/gamma/unknown-fee.json";
import updown from "../../fixtures/gamma/updown.json";

const d = (value: string) => new Decimal(value);

function market(raw: unknown): Market {
  const row = parseGammaRow(raw);
  if (!row.ok) throw new Error(row.error);
  const result = classify(row.value);
  if (!result.ok) throw new Error(result.reason);
  return { ...result.market, tick_size: result.market.tick_size ?? d("0.01"), min_size: result.market.min_size ?? d("5") };
}

describe("market record", () => {
  test("every fixture kind round-trips through a schema-valid record", () => {
    for (const raw of [...updown, ...strikes, ...unknownFee]) {
      const original = market(raw);
      const record = stamp("market", marketFields(original));
      const parsed = marketRecordSchema.safeParse(JSON.parse(JSON.stringify(record)));
      if (!parsed.success) throw new Error(`${original.slug}: ${parsed.error.issues[0]?.message}`);
      const back = marketFromRecord(parsed.data);
      expect(JSON.stringify(marketFields(back))).toBe(JSON.stringify(marketFields(original)));
    }
  });

  test("token ids stay 77-digit strings; fee none when off, schedule when on, note when unknown", () => {
    const up = marketFields(market(updown[0]));
    const tokens = Object.values(up.outcomes);
    expect(tokens).toHaveLength(2);
    for (const token of tokens) expect(token).toMatch(/^\d{77}$/);
    expect(up.fee).toEqual({ rate: "0.072", exponent: "1", taker_only: true, source: "gamma:btc-updown-15m-1795608000" });
    expect(up.window_start).toBe("2026-11-25T12:00:00.000Z");
    const off = marketFields(market(strikes[0]));
    expect([off.fee_status, off.fee]).toEqual(["disabled", null]);
    const unknown = marketFields(market(unknownFee[0]));
    expect([unknown.fee_status, unknown.fee]).toEqual(["unknown", null]);
    expect(unknown.fee_note).toMatch(/no feeSchedule/);
  });

  test("a record missing its kind's fields is invalid", () => {
    const record = stamp("market", marketFields(market(strikes[0])));
    delete (record as Record<string, unknown>).strike;
    expect(marketRecordSchema.safeParse(record).success).toBe(false);
  });

  test("books from records are re-sorted best-first", () => {
    const book = bookFromRecord({
      token_id: "1",
      timestamp: "2026-11-25T12:00:00.000Z",
      bids: [{ price: "0.48", size: "1" }, { price: "0.49", size: "2" }],
      asks: [{ price: "0.53", size: "1" }, { price: "0.51", size: "2" }],
    });
    expect(book.bids.map((level) => level.price.toString())).toEqual(["0.49", "0.48"]);
    expect(book.asks.map((level) => level.price.toString())).toEqual(["0.51", "0.53"]);
    expect(book.timestamp).toBe(Date.UTC(2026, 10, 25, 12));
  });
});

describe("book levels read from records", () => {
  // Texts of the record form (-?\d+(\.\d+)?), zeros and signs included.
  const TEXTS = ["0", "-0", "0.0", "-0.000", "00", "007", "1", "1.0", "01.00", "0.5", "0.50", "00.5", "0.05", "0.001", "0.999", "0.9999999", "-0.5", "-1", "-10.25", "10", "9.99", "100", "99.5", "0.29", "0.290", "0.3", "2", "-2.5", "12345678901234567890.123456789"];

  test("compareDecimalText orders texts as Decimal does", () => {
    for (const a of TEXTS) for (const b of TEXTS) expect({ a, b, order: compareDecimalText(a, b) }).toEqual({ a, b, order: new Decimal(a).comparedTo(new Decimal(b)) });
  });

  test("a level's usable (decided on its text) is isUsable on its Decimals", () => {
    for (const price of TEXTS) {
      for (const size of TEXTS) {
        const level = new RecordLevel(price, size);
        expect({ price, size, usable: level.usable }).toEqual({ price, size, usable: isUsable({ price: new Decimal(price), size: new Decimal(size) }) });
      }
    }
  });

  test("levels are best-first whatever the file's order, as a stable Decimal sort puts them; Decimals built on first read", () => {
    const shuffled = [
      { price: "0.52", size: "1" },
      { price: "0.520", size: "2" },
      { price: "0.51", size: "3" },
      { price: "0.6", size: "4" },
      { price: "0.510", size: "5" },
    ];
    const sorted = [...shuffled].sort((a, b) => new Decimal(a.price).comparedTo(new Decimal(b.price)));
    const book = bookFromRecord({ token_id: "1", timestamp: "2026-11-25T12:00:00.000Z", bids: [...shuffled].reverse(), asks: shuffled });
    expect(book.asks.map((level) => `${level.price.toString()}/${level.size.toString()}`)).toEqual(sorted.map((level) => `${new Decimal(level.price).toString()}/${level.size}`));
    const descending = [...shuffled].reverse().sort((a, b) => new Decimal(b.price).comparedTo(new Decimal(a.price)));
    expect(book.bids.map((level) => level.size.toString())).toEqual(descending.map((level) => level.size));
    // Already best-first: kept as given.
    const inOrder = bookFromRecord({ token_id: "1", timestamp: "2026-11-25T12:00:00.000Z", bids: [], asks: sorted });
    expect(inOrder.asks.map((level) => level.priceText)).toEqual(sorted.map((level) => level.price));
  });

  test("a book read from a line (its ladders' texts) has the best ask and ladders of the same book parsed", () => {
    const rng = createRng(3, "book-levels-text");
    const prices = ["0", "-0.5", "0.01", "0.1", "0.10", "0.5", "0.50", "0.500", "0.53", "0.999", "00.5", "0.55", "00.50", "0.055", "1", "1.0", "2"];
    const sizes = ["0", "0.00", "-1", "1", "12.5", "300"];
    const ladder = () => Array.from({ length: rng.int(8) }, () => ({ price: prices[rng.int(prices.length)]!, size: sizes[rng.int(sizes.length)]! }));
    const texts = (levels: readonly { priceText?: string; sizeText?: string }[]) => levels.map((level) => `${level.priceText}/${level.sizeText}`);
    for (let i = 0; i < 500; i++) {
      const record = { token_id: "1", timestamp: "2026-11-25T12:00:00.000Z", hash: "0xab", bids: ladder(), asks: ladder() };
      const text = (levels: object[]) => JSON.stringify(levels).slice(1, -1);
      const parsed = bookFromRecord(record);
      const fromLine = bookFromRecord(new LineBook(record.token_id, record.timestamp, record.hash, text(record.bids), text(record.asks)));
      const best = bestAsk(parsed);
      expect(texts([bestAsk(fromLine)].filter((level) => level !== undefined))).toEqual(texts(best ? [best] : []));
      expect(texts(fromLine.asks)).toEqual(texts(parsed.asks));
      expect(texts(fromLine.bids)).toEqual(texts(parsed.bids));
      expect([fromLine.token_id, fromLine.timestamp, fromLine.hash]).toEqual([parsed.token_id, parsed.timestamp, parsed.hash]);
    }
  });
});
