import { expect, test } from "bun:test";
import { pricesFromRecords } from "../../../core/scan/price-records.ts";
import { priceRecord as base } from "./fixture.ts";

test("newest exchange price per symbol, aged from the older of source_ts and received_at", () => {
  const { spot } = pricesFromRecords([
    base({ price: "96990", received_at: "2026-11-25T11:59:59.000Z" }),
    base({ price: "97000", source_ts: "2026-11-25T12:00:00.200Z", received_at: "2026-11-25T12:00:00.500Z" }),
    base({ symbol: "ETH", price: "3400", source: "median", sources: ["binance", "coinbase"] }),
  ]);
  expect(spot.get("BTC")!.exchange).toEqual({ price: expect.anything(), ts: Date.parse("2026-11-25T12:00:00.200Z"), source: "binance" });
  expect(spot.get("BTC")!.exchange!.price.toString()).toBe("97000");
  expect(spot.get("ETH")!.exchange!.source).toBe("median");
});

test("settlement values become the current settlement and a history; basis is kept", () => {
  const { spot, history } = pricesFromRecords([
    base({ settlement: "96820", settlement_ts: "2026-11-25T12:00:00.000Z", basis: "181.5" }),
    base({ settlement: "96810", settlement_ts: "2026-11-25T11:55:00.000Z" }),
  ]);
  expect(spot.get("BTC")!.settlement!.price.toString()).toBe("96820");
  expect(spot.get("BTC")!.basis!.toString()).toBe("181.5");
  expect(history.get("BTC")!.map((point) => point.price.toString())).toEqual(["96810", "96820"]);
});

test("stale records and rtds-attributed prices are not exchange prices", () => {
  const { spot } = pricesFromRecords([
    base({ stale: true }),
    base({ symbol: "SOL", source: "rtds", sources: ["rtds"], settlement: "190", settlement_ts: "2026-11-25T12:00:00.000Z" }),
  ]);
  expect(spot.get("BTC")!.exchange).toBeUndefined();
  expect(spot.get("SOL")!.exchange).toBeUndefined();
  expect(spot.get("SOL")!.settlement!.price.toString()).toBe("190");
});
