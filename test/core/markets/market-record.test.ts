import { describe, expect, test } from "bun:test";
import { parseGammaRow } from "../../../core/adapters/polymarket/gamma/row.ts";
import { stamp } from "../../../core/cli/output.ts";
import { Decimal } from "../../../core/decimal.ts";
import { bookFromRecord, isUsable } from "../../../core/markets/book-levels.ts";
import { classify } from "../../../core/markets/classify.ts";
import { marketFields, marketFromRecord } from "../../../core/markets/market-record.ts";
import type { Market } from "../../../core/model/market.ts";
import { marketRecordSchema } from "../../../core/records/market.ts";
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
});

describe("book levels read from records", () => {
  test("a level counts when its size is positive and its price strictly between 0 and 1", () => {
    const usable = (level: string) => {
      const [price, size] = level.split(" ");
      return isUsable({ price: d(price!), size: d(size!) });
    };
    expect(["0.5 1", "0.001 0.01", "0.999 300"].filter(usable)).toEqual(["0.5 1", "0.001 0.01", "0.999 300"]);
    expect(["0 1", "-0.5 1", "1 1", "1.5 1", "0.5 0", "0.5 -0", "0.5 -1"].filter(usable)).toEqual([]);
  });

  test("levels are best-first whatever the record's order; equal prices keep the record's order; the time is read", () => {
    const shuffled = [
      { price: "0.52", size: "1" },
      { price: "0.520", size: "2" },
      { price: "0.51", size: "3" },
      { price: "0.6", size: "4" },
      { price: "0.510", size: "5" },
    ];
    const book = bookFromRecord({ token_id: "1", timestamp: "2026-11-25T12:00:00.000Z", bids: [...shuffled].reverse(), asks: shuffled });
    expect(book.asks.map((level) => `${level.price.toString()}/${level.size.toString()}`)).toEqual(["0.51/3", "0.51/5", "0.52/1", "0.52/2", "0.6/4"]);
    expect(book.bids.map((level) => `${level.price.toString()}/${level.size.toString()}`)).toEqual(["0.6/4", "0.52/2", "0.52/1", "0.51/5", "0.51/3"]);
    expect(book.timestamp).toBe(Date.UTC(2026, 10, 25, 12));
  });
});
