/**
 * readMarketLine must give, for any line, either undefined (the line goes through JSON.parse and
 * isMarketRecord) or exactly what JSON.parse gives — for a record isMarketRecord accepts. Held on
 * lines pm-arb writes (both key orders: `markets`' own and the schema's), on lines that must fall
 * back for a stated reason, and on thousands of random mutations of written lines.
 */
import { describe, expect, test } from "bun:test";
import { stamp } from "../../../core/cli/output.ts";
import { eachRecord } from "../../../core/cli/stdin.ts";
import { isMarketRecord } from "../../../core/records/fast-checks.ts";
import { LineBook, readMarketLine } from "../../../core/records/market-line.ts";
import { marketRecordSchema, type MarketRecord } from "../../../core/records/market.ts";
import { KNOWN_RECORD_TYPES } from "../../../core/records/types.ts";
import { createRng } from "../../../core/sandbox/rng.ts";

const TS = "2026-01-15T12:07:30.000Z";
const UP = "1".repeat(77);
const DOWN = "2".repeat(77);
const rng = createRng(5, "market-line-test");

function ladder(levels: number): { price: string; size: string }[] {
  return Array.from({ length: levels }, () => ({ price: (rng.int(100) / 100).toFixed(rng.int(3) + 1), size: String(rng.int(300)) }));
}

/** A market as `pm-arb markets` writes it (its fields' order), books last. */
function written(books: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return stamp(
    "market",
    {
      id: "1",
      condition_id: `0x${"ab".repeat(32)}`,
      slug: "btc-updown-15m-1767200400",
      question: "Bitcoin Up or Down",
      symbol: "BTC",
      kind: "updown",
      end: "2026-01-15T12:15:00.000Z",
      resolution: { source: "chainlink", detail: "BTC/USD data stream" },
      outcomes: { Up: UP, Down: DOWN },
      fee_status: "enabled",
      fee: { rate: "0.072", exponent: "1", taker_only: true, source: "gamma:btc" },
      tick_size: "0.01",
      min_size: "5",
      neg_risk: false,
      accepting_orders: true,
      window: "15m",
      window_start: "2026-01-15T12:00:00.000Z",
      ...extra,
      ...(books ? { books } : {}),
    },
    new Date(TS),
  );
}

const book = (token: string, hash?: string) => ({ token_id: token, timestamp: "2026-01-15T12:07:29.500Z", ...(hash ? { hash } : {}), bids: ladder(rng.int(4)), asks: ladder(rng.int(4)) });
const twoBooks = () => ({ Up: book(UP, "0xabc"), Down: book(DOWN) });

/** The reference: JSON.parse, then the check the schema agrees with. */
function reference(line: string): { accepted: boolean; json?: string } {
  let value: unknown;
  try {
    value = JSON.parse(line.trim());
  } catch {
    return { accepted: false };
  }
  return { accepted: isMarketRecord(value), json: JSON.stringify(value) };
}

function expectSame(line: string): MarketRecord | undefined {
  const read = readMarketLine(line.trim());
  if (read !== undefined) {
    const { accepted, json } = reference(line);
    expect({ line, accepted }).toEqual({ line, accepted: true });
    expect(JSON.stringify(read)).toBe(json!);
  }
  return read;
}

