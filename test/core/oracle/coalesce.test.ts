import { expect, test } from "bun:test";
import { Coalescer } from "../../../core/oracle/coalesce.ts";

test("a burst within one turn reaches the sink as the latest value per key", async () => {
  const seen: string[] = [];
  const out = new Coalescer<string>((value) => void seen.push(value));
  for (let i = 1; i <= 5; i++) out.push("BTC", `BTC ${i}`);
  out.push("ETH", "ETH 1");
  await out.flushed();
  expect(seen).toEqual(["BTC 5", "ETH 1"]);
  expect(out.dropped).toBe(4);
});

test("a slow consumer never receives a backlog of outdated values", async () => {
  const seen: string[] = [];
  const out = new Coalescer<number>(async (value) => {
    seen.push(String(value));
    await Bun.sleep(20);
  });
  out.push("BTC", 1);
  await Bun.sleep(5);
  for (let i = 2; i <= 50; i++) out.push("BTC", i);
  await out.flushed();
  expect(seen).toEqual(["1", "50"]);
});

test("values pushed after a drain are delivered too", async () => {
  const seen: number[] = [];
  const out = new Coalescer<number>((value) => void seen.push(value));
  out.push("BTC", 1);
  await out.flushed();
  out.push("BTC", 2);
  await out.flushed();
  expect(seen).toEqual([1, 2]);
});
