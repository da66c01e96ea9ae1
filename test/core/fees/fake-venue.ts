/**
 * A minimal Gamma + CLOB on 127.0.0.1 (port 0) serving realistic market rows and clob-markets
 * payloads for the fee-schedule tests. Real HTTP on loopback, no fetch stubbing. The project
 * sandbox (sandbox/) will serve the same shapes; until its Polymarket routes land, this does.
 */

export const TOKENS = {
  feesOnUp: "71321045679252212594626385532706912750332728571942532289631379312455583992563",
  feesOnDown: "52114319501245915516055106046884209969926127482827954674443846427813813222426",
  feesOffUp: "10293847561029384756102938475610293847561029384756102938475610293847561029384",
  stringRateUp: "88811122233344455566677788899900011122233344455566677788899900011122233344455",
  noFdUp: "44455566677788899900011122233344455566677788899900011122233344455566677788899",
  nullScheduleUp: "33322211100099988877766655544433322211100099988877766655544433322211100099988",
  brokenClobUp: "66677788899900011122233344455566677788899900011122233344455566677788899900011",
} as const;

const condition = (digit: string) => `0x${digit.repeat(64)}`;

function gammaRow(slug: string, conditionId: string, tokens: [string, string], feesEnabled: boolean, feeSchedule: unknown) {
  return {
    id: String(500000 + slug.length),
    question: "Bitcoin Up or Down - December 31, 12:00PM-12:15PM ET",
    conditionId,
    slug,
    resolutionSource: "https://data.chain.link/streams/btc-usd",
    startDate: "2026-12-30T17:00:00Z",
    endDate: "2026-12-31T17:15:00Z",
    eventStartTime: "2026-12-31T17:00:00Z",
    outcomes: '["Up", "Down"]',
    outcomePrices: '["0.515", "0.485"]',
    clobTokenIds: JSON.stringify(tokens),
    active: true,
    closed: false,
    acceptingOrders: true,
    enableOrderBook: true,
    negRisk: false,
    orderPriceMinTickSize: 0.01,
    orderMinSize: 5,
    bestBid: 0.51,
    bestAsk: 0.52,
    volumeNum: 18234.55,
    liquidityNum: 9120.1,
    feesEnabled,
    feeSchedule,
  };
}

const crypto = { rate: 0.07, exponent: 1, takerOnly: true };
const listed = (slug: string, digit: string, tokens: [string, string], feesEnabled: boolean, feeSchedule: unknown, fd?: unknown, outcomes = ["Up", "Down"]) => ({
  row: gammaRow(slug, condition(digit), tokens, feesEnabled, feeSchedule),
  clob: { t: tokens.map((t, i) => ({ t, o: outcomes[i] })), mts: 0.01, mos: 5, nr: false, fd },
});

/** Each market as Gamma lists it and as the CLOB's clob-markets describes it (`fd` its fee data; xrp publishes none). */
const MARKETS = [
  listed("btc-updown-15m-1767200400", "a", [TOKENS.feesOnUp, TOKENS.feesOnDown], true, { ...crypto, rate: 0.072, rebateRate: 0.2 }, { r: 0.072, e: 1, to: true }),
  listed("will-the-un-vote-on-x", "b", [TOKENS.feesOffUp, "1"], false, null, { r: 0, e: 0, to: true }, ["Yes", "No"]),
  listed("eth-updown-15m-1767200400", "c", [TOKENS.stringRateUp, "2"], true, { rate: "0.25", exponent: "2", takerOnly: true, rebateRate: "0.2" }, { r: "0.25", e: "2", to: true }),
  listed("sol-updown-15m-1767200400", "d", [TOKENS.nullScheduleUp, "3"], true, null, { r: 0.072, e: 1, to: true }),
  listed("xrp-updown-15m-1767200400", "e", [TOKENS.noFdUp, "4"], true, crypto),
  listed("doge-updown-15m-1767200400", "f", [TOKENS.brokenClobUp, "5"], true, crypto),
];
const ROWS = MARKETS.map((market) => market.row);
const CLOB_MARKETS = Object.fromEntries(MARKETS.map((market) => [market.row.conditionId, market.clob]));

export type FakeVenue = { url: string; requests: string[]; stop: () => Promise<void> };

/** Starts the fake venue; `{url}/gamma` and `{url}/clob` are its two services (sandbox layout). */
export function startFakeVenue(): FakeVenue {
  const requests: string[] = [];
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(request) {
      const url = new URL(request.url);
      requests.push(url.pathname + url.search);
      const path = url.pathname;
      if (path.startsWith("/clob/fee-rate")) return json({ base_fee: 1000 }); // legacy; must never be read
      if (path === "/gamma/markets/slug/gamma-is-down") return new Response("upstream exploded", { status: 500 });
      if (path === "/gamma/markets/slug/gamma-sends-html") return new Response("<html><body>Bad gateway", { status: 200 });
      if (path === "/gamma/markets/slug/gamma-sends-truncated") return new Response('{"feesEnabled": true, "feeSch', { status: 200 });
      if (path === "/gamma/markets/slug/rate-is-junk") return json({ ...ROWS[0], slug: "rate-is-junk", feeSchedule: { rate: "seven percent", exponent: 1, takerOnly: true } });
      if (path.startsWith("/gamma/markets/slug/")) {
        const slug = decodeURIComponent(path.slice("/gamma/markets/slug/".length));
        const row = ROWS.find((candidate) => candidate.slug === slug);
        return row ? json(row) : json({ type: "not found error", error: "not found" }, 404);
      }
      if (path === "/gamma/markets") {
        const id = url.searchParams.get("clob_token_ids");
        return json(ROWS.filter((row) => id !== null && (JSON.parse(row.clobTokenIds) as string[]).includes(id)));
      }
      if (path.startsWith("/clob/clob-markets/")) {
        const id = decodeURIComponent(path.slice("/clob/clob-markets/".length));
        if (id === condition("f")) return new Response("not json at all", { status: 200 });
        const market = CLOB_MARKETS[id];
        return market ? json(market) : json({ error: "market not found" }, 404);
      }
      return json({ error: "no route" }, 404);
    },
  });
  return { url: `http://127.0.0.1:${server.port}`, requests, stop: () => server.stop(true) };
}
