import { describe, expect, test } from "bun:test";
import { z } from "zod";
import { lineBatches, readRecords, type RecordCheck } from "../../../core/cli/stdin.ts";
import { KNOWN_RECORD_TYPES } from "../../../core/records/types.ts";

const priceSchema = z.object({ type: z.literal("price"), symbol: z.string(), price: z.string() });

async function* linesOf(text: string): AsyncGenerator<string> {
  for (const line of text.split("\n")) yield line;
}

async function collect(text: string) {
  const passed: Record<string, unknown>[] = [];
  const consumed: { line: number; record: unknown }[] = [];
  for await (const item of readRecords({ consumes: { price: priceSchema }, knownTypes: KNOWN_RECORD_TYPES, passThrough: (record) => passed.push(record), lines: linesOf(text) })) consumed.push(item);
  return { passed, consumed };
}

describe("readRecords", () => {
  test("consumes its types, passes other known types through, skips garbage and keeps going", async () => {
    const input = [
      '{"type":"price","v":1,"symbol":"BTC","price":"97000.5"}',
      "",
      "not json at all",
      '{"type":"market","v":1,"slug":"btc-updown-15m-1"}',
      '{"type":"price","symbol":"ETH"}',
      '{"type":"mystery"}',
      '{"type":"price","v":1,"symbol":"ETH","price":"3400"',
      "[1,2,3]",
      "null",
      '{"type":"price","v":1,"symbol":"SOL","price":"190"}',
      "",
    ].join("\n");
    const { passed, consumed } = await collect(input);
    expect(consumed.map((item) => item.line)).toEqual([1, 10]);
    expect(consumed.map((item) => (item.record as { symbol: string }).symbol)).toEqual(["BTC", "SOL"]);
    expect(passed).toEqual([{ type: "market", v: 1, slug: "btc-updown-15m-1" }]);
  });

  test("empty input yields nothing", async () => {
    const { passed, consumed } = await collect("");
    expect(consumed).toEqual([]);
    expect(passed).toEqual([]);
  });
});

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

async function linesFrom(chunks: Uint8Array[]): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of lineBatches(streamOf(chunks))) out.push(...batch);
  return out;
}

describe("lineBatches", () => {
  test("splits on newlines whatever the chunking, across multi-byte characters, keeping a last line without newline", async () => {
    const text = 'a\r\n{"x":"€ 1"}\n\n' + "y".repeat(70_000) + "\nlast ✓";
    const bytes = new TextEncoder().encode(text);
    const expected = text.split("\n");
    for (const size of [1, 2, 3, 7, 64, 4096, 65_536, bytes.length]) {
      const chunks: Uint8Array[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
      expect(await linesFrom(chunks)).toEqual(expected);
    }
  });

  test("a trailing newline ends the last line (no empty line after it); empty input has no lines", async () => {
    expect(await linesFrom([new TextEncoder().encode("a\nb\n")])).toEqual(["a", "b"]);
    expect(await linesFrom([])).toEqual([]);
  });
});

describe("readRecords with a hand-written check", () => {
  const schema = z.object({ type: z.literal("price"), v: z.literal(1), symbol: z.string(), price: z.string().regex(/^\d+$/) });
  const accepts = (value: unknown) => {
    const record = value as Record<string, unknown>;
    return record.type === "price" && record.v === 1 && typeof record.symbol === "string" && typeof record.price === "string" && /^\d+$/.test(record.price);
  };

  async function run(check: RecordCheck<unknown>, text: string) {
    const consumed: { line: number; record: unknown }[] = [];
    for await (const item of readRecords({ consumes: { price: check }, knownTypes: KNOWN_RECORD_TYPES, passThrough: () => {}, lines: linesOf(text) })) consumed.push(item);
    return consumed;
  }

  const input = ['{"type":"price","v":1,"symbol":"BTC","price":"97000"}', '{"type":"price","v":1,"symbol":"ETH","price":"3400.5"}', '{"type":"price","v":1,"symbol":"SOL","price":"190"}'].join("\n");

  test("what the check accepts is consumed as read; what it refuses goes to the schema (loaded once, on first need)", async () => {
    let loads = 0;
    const consumed = await run({ accepts, schema: () => (loads++, schema) }, input);
    expect(consumed.map((item) => item.line)).toEqual([1, 3]);
    expect(loads).toBe(1);
    const clean = await run({ accepts, schema: () => (loads++, schema) }, '{"type":"price","v":1,"symbol":"BTC","price":"1"}');
    expect([clean.length, loads]).toEqual([1, 1]);
  });

  test("the schema has the last word: a check that refuses too much loses nothing", async () => {
    const consumed = await run({ accepts: () => false, schema: async () => schema }, input);
    expect(consumed.map((item) => item.line)).toEqual([1, 3]);
  });
});
