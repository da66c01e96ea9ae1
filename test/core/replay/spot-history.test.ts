import { expect, test } from "bun:test";
import { Decimal } from "../../../core/decimal.ts";
import { SpotHistory } from "../../../core/replay/spot-history.ts";

const NOON = Date.UTC(2026, 0, 1, 12);
const trade = (history: SpotHistory, ts: number, price: string) => history.add({ provider: "binance", symbol: "BTC", price: new Decimal(price), sourceTs: ts, receivedAt: ts });

test("the minute under way when the recording began gives no candle and no opening price: its open is unknown", () => {
  const history = new SpotHistory();
  trade(history, NOON + 1_700, "100");
  trade(history, NOON + 30_000, "101");
  trade(history, NOON + 60_000, "102");
  trade(history, NOON + 90_000, "103");

  expect(history.klines("BTC", { limit: 10 }).map((candle) => [candle.openTime, candle.open.toString(), candle.close.toString()])).toEqual([[NOON + 60_000, "102", "103"]]);
  expect(history.priceAt("binance", "BTC", NOON, "start")).toBeUndefined();
  expect(history.priceAt("binance", "BTC", NOON + 60_000, "start")?.toString()).toBe("102");
});

test("a recording that begins on the minute keeps that minute", () => {
  const history = new SpotHistory();
  trade(history, NOON, "100");
  trade(history, NOON + 30_000, "101");
  expect(history.klines("BTC", { limit: 10 }).map((candle) => candle.open.toString())).toEqual(["100"]);
  expect(history.priceAt("binance", "BTC", NOON, "start")?.toString()).toBe("100");
});
