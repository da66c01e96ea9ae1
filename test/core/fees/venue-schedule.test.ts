import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { VenueError } from "../../../core/cli/errors.ts";
import type { FeeSchedule } from "../../../core/fees/schedule.ts";
import { scheduleForMarket, scheduleForToken, serviceUrls, type VenueDeps } from "../../../core/fees/venue-schedule.ts";
import type { FetchFailure } from "../../../core/http/fetch-json.ts";
import { rejected } from "../../helpers/thrown.ts";
import { type FakeVenue, startFakeVenue, TOKENS } from "./fake-venue.ts";

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
  test("fees on: the row's schedule", async () => {
    expect(plain(await scheduleForMarket("btc-updown-15m-1767200400", deps))).toEqual({
      rate: "0.072",
      exponent: "1",
      taker_only: true,
      source: "gamma:btc-updown-15m-1767200400",
    });
  });
  test("rate and exponent as strings", async () => {
    expect(plain(await scheduleForMarket("eth-updown-15m-1767200400", deps))).toEqual({ rate: "0.25", exponent: "2", taker_only: true, source: "gamma:eth-updown-15m-1767200400" });
  });
  test("feesEnabled false → rate 0", async () => {
    expect(plain(await scheduleForMarket("will-the-un-vote-on-x", deps)).rate).toBe("0");
  });
  test("feesEnabled true with feeSchedule null → unknown → error (fail closed)", async () => {
    const error = await rejected(VenueError, scheduleForMarket("sol-updown-15m-1767200400", deps));
    expect(error.message).toContain("has fees enabled but no feeSchedule");
    expect(error.exitCode).toBe(1);
  });
  test("a junk rate → error", async () => {
    expect((await rejected(VenueError, scheduleForMarket("rate-is-junk", deps))).message).toContain("fee rate: not a number");
  });
  test("500 → VenueError with the status", async () => {
    const error = await rejected(VenueError, scheduleForMarket("gamma-is-down", deps));
    expect(error.status).toBe(500);
    expect(error.message).toBe("gamma: GET /gamma/markets/slug/gamma-is-down: HTTP 500");
    expect((error as FetchFailure).failure).toBe("server");
  });
  test("404 → VenueError", async () => {
    expect((await rejected(VenueError, scheduleForMarket("no-such-market", deps))).status).toBe(404);
  });
  test("HTML or truncated JSON → VenueError, not a crash", async () => {
    expect((await rejected(VenueError, scheduleForMarket("gamma-sends-html", deps))).message).toContain("invalid JSON");
    expect((await rejected(VenueError, scheduleForMarket("gamma-sends-truncated", deps))).message).toContain("invalid JSON");
  });
  test("a refused connection → VenueError", async () => {
    const dead = { urls: { gamma: "http://127.0.0.1:1", clob: "http://127.0.0.1:1" } };
    expect((await rejected(VenueError, scheduleForMarket("x", dead))).message).toContain("gamma: GET /markets/slug/x: request failed");
  });
});

describe("by token (Gamma condition id → CLOB clob-markets fd)", () => {
  test("fees on: fd {r, e, to}", async () => {
    expect(plain(await scheduleForToken(TOKENS.feesOnDown, deps))).toEqual({ rate: "0.072", exponent: "1", taker_only: true, source: `clob:${TOKENS.feesOnDown}` });
  });
  test("rate as string", async () => {
    expect(plain(await scheduleForToken(TOKENS.stringRateUp, deps)).rate).toBe("0.25");
  });
  test("fees off: fd r 0, e 0", async () => {
    expect(plain(await scheduleForToken(TOKENS.feesOffUp, deps))).toEqual({ rate: "0", exponent: "1", taker_only: true, source: `clob:${TOKENS.feesOffUp}` });
  });
  test("the CLOB's fd wins even where Gamma's feeSchedule is null", async () => {
    expect(plain(await scheduleForToken(TOKENS.nullScheduleUp, deps)).rate).toBe("0.072");
  });
  test("no fd while Gamma says fees are enabled → error", async () => {
    expect((await rejected(VenueError, scheduleForToken(TOKENS.noFdUp, deps))).message).toContain("publishes no fee data (fd)");
  });
  test("garbage from the CLOB → error", async () => {
    expect((await rejected(VenueError, scheduleForToken(TOKENS.brokenClobUp, deps))).message).toContain("clob: GET /clob/clob-markets/");
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
