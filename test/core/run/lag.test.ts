import { describe, expect, test } from "bun:test";
import { LAG_BUCKETS_MS, LagTracker } from "../../../core/run/lag.ts";
import { d } from "../trade/fixtures.ts";

describe("lag: how long the book takes to follow a spot move", () => {
  test("a gap opens on the tick and closes when the book catches up", () => {
    const lag = new LagTracker();
    lag.fair("m1", "BTC", "updown-15m", d("0.50"), 0);
    lag.book("m1", d("0.50"), 10);
    lag.fair("m1", "BTC", "updown-15m", d("0.58"), 1_000); // spot jumped
    lag.book("m1", d("0.52"), 1_800); // book moves, not there yet
    lag.book("m1", d("0.575"), 3_400); // within 0.01 of fair: caught up
    expect(lag.summary()).toEqual([
      { symbol: "BTC", series: "updown-15m", samples: 1, median_ms: 2_400, p90_ms: 2_400, last_ms: 2_400, open_gaps: 0, dropped: 0, histogram: [0, 0, 0, 0, 1, 0, 0, 0, 0, 0] },
    ]);
  });

  test("the first tick of a move stamps the gap; later ticks in the same move do not restart it", () => {
    const lag = new LagTracker();
    lag.fair("m1", "ETH", "updown-5m", d("0.5"), 0);
    lag.book("m1", d("0.5"), 0);
    lag.fair("m1", "ETH", "updown-5m", d("0.53"), 100);
    lag.fair("m1", "ETH", "updown-5m", d("0.56"), 400);
    lag.book("m1", d("0.555"), 900);
    expect(lag.summary()[0]!.median_ms).toBe(800);
  });

  test("spot coming back by itself is not a sample", () => {
    const lag = new LagTracker();
    lag.fair("m1", "BTC", "above", d("0.3"), 0);
    lag.book("m1", d("0.3"), 0);
    lag.fair("m1", "BTC", "above", d("0.34"), 100);
    lag.fair("m1", "BTC", "above", d("0.305"), 200);
    expect(lag.summary()[0]).toMatchObject({ samples: 0, dropped: 1 });
  });

  test("a book that never follows within maxMs is dropped", () => {
    const lag = new LagTracker({ maxMs: 1_000 });
    lag.fair("m1", "BTC", "above", d("0.3"), 0);
    lag.book("m1", d("0.3"), 0);
    lag.fair("m1", "BTC", "above", d("0.4"), 100);
    lag.book("m1", d("0.4"), 5_000);
    expect(lag.summary()[0]).toMatchObject({ samples: 0, dropped: 1 });
  });

  test("median and p90 over many samples, per series", () => {
    const lag = new LagTracker();
    for (let i = 1; i <= 10; i++) {
      const t = i * 100_000;
      const id = `m${i}`;
      lag.fair(id, "SOL", "updown-15m", d("0.5"), t);
      lag.book(id, d("0.5"), t);
      lag.fair(id, "SOL", "updown-15m", d("0.6"), t + 1);
      lag.book(id, d("0.6"), t + 1 + i * 100);
    }
    expect(lag.summary()[0]).toMatchObject({ samples: 10, median_ms: 500, p90_ms: 900, last_ms: 1000 });
  });

  test("the histogram counts kept samples per doubling bucket; the last bucket takes everything above", () => {
    const lag = new LagTracker({ maxMs: 200_000 });
    const samples = [0, 249, 250, 999, 1000, 70_000];
    samples.forEach((ms, i) => {
      const t = i * 1_000_000;
      lag.fair(`m${i}`, "BTC", "updown-5m", d("0.5"), t);
      lag.book(`m${i}`, d("0.5"), t);
      lag.fair(`m${i}`, "BTC", "updown-5m", d("0.6"), t + 1);
      lag.book(`m${i}`, d("0.6"), t + 1 + ms);
    });
    expect(LAG_BUCKETS_MS).toHaveLength(10);
    expect(lag.summary()[0]!.histogram).toEqual([2, 1, 1, 1, 0, 0, 0, 0, 0, 1]);
  });

  test("open gaps are counted; forgotten markets are gone", () => {
    const lag = new LagTracker();
    lag.fair("m1", "XRP", "updown-1h", d("0.5"), 0);
    lag.book("m1", d("0.5"), 0);
    lag.fair("m1", "XRP", "updown-1h", d("0.6"), 10);
    lag.book("m1", d("0.51"), 20);
    expect(lag.summary()[0]!.open_gaps).toBe(1);
    lag.forget("m1");
    expect(lag.summary()[0]!.open_gaps).toBe(0);
  });
});
