/**
 * `pm-arb scan` end to end: the real CLI, spawned, against the sandbox venue on 127.0.0.1.
 * A frozen venue at a fixed past time (simulated time stepped by the test, the CLI told `--at`
 * that time) makes the numbers deterministic; a real-time venue runs the live paths
 * (`markets | scan`, price records piped from `pm-arb prices`). Records are validated by their schemas.
 */
import { beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { type OpportunityRecord, opportunityRecordSchema } from "../../core/records/opportunity.ts";
import { type RejectedRecord, rejectedRecordSchema } from "../../core/records/rejected.ts";
import { CRYPTO_AT_HALF_100_SHARES } from "../core/fees/worked-example.ts";
import { CLI_ENTRY, expectUsageError, piped, runCli } from "../helpers/cli.ts";
import { type TestSandbox, useTestSandbox, withFault } from "../helpers/sandbox.ts";
import { tempDir } from "../helpers/temp.ts";

const cwd = tempDir();
const frozen = useTestSandbox({ seed: 42, lagMs: 30_000, speed: 0, startAt: Date.UTC(2026, 10, 25, 10, 0, 0) });
const live = useTestSandbox({ seed: 5, lagMs: 30_000, startAt: Date.now(), speed: 1 });
let at: string;

beforeAll(async () => {
  // Into the windows, so that some are half-way through and the lagged makers are behind.
  at = new Date(await frozen.admin.advance(7 * 60_000 + 20_000)).toISOString();
});
beforeEach(async () => {
  await Promise.all([frozen.admin.clearFaults(), live.admin.clearFaults()]);
});

/** The CLI's records, opportunities and rejections parsed by their schemas. */
async function cli(args: string[], options: { sandbox?: TestSandbox; stdin?: string } = {}) {
  const { code, stdout, stderr, lines } = await runCli(args, { env: (options.sandbox ?? frozen).env, cwd, stdin: options.stdin });
  const opportunities: OpportunityRecord[] = lines.filter((line) => line.type === "opportunity").map((line) => opportunityRecordSchema.parse(line));
  const rejected: RejectedRecord[] = lines.filter((line) => line.type === "rejected").map((line) => rejectedRecordSchema.parse(line));
  return { code, stdout, stderr, lines, opportunities, rejected, other: lines.filter((line) => line.type !== "opportunity" && line.type !== "rejected") };
}

const scan = (args: string[] = [], options: { sandbox?: TestSandbox; stdin?: string } = {}) =>
  cli(["scan", ...((options.sandbox ?? frozen) === frozen && !args.includes("--at") ? ["--at", at] : []), ...args], options);
const key = (opp: OpportunityRecord) => `${opp.id} ${opp.limit_price} ${opp.size} ${opp.net_edge}`;

describe("scan on a frozen venue (deterministic)", () => {
  test("finds fee-aware opportunities with everything risk and trade need", async () => {
    const { code, opportunities, stderr } = await scan();
    expect(code).toBe(0);
    expect(stderr).toMatch(/scan: \d+ markets, \d+ opportunities/);
    expect(opportunities.length).toBeGreaterThan(0);
    for (const opp of opportunities) {
      expect(opp.side).toBe("BUY");
      expect(opp.token_id).toMatch(/^\d{77}$/);
      expect(Number(opp.net_edge)).toBeGreaterThanOrEqual(0.02);
      expect(Number(opp.size)).toBeGreaterThanOrEqual(Number(opp.min_size));
      expect(Number(opp.size)).toBeLessThanOrEqual(1000);
      expect(opp.evaluated_at).toBe(at);
      expect(opp.book_age_ms).toBeLessThanOrEqual(5000);
      expect(opp.price_age_ms!).toBeLessThanOrEqual(3000);
      expect(Number(opp.fee_schedule.rate)).toBeGreaterThan(0);
      // The limit is on the market's tick.
      const ticks = Number(opp.limit_price) / Number(opp.tick_size);
      expect(Math.abs(ticks - Math.round(ticks))).toBeLessThan(1e-9);
      if (opp.strategy === "fair_value") expect(opp.model).toMatch(/-lognormal$/);
      if (opp.settlement.source === "chainlink") expect(["settlement", "exchange+basis"]).toContain(opp.settlement.basis);
    }
  });

  test("deterministic: same venue state and time → the same ids, prices and sizes", async () => {
    const [a, b] = await Promise.all([scan(), scan()]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(a.opportunities.length).toBeGreaterThan(0);
    expect(a.opportunities.map(key)).toEqual(b.opportunities.map(key));
  });

  test("--explain: one rejected record per market with its reason and numbers", async () => {
    const { opportunities, rejected } = await scan(["--explain"]);
    const reasons = new Set(rejected.map((record) => record.reason));
    expect(reasons.has("not_started")).toBe(true);
    expect([...reasons].some((reason) => reason === "below_threshold" || reason === "fee_killed")).toBe(true);
    for (const record of rejected.filter((r) => r.reason === "fee_killed")) {
      expect(Number(record.gross_edge)).toBeGreaterThanOrEqual(0.02);
      expect(Number(record.net_edge)).toBeLessThan(0.02);
      expect(Number(record.fee_per_share)).toBeGreaterThan(0);
    }
    const withOpportunity = new Set(opportunities.map((opp) => opp.condition_id));
    for (const record of rejected) expect(withOpportunity.has(record.condition_id!)).toBe(false);
  });

  test("piped `markets --books` gives the same opportunities as scan fetching for itself", async () => {
    const markets = await cli(["markets", "--books", "--depth", "10", "--at", at]);
    expect(markets.code).toBe(0);
    const piped = await scan([], { stdin: markets.stdout });
    expect(piped.code).toBe(0);
    expect(piped.opportunities.length).toBeGreaterThan(0);
    expect(piped.opportunities.map(key)).toEqual((await scan()).opportunities.map(key));
  });

  test("a filter upstream is never widened: `markets` matching nothing | scan → no opportunities, said on stderr", async () => {
    // A shell's pipe, as the user typed it (an empty string handed to spawn would be /dev/null).
    const pmArb = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI_ENTRY)}`;
    const shell = ["sh", "-c", `${pmArb} markets --books --symbols BTC --ends-within 1s --at ${at} | ${pmArb} scan --json --at ${at}`];
    const { code, stdout, stderr } = await runCli([], { cwd, env: frozen.env, entry: shell });
    expect(code).toBe(0);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/no market records on stdin, so nothing to scan and no opportunities/);
    // Only BTC piped: only BTC scanned.
    const btc = await cli(["markets", "--books", "--symbols", "BTC", "--at", at]);
    const onlyBtc = await scan(["--explain"], { stdin: btc.stdout });
    const symbols = new Set([...onlyBtc.opportunities, ...onlyBtc.rejected].map((record) => record.symbol));
    expect([...symbols]).toEqual(["BTC"]);
    // The check can fail: on its own, scan finds opportunities in other symbols.
    expect((await scan()).opportunities.some((opp) => opp.symbol !== "BTC")).toBe(true);
  });

  test("bad piped lines are reported with their line number and skipped; the rest is scanned", async () => {
    const markets = await cli(["markets", "--books", "--depth", "10", "--at", at]);
    const [first, ...rest] = markets.stdout.trim().split("\n");
    const badTick = JSON.stringify({ ...JSON.parse(first!), tick_size: 0.01 });
    const badLevel = JSON.stringify({ ...JSON.parse(first!), books: { Up: { token_id: "1", timestamp: "2026-11-25T10:07:20.000Z", bids: [], asks: [{ price: "0.5" }] } } });
    const lines = [first, "not json at all", badTick, '{"type":"mystery"}', badLevel, ...rest];
    const piped = await scan([], { stdin: `${lines.join("\n")}\n` });
    expect(piped.code).toBe(0);
    expect(piped.stderr).toContain("stdin line 2: invalid JSON");
    expect(piped.stderr).toContain("stdin line 3: bad market record at tick_size:");
    expect(piped.stderr).toContain('stdin line 4: unknown record type "mystery"; skipped');
    expect(piped.stderr).toContain("stdin line 5: bad market record at books.Up.asks.0.size:");
    expect(piped.opportunities.map(key)).toEqual((await scan([], { stdin: markets.stdout })).opportunities.map(key));
  });

  test("fees fail closed: a market whose fee is unknown is rejected, not priced as fee-free", async () => {
    const markets = await cli(["markets", "--books", "--at", at, "--kinds", "updown"]);
    const withheld = markets.lines.map((record) => ({ ...record, fee_status: "unknown", fee: null, fee_note: "test: schedule withheld" }));
    const { opportunities, rejected } = await scan(["--explain"], { stdin: piped(withheld) });
    expect(opportunities).toEqual([]);
    const priced = rejected.filter((record) => record.reason !== "not_started" && record.reason !== "expiring");
    expect(priced.length).toBeGreaterThan(0);
    expect(priced.filter((record) => record.reason !== "fee_unknown")).toEqual([]);
  });

  // A bad record is refused where it is read (with the reason on stderr), never fed to the model:
  // a tick of 0 made "NaN" limit prices, a negative fee rate and a price of 0 made opportunities.
  // Only the markets that give opportunities are spoiled: the others, read as before and giving
  // none, keep scan from discovering the markets itself.
  type Line = Record<string, any>;
  const price = (symbol: string, value: string) => ({
    type: "price",
    v: 1,
    ts: at,
    symbol,
    price: value,
    source: "binance",
    sources: ["binance"],
    source_ts: at,
    received_at: at,
    age_ms: 0,
    stale: false,
    settlement: value,
    settlement_ts: at,
    settlement_age_ms: 0,
  });
  const spoilMarkets = (spoil: (market: Line) => Line) => (markets: Line[], traded: Set<string>) =>
    markets.map((market) => (traded.has(market.condition_id) ? spoil(market) : market));
  /** One bad price per symbol; an honest price for another symbol keeps scan from asking the oracle. */
  const pricedAt = (value: string) => (markets: Line[]) => [
    ...markets,
    ...[...new Set(markets.map((market) => market.symbol as string))].map((symbol) => price(symbol, value)),
    price("DOGE", "0.2"),
  ];
  const badInputs: [string, (markets: Line[], traded: Set<string>) => object[], RegExp][] = [
    ["a tick size of 0", spoilMarkets((market) => ({ ...market, tick_size: "0" })), /tick_size: expected a decimal above zero/],
    [
      "a negative fee rate",
      spoilMarkets((market) => ({ ...market, fee_status: "enabled", fee: { rate: "-0.5", exponent: "1", taker_only: true, source: "test" } })),
      /rate: expected a fee rate in \[0, 1\]/,
    ],
    ["a price of 0", pricedAt("0"), /price: expected a decimal above zero/],
    ["a negative price", pricedAt("-5"), /price: expected a decimal above zero/],
  ];
  test.each(badInputs)("%s is a bad record, not an input: no opportunity comes out of it", async (_, spoil, error) => {
    const markets = await cli(["markets", "--books", "--at", at]);
    const honest = await scan([], { stdin: markets.stdout });
    expect(honest.opportunities.length).toBeGreaterThan(0);
    const traded = new Set(honest.opportunities.map((opp) => opp.condition_id));
    const { opportunities, stderr } = await scan([], { stdin: piped(spoil(markets.lines, traded)) });
    expect(opportunities).toEqual([]);
    expect(stderr).toMatch(error);
  });

  test("a stale book is skipped (clob:stale-book)", async () => {
    const later = new Date(Date.parse(at) + 20_000).toISOString();
    const { opportunities, rejected } = await withFault(frozen, "clob:stale-book", async () => {
      await frozen.admin.advance(20_000);
      return scan(["--explain", "--at", later]);
    });
    expect(opportunities).toEqual([]);
    expect(rejected.some((record) => record.reason === "stale_book")).toBe(true);
    // Back to the time the other tests use is not possible (time only goes forward): they pass --at.
  });

  test("guards: --min-seconds-left and a higher --min-edge", async () => {
    const strict = await scan(["--explain", "--min-seconds-left", "100000"]);
    expect(strict.opportunities.filter((opp) => opp.kind === "updown")).toEqual([]);
    expect(strict.rejected.some((record) => record.reason === "expiring")).toBe(true);
    // A higher bar keeps exactly the opportunities that clear it, and fewer of them.
    const [all, picky] = await Promise.all([scan(), scan(["--min-edge", "0.5"])]);
    const clearing = all.opportunities.filter((opp) => Number(opp.net_edge) >= 0.5);
    expect(clearing.length).toBeLessThan(all.opportunities.length);
    expect(picky.opportunities.map(key)).toEqual(clearing.map(key));
  });

  test("records scan does not consume pass through unchanged", async () => {
    const fee = { type: "fee", v: 1, ts: new Date().toISOString(), ...CRYPTO_AT_HALF_100_SHARES };
    const { other } = await scan(["--symbols", "BTC"], { stdin: piped([fee]) });
    expect(other).toEqual([fee]);
  });

  test("bad flags exit 2 with one line", async () => {
    for (const args of ["--min-edge lots", "--max-size 0", "--vol -1", "--at noon", "--max-book-age stale", "--min-seconds-left -5", "--no-complment"]) {
      expectUsageError(await cli(["scan", ...args.split(" ")]));
    }
  });
});

describe("scan on a real-time venue", () => {
  test("`markets --books | scan` and `prices | scan` run live, with valid records", async () => {
    const markets = await cli(["markets", "--books"], { sandbox: live });
    expect(markets.code).toBe(0);
    const fromMarkets = await scan(["--explain"], { sandbox: live, stdin: markets.stdout });
    expect(fromMarkets.code).toBe(0);
    expect(fromMarkets.opportunities.length + fromMarkets.rejected.length).toBeGreaterThan(0);
    const prices = await cli(["prices", "BTC", "ETH", "SOL", "XRP", "--providers", "binance,rtds"], { sandbox: live });
    expect(prices.code).toBe(0);
    const both = await scan(["--explain"], { sandbox: live, stdin: markets.stdout + prices.stdout });
    expect(both.code).toBe(0);
    // Chainlink windows are priced against the settlement stream the price records carry.
    const chainlink = both.opportunities.filter((opp) => opp.settlement.source === "chainlink");
    for (const opp of chainlink) expect(["settlement", "exchange+basis"]).toContain(opp.settlement.basis);
  });

  test("a recording is evaluated as of its own time", async () => {
    const markets = await cli(["markets", "--books", "--at", at]);
    const old = new Date(Date.parse(at)).toISOString();
    const replay = await cli(["scan", "--explain"], { stdin: piped(markets.lines.map((line) => ({ ...line, ts: old }))) });
    expect(replay.code).toBe(0);
    expect(replay.stderr).toMatch(/recorded at .*evaluating as of then/);
    // Nothing fetched live: no price for any market.
    expect(replay.opportunities).toEqual([]);
    const started = replay.rejected.filter((record) => record.reason !== "not_started");
    expect(started.length).toBeGreaterThan(0);
    expect(started.filter((record) => record.reason !== "no_price" && record.reason !== "expiring")).toEqual([]);
  });
});
