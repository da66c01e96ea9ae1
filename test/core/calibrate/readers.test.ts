import { describe, expect, test } from "bun:test";
import { readCandles } from "../../../core/calibrate/candles.ts";
import { readGammaWindows } from "../../../core/calibrate/gamma-windows.ts";
import { lastAtOrBefore } from "../../../core/calibrate/last-at-or-before.ts";
import { readPriceHistory } from "../../../core/calibrate/prices-history.ts";

const T0 = Date.UTC(2025, 11, 12, 20, 0); // 2025-12-12T20:00:00Z, 1765569600000

describe("candles", () => {
  test("CSV with ISO-8601 or epoch-ms open times; a candle closes at open + 59,999 ms; sorted by time", () => {
    const { candles, problems } = readCandles(
      ["open_time,open,high,low,close,volume", "1765569660000,101,103,100,102,2", "2025-12-12T20:00:00Z,100,101.5,99.5,101,3.5"].join("\n"),
    );
    expect(problems).toEqual([]);
    expect(candles.map((c) => [c.openTime, c.open.toString(), c.close.toString(), c.closeTime])).toEqual([
      [T0, "100", "101", T0 + 59_999],
      [T0 + 60_000, "101", "102", T0 + 119_999],
    ]);
  });

  test("Binance klines JSON arrays, extra fields ignored", () => {
    const body = JSON.stringify([[T0, "100", "101.5", "99.5", "101", "3.5", T0 + 59_999, "353.5", 10, "1", "100", "0"]]);
    const { candles, problems } = readCandles(body);
    expect(problems).toEqual([]);
    expect(candles).toHaveLength(1);
    expect(candles[0]!.high.toString()).toBe("101.5");
  });

  test("bad CSV rows are reported with their line and skipped; the good ones are kept", () => {
    const { candles, problems } = readCandles(
      [
        "open_time,open,high,low,close,volume",
        "2025-12-12T20:00:00Z,100,101,99,100.5,1",
        "2025-12-12T20:01:00Z,100,101", // too few fields
        "yesterday,100,101,99,100.5,1", // unreadable time
        "2025-12-12T20:02:00Z,100,101,99,abc,1", // unreadable close
        "2025-12-12T20:03:00Z,0,101,99,100,1", // a zero price
        "2025-12-12T20:04:30Z,100,101,99,100,1", // not on a whole minute
        "2025-12-12T20:05:00Z,100,99,101,100,1", // high below low
        "2025-12-12T20:00:00Z,200,201,199,200,1", // the same minute again
        "",
      ].join("\n"),
    );
    expect(candles.map((c) => c.close.toString())).toEqual(["100.5"]);
    expect(problems).toHaveLength(7);
    expect(problems[0]).toStartWith("line 3: expected open_time,open,high,low,close,volume");
    expect(problems[1]).toStartWith("line 4: open_time: expected ISO-8601 UTC or epoch milliseconds");
    expect(problems[2]).toStartWith("line 5: close:");
    expect(problems[3]).toStartWith("line 6: open:");
    expect(problems.slice(4)).toEqual([
      "candle 2025-12-12T20:04:30.000Z: open time 2025-12-12T20:04:30.000Z is not on a whole minute",
      "candle 2025-12-12T20:05:00.000Z: high/low do not bracket open and close",
      "candle 2025-12-12T20:00:00.000Z: a second candle for the same minute; the first kept",
    ]);
  });

  test("bad klines: not an array, short rows, numbers for prices, a 5-minute candle, broken JSON", () => {
    const body = JSON.stringify([
      [T0, "100", "101", "99", "100", "1", T0 + 59_999],
      "x",
      [T0 + 60_000, "100"],
      [T0 + 60_000, 100, 101, 99, 100, 1, T0 + 119_999],
      [T0 + 120_000, "100", "101", "99", "100", "1", T0 + 419_999],
    ]);
    const { candles, problems } = readCandles(body);
    expect(candles).toHaveLength(1);
    expect(problems).toHaveLength(4);
    expect(problems[0]).toStartWith("kline 1: expected an array");
    expect(problems[1]).toStartWith("kline 2: expected an array");
    expect(problems[2]).toStartWith("kline 3: open:");
    expect(problems[3]).toContain("not a 1-minute candle");
    expect(readCandles('[[1765569600000, "1"').problems[0]).toStartWith("invalid JSON");
    expect(readCandles('{"a": 1}').problems).toEqual(["line 1: expected open_time,open,high,low,close,volume; got 1 field(s)"]);
  });
});

