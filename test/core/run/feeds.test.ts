import { describe, expect, test } from "bun:test";
import type { AlertInput } from "../../../core/alerts/types.ts";
import type { Market } from "../../../core/model/market.ts";
import { type FeedSnapshot, FeedWatch } from "../../../core/run/feeds.ts";

/** A BTC window settled by `source`: all the feed watch reads of a market. */
const market = (source: "chainlink" | "binance") => ({ symbol: "BTC", resolution: { source, detail: "" } }) as Market;

function watch() {
  const raised: AlertInput[] = [];
  const feeds = new FeedWatch({
    spotStreams: ["binance", "coinbase"],
    settlement: true,
    raise: (alert) => raised.push(alert),
    nowIso: () => new Date().toISOString(),
    dependents: () => 7,
    maxQuoteAgeMs: () => 5_000,
  });
  return { feeds, raised };
}

const up: FeedSnapshot = { streams: { binance: "up", coinbase: "up", rtds: "up" }, channel: "up", providers: {} };

describe("feed watch", () => {
  test("all up: tradable; a down transition alerts once (high) and a recovery alerts low", () => {
    const { feeds, raised } = watch();
    feeds.update(up);
    expect(feeds.tradable(market("chainlink"), true)).toEqual({ ok: true });
    feeds.update({ ...up, channel: "down", channelReason: "silent: open but no data" });
    feeds.update({ ...up, channel: "connecting" });
    feeds.update({ ...up, channel: "down" });
    expect(raised.map((alert) => [alert.key, alert.level])).toEqual([["feed_down:market", "high"]]);
    expect(feeds.tradable(market("binance"), true)).toEqual({ ok: false, reason: "market channel down" });
    feeds.update(up);
    expect(raised.map((alert) => alert.key)).toEqual(["feed_down:market", "feed_restored:market"]);
    expect(feeds.snapshot().market).toMatchObject({ status: "up", downs: 1, markets: 7 });
  });

  test("an open but silent market channel is down (fail closed) until it delivers again, however its sockets cycle", () => {
    const { feeds, raised } = watch();
    feeds.update(up);
    // A silent socket's replacement is up until it is found silent too: the silence keeps the feed down.
    for (const channel of ["up", "down", "connecting", "up", "up"]) feeds.update({ ...up, channel, channelSilent: true });
    expect(raised.map((alert) => alert.key)).toEqual(["feed_down:market"]);
    expect(feeds.tradable(market("binance"), true)).toEqual({ ok: false, reason: "market channel down" });
    expect(feeds.snapshot().market?.reason).toContain("nothing received");
    feeds.update({ ...up, channelSilent: false });
    expect(raised.map((alert) => alert.key)).toEqual(["feed_down:market", "feed_restored:market"]);
    expect(feeds.tradable(market("binance"), true)).toEqual({ ok: true });
  });

  test("one spot stream down still trades; both down fails closed; no fresh price fails closed", () => {
    const { feeds } = watch();
    feeds.update(up);
    feeds.update({ ...up, streams: { ...up.streams, binance: "down" } });
    expect(feeds.tradable(market("binance"), true).ok).toBe(true);
    feeds.update({ ...up, streams: { binance: "down", coinbase: "down", rtds: "up" } });
    expect(feeds.tradable(market("binance"), true)).toEqual({ ok: false, reason: "every spot stream is down" });
    feeds.update(up);
    expect(feeds.tradable(market("binance"), false)).toEqual({ ok: false, reason: "no fresh BTC price" });
  });

  test("the settlement stream down stops Chainlink-settled windows only", () => {
    const { feeds } = watch();
    feeds.update(up);
    feeds.update({ ...up, streams: { ...up.streams, rtds: "down" } });
    expect(feeds.tradable(market("chainlink"), true)).toEqual({ ok: false, reason: "settlement stream down" });
    expect(feeds.tradable(market("binance"), true).ok).toBe(true);
  });

  test("a stream that is open but whose every quote is stale is frozen", () => {
    const { feeds, raised } = watch();
    feeds.update({ ...up, streamAges: { binance: { BTC: 100, ETH: 200 } } });
    feeds.update({ ...up, streamAges: { binance: { BTC: 9_000, ETH: 200 } } });
    expect(raised).toEqual([]);
    feeds.update({ ...up, streamAges: { binance: { BTC: 9_000, ETH: 7_000 } } });
    expect(raised[0]).toMatchObject({ key: "feed_down:spot:binance" });
    expect(raised[0]!.message).toContain("frozen");
  });

  test("REST providers tripping their health raise venue_errors once per trip", () => {
    const { feeds, raised } = watch();
    feeds.update({ ...up, providers: { kraken: { status: "healthy" } } });
    feeds.update({ ...up, providers: { kraken: { status: "backoff", lastError: "kraken: HTTP 429" } } });
    feeds.update({ ...up, providers: { kraken: { status: "backoff", lastError: "kraken: HTTP 429" } } });
    feeds.update({ ...up, providers: { kraken: { status: "healthy" } } });
    feeds.update({ ...up, providers: { kraken: { status: "disabled", lastError: "kraken: HTTP 451" } } });
    expect(raised.map((alert) => alert.key)).toEqual(["venue_errors:kraken", "venue_errors:kraken"]);
    expect(raised[1]!.message).toContain("disabled for this session");
  });

  test("a failing provider's alert says others are used only while one answers; when all fail it says so", () => {
    const { feeds, raised } = watch();
    const failing = { status: "cooling", lastError: "request failed: ECONNREFUSED" };
    feeds.update({ ...up, providers: { binance: failing, kraken: { status: "healthy" } } });
    feeds.update({ ...up, providers: { binance: failing, kraken: failing, pyth: { status: "degraded" } } });
    expect(raised.map((alert) => alert.key)).toEqual(["venue_errors:binance", "venue_errors:kraken"]);
    expect(raised[0]!.message).toContain("other providers are used (kraken)");
    expect(raised[1]!.message).toContain("all 3 price providers are failing (binance, kraken, pyth): no spot price from REST");
    expect(raised[1]!.message).not.toContain("other providers are used");
  });
});