describe("readMarketLine", () => {
  test("reads the lines pm-arb writes, in either key order, as JSON.parse does (ladders read on first access)", () => {
    for (let i = 0; i < 50; i++) {
      const record = written(twoBooks());
      for (const line of [JSON.stringify(record), JSON.stringify(marketRecordSchema.parse(record))]) {
        const read = expectSame(line);
        expect(read).toBeDefined();
        const books = read!.books!;
        expect(books.Up).toBeInstanceOf(LineBook);
        expect(books.Up!.asks).toEqual(JSON.parse(line).books.Up.asks);
        expect(books.Down!.bids).toEqual(JSON.parse(line).books.Down.bids);
      }
    }
  });

  test("leaves every other line to JSON.parse", () => {
    const base = written(twoBooks());
    const misfits: [string, string][] = [
      ["no books", JSON.stringify(written(undefined))],
      ["empty books", JSON.stringify(written({}))],
      ["whitespace", JSON.stringify(base, null, 1)],
      ["a level's keys in another order", JSON.stringify(base).replace('{"price":', '{"size":"1","price":').replace(/("price":"[^"]*"),"size":"[^"]*"/, "$1")],
      ["an escape in a label", JSON.stringify(written({ 'U"p': book(UP), Down: book(DOWN) }))],
      ["an index-like label (objects list those first)", JSON.stringify(written({ Up: book(UP), "7": book(DOWN) }))],
      ["a __proto__ label", JSON.stringify(written({ Up: book(UP) })).replace('"books":{', `"books":{"__proto__":${JSON.stringify(book(DOWN))},`)],
      ["two books for one label (the last would win)", JSON.stringify(written({ Up: book(UP) })).replace('"books":{', `"books":{"Up":${JSON.stringify(book(DOWN))},`)],
      ["two books for one token", JSON.stringify(written({ Up: book(UP), Down: book(UP) }))],
      ["a book with another key", JSON.stringify(written({ Up: { ...book(UP), extra: 1 }, Down: book(DOWN) }))],
      ["books not last", JSON.stringify({ books: twoBooks(), ...written(undefined) })],
      ["books in the head too", JSON.stringify(base).replace('"id":"1",', `"books":${JSON.stringify(twoBooks())},"id":"1",`)],
      ["a books key nested in the head", JSON.stringify(written(twoBooks(), { resolution: { source: "chainlink", detail: "x", books: {} } }))],
      ["a bad timestamp", JSON.stringify(written({ Up: { ...book(UP), timestamp: "2026-02-30T00:00:00Z" }, Down: book(DOWN) }))],
      ["a bad head", JSON.stringify(written(twoBooks(), { symbol: "btc" }))],
      ["nothing before the books", `{${JSON.stringify(base).slice(JSON.stringify(base).indexOf(',"books":{'))}`],
    ];
    for (const [why, line] of misfits) expect({ why, read: readMarketLine(line) }).toEqual({ why, read: undefined });
    // Those that are still good records are read the usual way.
    expect(reference(misfits[3]![1]).accepted).toBe(true);
  });

  test("on random mutations of written lines: undefined, or JSON.parse's record for an accepted line", () => {
    const pieces = ['"', "\\", "{", "}", "[", "]", ",", ":", " ", "0", "1", "-", ".", "a", "\u0001", '"books":{', ',"books":{"X":', '{"price":"0.5","size":"1"}', "__proto__", "7"];
    let read = 0;
    for (let i = 0; i < 3000; i++) {
      let line = JSON.stringify(i % 2 ? written(twoBooks()) : marketRecordSchema.parse(written(twoBooks())));
      for (let edits = 1 + rng.int(3); edits > 0; edits--) {
        const at = rng.int(line.length + 1);
        const kind = rng.int(3);
        const piece = pieces[rng.int(pieces.length)]!;
        line = kind === 0 ? line.slice(0, at) + piece + line.slice(at) : kind === 1 ? line.slice(0, at) + line.slice(at + 1 + rng.int(4)) : line.slice(0, at) + piece + line.slice(at + 1);
      }
      if (expectSame(line) !== undefined) read++;
    }
    // Many mutations land in the head's strings or leave an equivalent line: the fast path is exercised.
    expect(read).toBeGreaterThan(150);
  });

  test("stdin hands on the same records with the line reader as without it", async () => {
    const lines = [JSON.stringify(written(twoBooks())), "not json", JSON.stringify(written(twoBooks(), { symbol: "btc" })), JSON.stringify(marketRecordSchema.parse(written(twoBooks())))];
    const collect = async (read?: (text: string) => MarketRecord | undefined) => {
      const out: string[] = [];
      await eachRecord<MarketRecord>(
        {
          consumes: { market: { accepts: isMarketRecord, read, schema: () => marketRecordSchema } },
          knownTypes: KNOWN_RECORD_TYPES,
          passThrough: () => {},
          lines: (async function* () {
            yield* lines;
          })(),
        },
        ({ line, record, text }) => out.push(`${line} ${JSON.stringify(record)} ${text.length}`),
      );
      return out;
    };
    const fast = await collect(readMarketLine);
    expect(fast).toHaveLength(2);
    expect(fast).toEqual(await collect());
  });
});
