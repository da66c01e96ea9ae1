import { expect, test } from "bun:test";
import { Liveness, type LivenessConfig } from "../../../core/oracle/liveness.ts";

const config: LivenessConfig = { factor: 8, minMs: 2_000, maxMs: 30_000, initialMs: 5_000, alpha: 0.2 };

function feed(liveness: Liveness, symbol: string, from: number, to: number, every: number): void {
  for (let at = from; at <= to; at += every) liveness.seen(symbol, at);
}

test("before any data: silence allowed for initialMs", () => {
  const liveness = new Liveness(["BTC"], 0, config);
  expect(liveness.dead(5_000)).toBe(false);
  expect(liveness.dead(5_001)).toBe(true);
});

test.each([
  { name: "busy feed (100 ms gaps): the floor applies", every: 100, allowed: 2_000 },
  { name: "normal feed (1 s gaps): 8 × the gap", every: 1_000, allowed: 8_000 },
  { name: "quiet feed (10 s gaps): capped", every: 10_000, allowed: 30_000 },
])("$name", ({ every, allowed }) => {
  const liveness = new Liveness(["BTC"], 0, config);
  feed(liveness, "BTC", 0, every * 50, every);
  expect(liveness.allowedSilence("BTC")).toBeCloseTo(allowed, 0);
  const last = every * 50;
  expect(liveness.isOverdue("BTC", last + allowed - 1)).toBe(false);
  expect(liveness.isOverdue("BTC", last + allowed + 1)).toBe(true);
});

test("per symbol: a quiet symbol is not judged by a busy one's rhythm", () => {
  const liveness = new Liveness(["BTC", "XRP"], 0, config);
  feed(liveness, "BTC", 0, 20_000, 100);
  feed(liveness, "XRP", 0, 20_000, 2_000);
  // 3 s after the last messages: BTC (usual gap 100 ms) is overdue, XRP (usual gap 2 s) is not.
  expect(liveness.overdue(23_000)).toEqual(["BTC"]);
  expect(liveness.dead(23_000)).toBe(false);
  expect(liveness.dead(40_000)).toBe(true);
});

test("restart: silence counts from the reconnect, the rhythm is kept", () => {
  const liveness = new Liveness(["BTC"], 0, config);
  feed(liveness, "BTC", 0, 10_000, 100);
  liveness.restart(60_000);
  expect(liveness.dead(64_000)).toBe(false);
  expect(liveness.dead(65_001)).toBe(true);
  liveness.seen("BTC", 61_000);
  expect(liveness.isOverdue("BTC", 62_500)).toBe(false);
});

test("unknown symbols are ignored", () => {
  const liveness = new Liveness(["BTC"], 0, config);
  liveness.seen("ETH", 1);
  expect(liveness.overdue(6_000)).toEqual(["BTC"]);
});
