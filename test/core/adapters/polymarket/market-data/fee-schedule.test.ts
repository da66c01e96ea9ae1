import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { scheduleForMarket, scheduleForToken, serviceUrls, type VenueDeps } from "../../../../../core/adapters/polymarket/market-data/fee-schedule.ts";
import { VenueError } from "../../../../../core/cli/errors.ts";
import type { FetchFailure } from "../../../../../core/http/fetch-json.ts";
import type { FeeSchedule } from "../../../../../core/model/fee-schedule.ts";
import { rejected } from "../../../../helpers/thrown.ts";
import { type FakeVenue, startFakeVenue, TOKENS } from "../../../fees/fake-venue.ts";

let venue: FakeVenue;
let deps: VenueDeps;

beforeAll(() => {
  venue = startFakeVenue();
  deps = { urls: serviceUrls({ PM_ARB_SANDBOX_URL: venue.url }) };
});
afterAll(() => venue.stop());

const plain = (s: FeeSchedule) => ({ rate: s.rate.toString(), exponent: s.exponent.toString(), taker_only: s.taker_only, source: s.source });

describe("serviceUrls", () => {
  test("explicit URLs win, then the sandbox prefixes, then the real hosts", () => {
    expect(serviceUrls({})).toEqual({ gamma: "https://gamma-api.polymarket.com", clob: "https://clob.polymarket.com" });
    expect(serviceUrls({ PM_ARB_SANDBOX_URL: "http://127.0.0.1:9/" })).toEqual({ gamma: "http://127.0.0.1:9/gamma", clob: "http://127.0.0.1:9/clob" });
    expect(serviceUrls({ PM_ARB_SANDBOX_URL: "http://127.0.0.1:9", PM_ARB_GAMMA_URL: "http://g.test/", PM_ARB_CLOB_URL: "http://c.test" })).toEqual({
      gamma: "http://g.test",
      clob: "http://c.test",
    });
  });
});

describe("by market slug (Gamma feeSchedule)", () => {
  test.each([
    ["btc-updown-15m-1767200400", "0.072", "1"], // fees on: the row's schedule
    ["eth-updown-15m-1767200400", "0.25", "2"], // rate and exponent as strings
    ["will-the-un-vote-on-x", "0", "1"], // feesEnabled false → rate 0
  ])("%s: rate %s, exponent %s", async (slug, rate, exponent) => {
    expect(plain(await scheduleForMarket(slug, deps))).toEqual({ rate, exponent, taker_only: true, source: `gamma:${slug}` });
  });
  test.each([
    ["sol-updown-15m-1767200400", "has fees enabled but no feeSchedule"], // fees on, schedule null: unknown, fail closed
    ["rate-is-junk", "fee rate: not a number"],
    ["gamma-sends-html", "invalid JSON"], // HTML or truncated JSON: an error, not a crash
    ["gamma-sends-truncated", "invalid JSON"],
  ])("%s → VenueError: %s", async (slug, fragment) => {
    const error = await rejected(VenueError, scheduleForMarket(slug, deps));
    expect(error.message).toContain(fragment);
    expect(error.exitCode).toBe(1);
  });
  test("500 → VenueError with the status; 404 too", async () => {
    const error = await rejected(VenueError, scheduleForMarket("gamma-is-down", deps));
    expect(error.status).toBe(500);
    expect(error.message).toBe("gamma: GET /gamma/markets/slug/gamma-is-down: HTTP 500");
    expect((error as FetchFailure).failure).toBe("server");
    expect((await rejected(VenueError, scheduleForMarket("no-such-market", deps))).status).toBe(404);
  });
  test("a refused connection → VenueError", async () => {
    const dead = { urls: { gamma: "http://127.0.0.1:1", clob: "http://127.0.0.1:1" } };
    expect((await rejected(VenueError, scheduleForMarket("x", dead))).message).toContain("gamma: GET /markets/slug/x: request failed");
  });
});

describe("by token (Gamma condition id → CLOB clob-markets fd)", () => {
  test.each([
    [TOKENS.feesOnDown, "0.072", "1"], // fees on: fd {r, e, to}
    [TOKENS.stringRateUp, "0.25", "2"], // rate as string
    [TOKENS.feesOffUp, "0", "1"], // fees off: fd r 0, e 0
    [TOKENS.nullScheduleUp, "0.072", "1"], // the CLOB's fd wins even where Gamma's feeSchedule is null
  ])("%s: rate %s, exponent %s", async (token, rate, exponent) => {
    expect(plain(await scheduleForToken(token, deps))).toEqual({ rate, exponent, taker_only: true, source: `clob:${token}` });
  });
  test.each([
    [TOKENS.noFdUp, "publishes no fee data (fd)"], // no fd while Gamma says fees are enabled
    [TOKENS.brokenClobUp, "clob: GET /clob/clob-markets/"], // garbage from the CLOB
  ])("%s → VenueError: %s", async (token, fragment) => {
    expect((await rejected(VenueError, scheduleForToken(token, deps))).message).toContain(fragment);
  });
  test("an unknown token → error", async () => {
    expect((await rejected(VenueError, scheduleForToken("12345", deps))).message).toBe("gamma: no market lists token 12345");
  });
  test("never asks /fee-rate (base_fee is not the rate)", async () => {
    await scheduleForToken(TOKENS.feesOnUp, deps);
    expect(venue.requests.some((path) => path.includes("fee-rate"))).toBe(false);
    expect(venue.requests).toContain(`/gamma/markets?clob_token_ids=${TOKENS.feesOnUp}`);
  });
});