describe("prices history", () => {
  test("points to ms, sorted; the last at or before a moment is the market's probability then", () => {
    const { points, problems } = readPriceHistory(
      JSON.stringify({
        history: [
          { t: 1765569687, p: 0.6 },
          { t: 1765569627, p: 0.52 },
        ],
      }),
    );
    expect(problems).toEqual([]);
    expect(points).toEqual([
      { ts: 1765569627_000, p: 0.52 },
      { ts: 1765569687_000, p: 0.6 },
    ]);
    const at = (ms: number) => lastAtOrBefore(points, ms, (point) => point.ts)?.p;
    expect(at(1765569626_999)).toBeUndefined();
    expect(at(1765569627_000)).toBe(0.52);
    expect(at(1765569686_999)).toBe(0.52);
    expect(at(1765569687_000)).toBe(0.6);
    expect(at(T0 + 3_600_000)).toBe(0.6);
  });

  test("bad points are reported and skipped; an unreadable body has no points", () => {
    const { points, problems } = readPriceHistory(JSON.stringify({ history: [{ t: 1765569627, p: 0.52 }, { t: 1765569687, p: 1.5 }, { t: "soon", p: 0.5 }, null] }));
    expect(points).toEqual([{ ts: 1765569627_000, p: 0.52 }]);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toStartWith("point 1: p:");
    expect(problems[1]).toStartWith("point 2: t:");
    expect(readPriceHistory("<html>502</html>").problems[0]).toStartWith("invalid JSON");
    expect(readPriceHistory(JSON.stringify([{ t: 1, p: 0.5 }]))).toEqual({ points: [], problems: ['expected {"history": [{"t": <epoch s>, "p": <price>}, …]}'] });
  });
});

describe("Gamma /markets rows", () => {
  const row = (overrides: Record<string, unknown> = {}) => ({
    slug: "btc-updown-15m-1765569600",
    question: "Bitcoin Up or Down - December 12, 3:00PM-3:15PM ET",
    resolutionSource: "https://data.chain.link/streams/btc-usd",
    eventStartTime: "2025-12-12T20:00:00Z",
    endDate: "2025-12-12T20:15:00Z",
    outcomes: '["Up", "Down"]',
    outcomePrices: '["0", "1"]',
    clobTokenIds: '["111", "222"]',
    closed: true,
    ...overrides,
  });

  test("a resolved row: the window, the series, the tokens in outcomes order, who won, the settlement stream", () => {
    const { windows, problems } = readGammaWindows(
      JSON.stringify([
        row(),
        row({
          slug: "btc-updown-15m-1765568700",
          eventStartTime: "2025-12-12T19:45:00Z",
          endDate: "2025-12-12T20:00:00Z",
          outcomes: ["Down", "Up"],
          outcomePrices: ["1", "0"],
          clobTokenIds: ["333", "444"],
        }),
      ]),
    );
    expect(problems).toEqual([]);
    const window = { series: "btc-updown-15m", symbol: "BTC", settledBy: "chainlink", outcome: 0 } as const;
    expect(windows).toEqual([
      { ...window, slug: "btc-updown-15m-1765568700", start: T0 - 900_000, end: T0, upToken: "444", downToken: "333" },
      { ...window, slug: "btc-updown-15m-1765569600", start: T0, end: T0 + 900_000, upToken: "111", downToken: "222" },
    ]);
    expect(readGammaWindows(JSON.stringify([row({ outcomePrices: '["1.0", "0.0"]' })])).windows[0]!.outcome).toBe(1);
  });

  test("bad, unresolved and non-Up/Down rows are reported with the reason and skipped", () => {
    const rows = [
      row(),
      5,
      row({ endDate: "soon" }),
      row({ clobTokenIds: "[1, 2" }),
      row({ closed: false }),
      row({ outcomePrices: '["0.5", "0.5"]' }),
      row({ outcomePrices: undefined }),
      row({ outcomes: '["Yes", "No"]' }),
      row({ clobTokenIds: '["111", "0x22"]' }),
      row({ slug: "doge-updown-15m-1765569600" }),
      row({ endDate: "2025-12-12T20:00:00Z" }),
    ];
    const { windows, problems } = readGammaWindows(JSON.stringify(rows));
    expect(windows).toHaveLength(1);
    expect(problems).toEqual([
      "row 1: row: Invalid input: expected object, received number",
      "row 2: endDate: expected an ISO-8601 time",
      expect.stringMatching(/^row 3: clobTokenIds: invalid JSON/),
      'market btc-updown-15m-1765569600: not resolved (closed false, outcomePrices ["0","1"])',
      'market btc-updown-15m-1765569600: not resolved (closed true, outcomePrices ["0.5","0.5"])',
      "market btc-updown-15m-1765569600: not resolved (closed true, outcomePrices undefined)",
      'market btc-updown-15m-1765569600: not an Up/Down market (outcomes ["Yes","No"])',
      "market btc-updown-15m-1765569600: clobTokenIds must be two decimal token ids",
      "market doge-updown-15m-1765569600: no known asset in the slug",
      "market btc-updown-15m-1765569600: endDate is not after eventStartTime",
    ]);
    expect(readGammaWindows("{").problems[0]).toStartWith("invalid JSON");
    expect(readGammaWindows("{}").problems).toEqual(["expected a JSON array of Gamma /markets rows"]);
  });
});
