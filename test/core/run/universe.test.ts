import { describe, expect, test } from "bun:test";
import type { Market } from "../../../core/model/market.ts";
import { Universe } from "../../../core/run/universe.ts";

const market = (id: string, end: number, symbol = "BTC"): Market =>
  ({
    id,
    condition_id: `0x${id}`,
    slug: `s-${id}`,
    symbol,
    end,
    outcomes: [
      { label: "Up", token_id: `${id}1` },
      { label: "Down", token_id: `${id}2` },
    ],
  }) as unknown as Market;

describe("universe", () => {
  test("merges new windows, indexes by symbol and token, drops ended ones", () => {
    const universe = new Universe();
    const change = universe.merge([market("1", 1_000), market("2", 2_000, "ETH"), market("3", 500)], 600);
    expect(change.added.map((m) => m.id)).toEqual(["1", "2"]);
    expect(universe.ofSymbol("BTC").map((m) => m.id)).toEqual(["1"]);
    expect(universe.ofToken("22")?.id).toBe("2");
    expect(universe.merge([market("1", 1_000)], 700).added).toEqual([]);
    expect(universe.expire(1_000).map((m) => m.id)).toEqual(["1"]);
    expect(universe.symbols()).toEqual(["ETH"]);
    expect(universe.tokens()).toEqual(["21", "22"]);
  });
});
