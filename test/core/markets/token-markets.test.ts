/** The market of a token, from the venue (`GET /markets-by-token/{token}` on the sandbox, real HTTP) or from known markets. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { parseMarketByToken } from "../../../core/adapters/polymarket/market-data/market-by-token.ts";
import { knownMarkets, venueMarkets } from "../../../core/markets/token-markets.ts";
import { openStore, type Store } from "../../../core/store/open.ts";
import type { SandboxMarket } from "../../../sandbox/types.ts";
import { useTestSandbox } from "../../helpers/sandbox.ts";
import { requests } from "../oracle/support.ts";

const sandbox = useTestSandbox({ seed: 11 });
let market: SandboxMarket;
let store: Store;

beforeAll(async () => {
  market = sandbox.app.markets!.list(sandbox.app.clock.now())[0]!;
  store = openStore(":memory:");
});
afterAll(() => store.close());

const asked = () => requests(sandbox, "/clob/markets-by-token/");
const options = () => ({ clobUrl: `${sandbox.url}/clob`, timeoutMs: 2_000, store: store.db });

describe("venueMarkets", () => {
  test("the venue names the market; one request serves both tokens, and the store remembers it", async () => {
    await sandbox.admin.resetCounters();
    const markets = venueMarkets(options());
    const [first, second] = await Promise.all([markets.marketOf(market.tokenIds[0]), markets.marketOf(market.tokenIds[0])]);
    expect(first).toEqual({ ok: true, value: market.conditionId.toLowerCase() });
    expect(second).toEqual(first);
    expect(await markets.marketOf(market.tokenIds[1])).toEqual(first);
    expect(await asked()).toBe(1);
    // Another process on the same store asks nothing.
    expect(await venueMarkets(options()).marketOf(market.tokenIds[1])).toEqual(first);
    expect(await asked()).toBe(1);
  });

  test("a token the venue does not know: unknown, with the venue's answer, and asked again next time", async () => {
    await sandbox.admin.resetCounters();
    const markets = venueMarkets(options());
    const answer = await markets.marketOf("123456789");
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.error).toMatch(/^markets-by-token: .*404/);
    await markets.marketOf("123456789");
    expect(await asked()).toBe(2);
  });

  test("an answer that does not name the token, or names no market, establishes nothing", () => {
    const id = `0x${"ab".repeat(32)}`;
    expect(parseMarketByToken({ condition_id: id, primary_token_id: "1", secondary_token_id: "2" }, "2")).toEqual({ ok: true, value: { conditionId: id, tokens: ["1", "2"] } });
    expect(parseMarketByToken({ condition_id: id, primary_token_id: "1", secondary_token_id: "2" }, "3").ok).toBe(false);
    expect(parseMarketByToken({ condition_id: "0x12", primary_token_id: "1" }, "1").ok).toBe(false);
    expect(parseMarketByToken([], "1").ok).toBe(false);
  });
});

describe("knownMarkets", () => {
  test("a lookup over markets already discovered; a token not among them is unknown", async () => {
    const markets = knownMarkets((token) => (token === "7" ? "0xm" : undefined), "discovered");
    expect(await markets.marketOf("7")).toEqual({ ok: true, value: "0xm" });
    expect(await markets.marketOf("8")).toEqual({ ok: false, error: "token not among the markets discovered" });
  });
});
