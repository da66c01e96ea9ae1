/** Gamma catalog on the wire: shapes, encodings, paging, filters, events, texts, determinism, `gamma:nulls`. */
import { describe, expect, test } from "bun:test";
import { getJson, START, startVenue, tokenIdsOf, useVenue } from "../venue.ts";

type Row = Record<string, any>;
const venue = useVenue();

/** The whole listing, page by page: `/markets` answers at most 100 rows a page, as live. */
async function all(v = venue, query = ""): Promise<Row[]> {
  const rows: Row[] = [];
  for (let offset = 0; ; offset += 100) {
    const page = (await getJson<Row[]>(`${v.url}/gamma/markets?limit=100&offset=${offset}${query}`)).body;
    if (page.length === 0) return rows;
    rows.push(...page);
  }
}

describe("GET /gamma/markets", () => {
  test("rows carry the real field names, with outcomes, prices and token ids as JSON-encoded strings", async () => {
    const rows = await all();
    expect(rows.length).toBeGreaterThan(60);
    for (const row of rows) {
      for (const key of [
        "id",
        "conditionId",
        "question",
        "slug",
        "description",
        "resolutionSource",
        "startDate",
        "endDate",
        "active",
        "closed",
        "acceptingOrders",
        "enableOrderBook",
        "negRisk",
        "orderPriceMinTickSize",
        "orderMinSize",
        "volumeNum",
        "liquidityNum",
        "feesEnabled",
        "feeSchedule",
      ])
        expect(row).toHaveProperty(key);
      expect(typeof row.outcomes).toBe("string");
      expect(typeof row.outcomePrices).toBe("string");
      expect(typeof row.clobTokenIds).toBe("string");
      expect(row.clobTokenIds).toContain('", "');
      const outcomes = JSON.parse(row.outcomes) as string[];
      const prices = JSON.parse(row.outcomePrices) as string[];
      expect(outcomes.length).toBe(2);
      expect(prices).toHaveLength(2);
      for (const price of prices) expect(price).toMatch(/^\d+(\.\d+)?$/);
      expect(row.id).toMatch(/^\d+$/);
      expect(row.conditionId).toMatch(/^0x[0-9a-f]{64}$/);
      expect(typeof row.orderPriceMinTickSize).toBe("number");
      expect(row.orderMinSize).toBe(5);
    }
  });

  test("token ids are 77-digit decimal strings that survive a JSON round trip", async () => {
    const text = (await getJson(`${venue.url}/gamma/markets?limit=5`)).text;
    const rows = JSON.parse(text) as Row[];
    for (const row of rows) {
      for (const token of tokenIdsOf(row)) {
        expect(token).toMatch(/^[1-9]\d{76}$/);
        expect(text).toContain(token);
      }
    }
  });

  test("crypto markets publish the fee schedule: rate 0.072 (always a number), exponent 1, taker only", async () => {
    const rows = await all();
    const kinds = new Set<string>();
    for (const row of rows) {
      expect(row.feesEnabled).toBe(true);
      expect(Number(row.feeSchedule.rate)).toBe(0.072);
      expect(row.feeSchedule.exponent).toBe(1);
      expect(row.feeSchedule.takerOnly).toBe(true);
      expect(row.feeSchedule.rebateRate).toBe(0.2);
      kinds.add(typeof row.feeSchedule.rate);
    }
    expect([...kinds]).toEqual(["number"]);
  });

  test("rows carry the live fee and timing fields: liquidity as a string, base fees, feeType, secondsDelay, closedTime once closed", async () => {
    const open = await all(venue, "&closed=false");
    expect(open.length).toBeGreaterThan(0);
    for (const row of open) {
      expect(row.liquidity).toMatch(/^\d+(\.\d+)?$/);
      expect(Number(row.liquidity)).toBe(row.liquidityNum);
      expect(row).toMatchObject({ feeType: "crypto_fees", makerBaseFee: 1000, takerBaseFee: 1000, secondsDelay: 0 });
      expect(row).not.toHaveProperty("closedTime");
      expect(row).not.toHaveProperty("negRiskMarketID");
      if (row.slug.includes("-updown-")) expect(row.eventStartTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    }
    await using later = await startVenue();
    await later.admin.advance(20 * 60_000);
    const closed = await all(later, "&closed=true");
    expect(closed.length).toBeGreaterThan(0);
    for (const row of closed) {
      expect(row.closedTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\+00$/);
      expect(Date.parse(row.closedTime.replace(" ", "T").replace("+00", "Z"))).toBeGreaterThanOrEqual(Date.parse(row.endDate));
    }
  });

  test("paging: default limit 20, limit/offset pages are disjoint and cover the listing, limit is capped at 100", async () => {
    const first = (await getJson<Row[]>(`${venue.url}/gamma/markets`)).body;
    expect(first.length).toBe(20);
    const everything = await all();
    const pages: Row[] = [];
    for (let offset = 0; offset < everything.length; offset += 25) pages.push(...(await getJson<Row[]>(`${venue.url}/gamma/markets?limit=25&offset=${offset}`)).body);
    expect(pages.map((row) => row.id)).toEqual(everything.map((row) => row.id));
    expect(new Set(pages.map((row) => row.id)).size).toBe(pages.length);
    expect((await getJson<Row[]>(`${venue.url}/gamma/markets?limit=100000`)).body.length).toBe(100);
    expect((await getJson(`${venue.url}/gamma/markets?limit=ten`)).status).toBe(400);
  });

  test("filters: repeatable slug, clob_token_ids, condition_ids, closed, tag_id, end dates, order", async () => {
    const rows = await all();
    const [a, b] = rows.filter((row) => row.slug.startsWith("btc-updown-15m-"));
    const bySlug = (await getJson<Row[]>(`${venue.url}/gamma/markets?slug=${a!.slug}&slug=${b!.slug}`)).body;
    expect(bySlug.map((row) => row.slug).sort()).toEqual([a!.slug, b!.slug].sort());
    const byToken = (await getJson<Row[]>(`${venue.url}/gamma/markets?clob_token_ids=${tokenIdsOf(a!)[1]}`)).body;
    expect(byToken.map((row) => row.id)).toEqual([a!.id]);
    const byCondition = (await getJson<Row[]>(`${venue.url}/gamma/markets?condition_ids=${b!.conditionId}`)).body;
    expect(byCondition.map((row) => row.id)).toEqual([b!.id]);
    const open = await all(venue, "&closed=false");
    const closed = await all(venue, "&closed=true");
    expect(open.length + closed.length).toBe(rows.length);
    expect(open.length).toBeGreaterThan(0);
    expect(closed.length).toBeGreaterThan(0);
    expect(open.filter((row) => row.closed !== false).map((row) => row.slug)).toEqual([]);
    expect(closed.filter((row) => row.closed !== true).map((row) => row.slug)).toEqual([]);
    const fifteen = await all(venue, "&tag_id=102467");
    expect(fifteen.length).toBe(24);
    expect(fifteen.every((row) => /-updown-15m-/.test(row.slug))).toBe(true);
    const soon = await all(venue, `&end_date_min=${new Date(START).toISOString()}&end_date_max=${new Date(START + 600_000).toISOString()}`);
    expect(soon.length).toBeGreaterThan(0);
    expect(soon.every((row) => Date.parse(row.endDate) >= START && Date.parse(row.endDate) <= START + 600_000)).toBe(true);
    const ordered = await all(venue, "&order=endDate&ascending=false");
    const ends = ordered.map((row) => Date.parse(row.endDate));
    expect(ends).toEqual([...ends].sort((x, y) => y - x));
  });

  test("by slug and by id; unknown ids are 404", async () => {
    const [row] = await all();
    expect((await getJson<Row>(`${venue.url}/gamma/markets/slug/${row!.slug}`)).body.id).toBe(row!.id);
    expect((await getJson<Row>(`${venue.url}/gamma/markets/${row!.id}`)).body.slug).toBe(row!.slug);
    expect((await getJson(`${venue.url}/gamma/markets/1`)).status).toBe(404);
    expect((await getJson(`${venue.url}/gamma/markets/slug/no-such-market`)).status).toBe(404);
  });
});

describe("keyset paging, series, tags, search", () => {
  test("/markets/keyset: pages of at most 100 joined by next_cursor, none on the last page; offset refused", async () => {
    const everything = await all();
    const seen: Row[] = [];
    let cursor: string | undefined;
    do {
      const page = (await getJson(`${venue.url}/gamma/markets/keyset?limit=1000${cursor ? `&cursor=${cursor}` : ""}`)).body as { markets: Row[]; next_cursor?: string };
      expect(page.markets.length).toBeLessThanOrEqual(100);
      seen.push(...page.markets);
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen.map((row) => row.id)).toEqual(everything.map((row) => row.id));
    expect((await getJson(`${venue.url}/gamma/markets/keyset?offset=20`)).status).toBe(400);
    // The plain listing as live: a page of at most 100 whatever the limit asked, no offset past 10,000.
    expect(everything.length).toBeGreaterThan(100);
    expect((await getJson<Row[]>(`${venue.url}/gamma/markets?limit=500`)).body).toHaveLength(100);
    expect(await getJson(`${venue.url}/gamma/markets?offset=10001`)).toMatchObject({ status: 422, body: { type: "validation error" } });
    const events = (await getJson(`${venue.url}/gamma/events/keyset?limit=5`)).body;
    expect(events.events).toHaveLength(5);
    expect(typeof events.next_cursor).toBe("string");
  });

  test("/series and /tags list what the events carry; /public-search finds events by title", async () => {
    const events = (await getJson<Row[]>(`${venue.url}/gamma/events?limit=500`)).body;
    const series = (await getJson<Row[]>(`${venue.url}/gamma/series?limit=500`)).body;
    expect(new Set(series.map((row) => row.slug))).toEqual(new Set(events.map((event) => event.series[0].slug)));
    const tags = (await getJson<Row[]>(`${venue.url}/gamma/tags?limit=500`)).body;
    expect(tags.map((tag) => tag.slug)).toContain("up-or-down");
    const found = (await getJson(`${venue.url}/gamma/public-search?q=bitcoin`)).body;
    expect(found.events.length).toBeGreaterThan(0);
    for (const event of found.events) expect(event.title.toLowerCase()).toContain("bitcoin");
    expect(found.pagination.totalResults).toBeGreaterThanOrEqual(found.events.length);
    expect((await getJson(`${venue.url}/gamma/public-search`)).status).toBe(400);
  });
});

describe("series texts", () => {
  test("5m/15m windows: slug by unix start, ET question, Chainlink data stream in the description", async () => {
    const rows = await all();
    const start = Math.floor(START / 1000);
    const row = rows.find((r) => r.slug === `btc-updown-15m-${start}`)!;
    expect(row.question).toBe("Bitcoin Up or Down - November 25, 7:00AM-7:15AM ET");
    expect(row.description).toContain("Chainlink");
    expect(row.description).toContain("BTC/USD data stream");
    expect(row.description).toContain("greater than or equal to");
    expect(row.resolutionSource).toBe("https://data.chain.link/streams/btc-usd");
    expect(row.eventStartTime).toBe("2026-11-25T12:00:00Z");
    expect(row.endDate).toBe("2026-11-25T12:15:00Z");
    expect(JSON.parse(row.outcomes)).toEqual(["Up", "Down"]);
    const five = rows.find((r) => r.slug === `eth-updown-5m-${start + 300}`)!;
    expect(five.question).toBe("Ethereum Up or Down - November 25, 7:05AM-7:10AM ET");
  });

  test("hourly windows resolve on the Binance 1h candle, daily strikes on the 12:00 ET 1m candle", async () => {
    const rows = await all();
    const hourly = rows.find((r) => r.slug === "bitcoin-up-or-down-november-25-7am-et")!;
    expect(hourly.question).toBe("Bitcoin Up or Down - November 25, 7AM ET");
    expect(hourly.description).toContain("Binance 1 hour candle");
    expect(hourly.resolutionSource).toBe("https://www.binance.com/en/trade/BTC_USDT");
    const above = rows.filter((r) => r.slug.startsWith("bitcoin-above-"));
    expect(above.length).toBe(11);
    for (const row of above) {
      expect(row.question).toMatch(/^Will the price of Bitcoin be above \$\d{2,3},000 on November 25\?$/);
      expect(row.description).toContain("Binance 1 minute candle");
      expect(row.description).toContain("12:00");
      expect(row.endDate).toBe("2026-11-25T17:00:00Z");
      expect(JSON.parse(row.outcomes)).toEqual(["Yes", "No"]);
    }
    const strikes = above.map((row) => Number(row.question.match(/\$([\d,]+)/)![1].replaceAll(",", ""))).sort((x, y) => x - y);
    expect(strikes.every((strike, i) => i === 0 || strike - strikes[i - 1]! === 1000)).toBe(true);
  });
});

describe("GET /gamma/events", () => {
  test("events embed their markets with series and tags; an above event holds the strike ladder", async () => {
    const events = (await getJson<Row[]>(`${venue.url}/gamma/events?limit=500`)).body;
    const ladder = events.find((event) => event.slug === "bitcoin-above-on-november-25")!;
    expect(ladder.title).toBe("Bitcoin above ___ on November 25?");
    expect(ladder.markets.length).toBe(11);
    expect(ladder.tags.map((tag: Row) => tag.slug)).toContain("crypto");
    expect(ladder.series[0].recurrence).toBe("daily");
    const window = (await getJson<Row>(`${venue.url}/gamma/events/slug/btc-updown-5m-${Math.floor(START / 1000)}`)).body;
    expect(window.markets.map((market: Row) => market.slug)).toEqual([window.slug]);
    expect(typeof window.markets[0].clobTokenIds).toBe("string");
    const paged = (await getJson<Row[]>(`${venue.url}/gamma/events?limit=7&offset=7`)).body;
    expect(paged.map((event) => event.id)).toEqual(events.slice(7, 14).map((event) => event.id));
    const tagged = (await getJson<Row[]>(`${venue.url}/gamma/events?tag_id=102531`)).body;
    expect(tagged.length).toBeGreaterThan(0);
    expect(tagged.filter((event) => !event.slug.includes("-above-on-")).map((event) => event.slug)).toEqual([]);
  });
});

describe("determinism", () => {
  test("same seed and time → the same catalog; another seed → other token ids", async () => {
    await using twin = await startVenue();
    await using other = await startVenue({ seed: 8 });
    expect(await all(twin)).toEqual(await all());
    const mine = (await all()).map((row) => row.clobTokenIds);
    const theirs = (await all(other)).map((row) => row.clobTokenIds);
    expect(theirs.some((ids, i) => ids === mine[i])).toBe(false);
  });
});

describe("gamma:nulls", () => {
  test("rows arrive with a mix of encodings: null fee schedule, numbers as strings, real arrays, missing fields", async () => {
    await venue.admin.addFault("gamma:nulls");
    try {
      const rows = await all();
      expect(rows.some((row) => row.feeSchedule === null && row.feesEnabled === true)).toBe(true);
      expect(rows.some((row) => typeof row.orderPriceMinTickSize === "string" && typeof row.feeSchedule?.rate === "string")).toBe(true);
      expect(rows.some((row) => Array.isArray(row.outcomePrices) && Array.isArray(row.clobTokenIds))).toBe(true);
      expect(rows.some((row) => !("feeSchedule" in row) && !("volumeNum" in row))).toBe(true);
      expect(rows.some((row) => typeof row.outcomePrices === "string")).toBe(true);
      for (const row of rows) for (const token of tokenIdsOf(row)) expect(token).toMatch(/^\d{77}$/);
      const events = (await getJson<Row[]>(`${venue.url}/gamma/events?limit=500`)).body;
      expect(events.flatMap((event) => event.markets).some((market: Row) => market.feeSchedule === null)).toBe(true);
    } finally {
      await venue.admin.clearFaults();
    }
    const restored = await all();
    expect(restored.length).toBeGreaterThan(0);
    expect(restored.filter((row) => row.feeSchedule === null || typeof row.clobTokenIds !== "string").map((row) => row.slug)).toEqual([]);
  });
});
