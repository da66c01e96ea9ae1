/**
 * A minimal Gamma + CLOB on 127.0.0.1 (port 0) serving realistic market rows and clob-markets
 * payloads for the fee-schedule tests. Real HTTP on loopback, no fetch stubbing. The project
 * sandbox (core/sandbox) will serve the same shapes; until its Polymarket routes land, this does.
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

function gammaRow(slug: string, conditionId: string, tokens: [string, string], fees: { feesEnabled: boolean | null; feeSchedule: unknown }) {
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
    ...fees,
  };
}

const ROWS = [
  gammaRow("btc-updown-15m-1767200400", condition("a"), [TOKENS.feesOnUp, TOKENS.feesOnDown], {
    feesEnabled: true,
    feeSchedule: { rate: 0.072, exponent: 1, takerOnly: true, rebateRate: 0.2 },
  }),
  gammaRow("will-the-un-vote-on-x", condition("b"), [TOKENS.feesOffUp, "1"], { feesEnabled: false, feeSchedule: null }),
  gammaRow("eth-updown-15m-1767200400", condition("c"), [TOKENS.stringRateUp, "2"], {
    feesEnabled: true,
    feeSchedule: { rate: "0.25", exponent: "2", takerOnly: true, rebateRate: "0.2" },
  }),
  gammaRow("sol-updown-15m-1767200400", condition("d"), [TOKENS.nullScheduleUp, "3"], { feesEnabled: true, feeSchedule: null }),
  gammaRow("xrp-updown-15m-1767200400", condition("e"), [TOKENS.noFdUp, "4"], { feesEnabled: true, feeSchedule: { rate: 0.07, exponent: 1, takerOnly: true } }),
  gammaRow("doge-updown-15m-1767200400", condition("f"), [TOKENS.brokenClobUp, "5"], { feesEnabled: true, feeSchedule: { rate: 0.07, exponent: 1, takerOnly: true } }),
];

const CLOB_MARKETS: Record<string, unknown> = {
  [condition("a")]: {
    t: [
      { t: TOKENS.feesOnUp, o: "Up" },
      { t: TOKENS.feesOnDown, o: "Down" },
    ],
    mts: 0.01,
    mos: 5,
    nr: false,
    fd: { r: 0.072, e: 1, to: true },
  },
  [condition("b")]: {
    t: [
      { t: TOKENS.feesOffUp, o: "Yes" },
      { t: "1", o: "No" },
    ],
    mts: 0.01,
    mos: 5,
    nr: false,
    fd: { r: 0, e: 0, to: true },
  },
  [condition("c")]: {
    t: [
      { t: TOKENS.stringRateUp, o: "Up" },
      { t: "2", o: "Down" },
    ],
    mts: 0.01,
    mos: 5,
    nr: false,
    fd: { r: "0.25", e: "2", to: true },
  },
  [condition("d")]: {
    t: [
      { t: TOKENS.nullScheduleUp, o: "Up" },
      { t: "3", o: "Down" },
    ],
    mts: 0.01,
    mos: 5,
    nr: false,
    fd: { r: 0.072, e: 1, to: true },
  },
  [condition("e")]: {
    t: [
      { t: TOKENS.noFdUp, o: "Up" },
      { t: "4", o: "Down" },
    ],
    mts: 0.01,
    mos: 5,
    nr: false,
  },
};

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
      if (path === "/gamma/markets/slug/rate-is-junk") {
        return json({ ...ROWS[0], slug: "rate-is-junk", feeSchedule: { rate: "seven percent", exponent: 1, takerOnly: true } });
      }
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
