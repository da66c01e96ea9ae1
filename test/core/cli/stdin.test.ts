import { describe, expect, test } from "bun:test";
import { z } from "zod";
import { readRecords, streamLines } from "../../../core/cli/stdin.ts";
import { KNOWN_RECORD_TYPES } from "../../../core/records/types.ts";

const priceSchema = z.object({ type: z.literal("price"), symbol: z.string(), price: z.string() });

async function* linesOf(text: string): AsyncGenerator<string> {
  for (const line of text.split("\n")) yield line;
}

async function collect(text: string) {
  const passed: Record<string, unknown>[] = [];
  const consumed: { line: number; record: unknown }[] = [];
  for await (const item of readRecords({ consumes: { price: priceSchema }, knownTypes: KNOWN_RECORD_TYPES, passThrough: (record) => passed.push(record), lines: linesOf(text) }))
    consumed.push(item);
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
    expect(await collect("")).toEqual({ passed: [], consumed: [] });
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
  for await (const line of streamLines(streamOf(chunks))) out.push(line);
  return out;
}

describe("streamLines", () => {
  test("splits on newlines whatever the chunking, across multi-byte characters, keeping a last line without newline", async () => {
    const text = `a\r\n{"x":"€ 1"}\n\n${"y".repeat(70_000)}\nlast ✓`;
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
