import { describe, expect, test } from "bun:test";
import { Decimal } from "../../../core/decimal.ts";
import type { OrderBook } from "../../../core/model/market.ts";
import { paperVenue } from "../../../core/run/paper-venue.ts";

const book = (ask: string): OrderBook => ({ token_id: "1", timestamp: 1, bids: [], asks: [{ price: new Decimal(ask), size: new Decimal(10) }] });

describe("paper venue latency", () => {
  test("the order meets the book as it is after the latency, not as it was when sent", async () => {
    let current = book("0.50");
    const waited: number[] = [];
    const venue = paperVenue({
      latencyMs: 150,
      timers: {
        sleep: async (ms) => {
          waited.push(ms);
          // The market moves while the order is on its way.
          current = book("0.70");
        },
      },
      liveBook: () => current,
      fetchBook: () => Promise.reject(new Error("no REST in this test")),
    });
    if (venue.mode !== "paper") throw new Error("paper venue expected");
    const met = await venue.book("1");
    expect(waited).toEqual([150]);
    expect(met.asks[0]!.price.toString()).toBe("0.7");
  });
});
