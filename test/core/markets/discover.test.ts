/** Discovery against the sandbox venue over real HTTP: paging, classification, CLOB fill-ins, batch books. */
import { beforeAll, describe, expect, test } from "bun:test";
import { listGammaRows } from "../../../core/adapters/polymarket/gamma/client.ts";
import { fetchBooks } from "../../../core/adapters/polymarket/market-data/books.ts";
import { discoverMarkets } from "../../../core/markets/discover.ts";
import { useTestSandbox } from "../../helpers/sandbox.ts";

const sandbox = useTestSandbox({ seed: 11 });
let deps: { gammaUrl: string; clobUrl: string; now: number };
let now: number;
let tokens: string[];

beforeAll(async () => {
  now = sandbox.app.clock.now();
  deps = { gammaUrl: `${sandbox.url}/gamma`, clobUrl: `${sandbox.url}/clob`, now };
  tokens = (await discoverMarkets({ at: now }, deps)).markets.flatMap((market) => market.outcomes.map((outcome) => outcome.token_id));
});

const requests = (path: string) => sandbox.admin.requests(path);

describe("gamma paging", () => {
  test("pages events then markets until an empty page, reporting progress per page; every row once", async () => {
    await sandbox.admin.resetCounters();
    const big = await listGammaRows({ endMin: now, openOnly: true }, { gammaUrl: deps.gammaUrl });
    const pages = (await requests("/gamma/events")) + (await requests("/gamma/markets"));
    expect(big.pages).toBe(pages);
    await sandbox.admin.resetCounters();
    const progress: number[] = [];
    const small = await listGammaRows({ endMin: now, openOnly: true }, { gammaUrl: deps.gammaUrl, pageSize: 7, onProgress: ({ pages }) => progress.push(pages) });
    expect(small.rows.length).toBe(big.rows.length);
    // ⌈rows / 7⌉ pages (+1 when the last page is exactly full) per listing.
    expect(await requests("/gamma/events")).toBeGreaterThanOrEqual(Math.ceil(small.events / 7));
    expect(await requests("/gamma/markets")).toBeGreaterThanOrEqual(Math.ceil(small.rows.length / 7));
    const ids = small.rows.map((row) => (row.raw as { conditionId: string }).conditionId);
    expect(new Set(ids).size).toBe(ids.length);
    // Progress is reported per page.
    expect(progress.length).toBeGreaterThan(2);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  test("a page capped below the size asked for (Gamma's /markets answers at most 100) is not the last page", async () => {
    const everything = { endMin: 0, openOnly: false };
    const listed = (await fetch(`${deps.gammaUrl}/markets?limit=100&offset=100`).then((answer) => answer.json())).length;
    expect(listed).toBeGreaterThan(0);
    expect((await fetch(`${deps.gammaUrl}/markets?limit=500`).then((answer) => answer.json())).length).toBe(100);
    const marketPages: number[] = [];
    await listGammaRows(everything, { gammaUrl: deps.gammaUrl, pageSize: 500, onProgress: (progress) => progress.listing === "markets" && marketPages.push(progress.rows) });
    // Pages of 100, 8 (and an empty one to end): the listing was read past the capped page.
    expect(marketPages.length).toBe(3);
  });
});

describe("discoverMarkets", () => {
  test("classifies the sandbox's series: Up/Down 5m and 15m on Chainlink, hourly and above on Binance", async () => {
    const found = await discoverMarkets({ at: now }, deps);
    expect(found.malformed).toEqual([]);
    expect(found.skipped).toEqual([]);
    const kinds = new Set(found.markets.map((market) => `${market.kind}:${market.window ?? "-"}:${market.resolution.source}`));
    expect([...kinds].sort()).toEqual(["above:-:binance", "updown:15m:chainlink", "updown:1h:binance", "updown:5m:chainlink"]);
    expect(new Set(found.markets.map((market) => market.symbol))).toEqual(new Set(["BTC", "ETH", "SOL", "XRP"]));
    for (const market of found.markets) {
      expect(market.end).toBeGreaterThan(now);
      expect(market.fee.status).toBe("enabled");
      for (const outcome of market.outcomes) expect(outcome.token_id).toMatch(/^\d{77}$/);
    }
    expect(found.markets.some((market) => market.tick_size.toString() === "0.001")).toBe(true);
  });

  test("filters by symbol, kind and time to expiry", async () => {
    const found = await discoverMarkets({ at: now, symbols: ["ETH"], kinds: ["updown"], endsWithinMs: 20 * 60_000 }, deps);
    expect(found.markets.length).toBeGreaterThan(0);
    for (const market of found.markets) {
      expect([market.symbol, market.kind]).toEqual(["ETH", "updown"]);
      expect(market.end - now).toBeLessThanOrEqual(20 * 60_000);
    }
  });

  test("gamma:nulls rows (null fee schedules, numbers as strings, real arrays, missing fields) are still classified, fees read from the CLOB", async () => {
    const clean = await discoverMarkets({ at: now }, deps);
    const fault = await sandbox.admin.addFault("gamma:nulls");
    await sandbox.admin.resetCounters();
    try {
      const degraded = await discoverMarkets({ at: now }, deps);
      expect(degraded.malformed).toEqual([]);
      expect(degraded.markets.map((market) => market.condition_id).sort()).toEqual(clean.markets.map((market) => market.condition_id).sort());
      // Rows that lost their schedule asked the CLOB's compact market info, one request each.
      expect(degraded.requests.clobMarkets).toBeGreaterThan(0);
      expect(
        await requests(`/clob/clob-markets/${degraded.markets.find((market) => market.fee.status === "enabled" && market.fee.schedule.source.startsWith("clob:"))!.condition_id}`),
      ).toBe(1);
      for (const market of degraded.markets) {
        expect(market.fee.status).toBe("enabled");
        const twin = clean.markets.find((other) => other.condition_id === market.condition_id)!;
        expect(market.window_start).toBe(twin.window_start);
        expect(market.tick_size.toString()).toBe(twin.tick_size.toString());
        if (market.fee.status === "enabled" && twin.fee.status === "enabled") expect(market.fee.schedule.rate.toString()).toBe(twin.fee.schedule.rate.toString());
      }
    } finally {
      await sandbox.admin.removeFaults({ id: fault.id });
    }
  });
});

describe("books", () => {
  test("one POST /books for every token; levels best-first with the venue's timestamp", async () => {
    await sandbox.admin.resetCounters();
    const fetched = await fetchBooks(tokens, { clobUrl: deps.clobUrl }, 3);
    expect(fetched.requests).toBe(1);
    expect(await requests("/clob/books")).toBe(1);
    expect(fetched.books.size).toBe(tokens.length);
    for (const book of fetched.books.values()) {
      expect(book.asks.length).toBeLessThanOrEqual(3);
      for (let i = 1; i < book.asks.length; i++) expect(book.asks[i]!.price.gt(book.asks[i - 1]!.price)).toBe(true);
      for (let i = 1; i < book.bids.length; i++) expect(book.bids[i]!.price.lt(book.bids[i - 1]!.price)).toBe(true);
      expect(Math.abs(book.timestamp - now)).toBeLessThan(60_000);
    }
  });

  test("batches of the venue's size: ⌈N / batch⌉ requests", async () => {
    await sandbox.admin.resetCounters();
    const fetched = await fetchBooks(tokens, { clobUrl: deps.clobUrl, batchSize: 25 });
    expect(fetched.requests).toBe(Math.ceil(tokens.length / 25));
    expect(await requests("/clob/books")).toBe(Math.ceil(tokens.length / 25));
    expect(fetched.books.size).toBe(tokens.length);
  });
});
