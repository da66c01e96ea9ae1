/**
 * The oracle against the sandbox venue over real HTTP on 127.0.0.1: batching (counted by the
 * sandbox), fallback on 451, 429 + Retry-After, cool-down and recovery, every garbage form.
 * Health timing runs on a stepped clock, so no test sleeps through a cool-down.
 */
import { describe, expect, test } from "bun:test";
import { Decimal } from "../../../core/decimal.ts";
import { createOracle, type OracleOptions } from "../../../core/oracle/oracle.ts";
import { oracleSandbox, recordingLog, requests, sandboxUrls, steppedClock } from "./support.ts";

const SYMBOLS = ["BTC", "ETH", "SOL", "XRP"];
const PROVIDERS = ["binance", "coinbase", "kraken", "coingecko", "pyth"] as const;
const { sandbox, open } = oracleSandbox();

function oracle(overrides: Partial<OracleOptions> = {}) {
  const clock = steppedClock();
  const log = recordingLog();
  const instance = createOracle({ providers: [...PROVIDERS], urls: sandboxUrls(sandbox), timeouts: { requestMs: 1_000 }, now: clock.now, random: () => 0, log, ...overrides });
  open.push(instance);
  return { oracle: instance, clock, log };
}

describe("batching", () => {
  test("median mode: one request per batch provider per cycle for 4 symbols; Coinbase one per symbol", async () => {
    const { oracle: o } = oracle({ mode: "median" });
    await o.refresh(SYMBOLS);
    const counters = await sandbox.admin.counters();
    expect(counters["/binance/api/v3/ticker/price"]?.requests).toBe(1);
    expect(counters["/kraken/0/public/Ticker"]?.requests).toBe(1);
    expect(counters["/coingecko/api/v3/simple/price"]?.requests).toBe(1);
    expect(counters["/pyth/v2/updates/price/latest"]?.requests).toBe(1);
    for (const symbol of SYMBOLS) expect(counters[`/coinbase/products/${symbol}-USD/ticker`]?.requests).toBe(1);
    for (const symbol of SYMBOLS) {
      const price = o.current(symbol)!;
      expect(price.source).toBe("median");
      expect(price.sources).toEqual([...PROVIDERS]);
      expect(price.spreadBps!.toNumber()).toBeLessThan(50);
    }
  });

  test("priority mode: a healthy primary answers alone, in one request", async () => {
    const { oracle: o } = oracle();
    const report = await o.refresh(SYMBOLS);
    expect(report.requested).toEqual({ binance: SYMBOLS });
    expect(await requests(sandbox, "/binance/")).toBe(1);
    expect(await requests(sandbox, "/coinbase/")).toBe(0);
    for (const symbol of SYMBOLS) expect(o.current(symbol)?.source).toBe("binance");
  });

  test("CoinGecko is not asked more often than its free tier allows", async () => {
    const { oracle: o, clock } = oracle({ providers: ["coingecko"] });
    await o.refresh(SYMBOLS);
    clock.advance(1_000);
    await o.refresh(SYMBOLS);
    expect(await requests(sandbox, "/coingecko/")).toBe(1);
    expect(o.current("BTC")?.source).toBe("coingecko");
    clock.advance(6_000);
    await o.refresh(SYMBOLS);
    expect(await requests(sandbox, "/coingecko/")).toBe(2);
  });
});

describe("median mode", () => {
  test("one provider lying by 5% (coinbase:skew:bps=500) is rejected; the median stays with the honest ones", async () => {
    await sandbox.admin.addFault("coinbase:skew:bps=500");
    const { oracle: o } = oracle({ mode: "median", bandBps: new Decimal(100) });
    const { oracle: liar } = oracle({ providers: ["coinbase"] });
    const { oracle: honest } = oracle({ providers: ["binance"] });
    await Promise.all([o.refresh(SYMBOLS), liar.refresh(SYMBOLS), honest.refresh(SYMBOLS)]);
    const bps = (a: Decimal, b: Decimal) => a.minus(b).div(b).times(10_000).toNumber();
    for (const symbol of SYMBOLS) {
      const price = o.current(symbol)!;
      expect(bps(liar.current(symbol)!.price, honest.current(symbol)!.price)).toBeGreaterThan(450);
      expect(price.sources).toEqual(["binance", "kraken", "coingecko", "pyth"]);
      expect(price.rejected.map((r) => r.source)).toEqual(["coinbase"]);
      expect(price.rejected[0]!.deviationBps.toNumber()).toBeGreaterThan(450);
      expect(price.spreadBps!.toNumber()).toBeLessThan(50);
      expect(Math.abs(bps(price.price, honest.current(symbol)!.price))).toBeLessThan(20);
    }
  });

  test("a provider that stops answering leaves the median of the rest, within the cycle deadline", async () => {
    // Kraken holds its answer for ten minutes: a refresh that ends at all did not wait for it.
    await sandbox.admin.addFault("kraken:timeout:ms=600000");
    const { oracle: o } = oracle({ mode: "median", timeouts: { requestMs: 300 } });
    await o.refresh(SYMBOLS);
    expect(o.current("BTC")!.sources).toEqual(["binance", "coinbase", "coingecko", "pyth"]);
  });
});

describe("fallback and health", () => {
  test("451 from the primary: fall back, disable it for the session, one warning naming it and an alternative", async () => {
    await sandbox.admin.addFault("binance:451");
    const { oracle: o, log } = oracle();
    await o.refresh(SYMBOLS);
    for (const symbol of SYMBOLS) expect(o.current(symbol)?.source).toBe("coinbase");
    await o.refresh(SYMBOLS);
    await o.refresh(SYMBOLS);
    expect(await requests(sandbox, "/binance/")).toBe(1);
    expect(o.health().binance?.status).toBe("disabled");
    expect(log.warnings).toEqual([expect.stringMatching(/binance.*451.*--providers coinbase/)]);
  });

  test("429 with Retry-After: no request to that provider before it elapses, fallback meanwhile", async () => {
    await sandbox.admin.addFault({ service: "binance", kind: "429", count: 1, params: { retry_after: "3" } });
    const { oracle: o, clock, log } = oracle();
    await o.refresh(SYMBOLS);
    expect(o.current("BTC")?.source).toBe("coinbase");
    expect(log.warnings.join("\n")).toContain("rate-limited; no request for 3 s");
    for (const step of [1_000, 1_000, 900]) {
      clock.advance(step);
      await o.refresh(SYMBOLS);
      expect(await requests(sandbox, "/binance/")).toBe(1);
      expect(o.current("BTC")?.source).toBe("coinbase");
    }
    clock.advance(150);
    await o.refresh(SYMBOLS);
    expect(await requests(sandbox, "/binance/")).toBe(2);
    expect(o.current("BTC")?.source).toBe("binance");
    expect(o.health().binance?.status).toBe("healthy");
  });

  test("N consecutive failures: skipped during the cool-down, probed after it, recovered", async () => {
    const fault = await sandbox.admin.addFault("binance:500");
    const { oracle: o, clock, log } = oracle({ health: { failureThreshold: 3, cooldownBaseMs: 5_000 } });
    for (let i = 0; i < 3; i++) {
      await o.refresh(SYMBOLS);
      clock.advance(100);
    }
    expect(await requests(sandbox, "/binance/")).toBe(3);
    expect(o.health().binance?.status).toBe("cooling");
    expect(log.warnings.join("\n")).toContain("binance marked unhealthy; skipped for 5 s");
    await o.refresh(SYMBOLS);
    expect(await requests(sandbox, "/binance/")).toBe(3);
    expect(o.current("BTC")?.source).toBe("coinbase");
    // Still failing at the probe: a longer cool-down.
    clock.advance(5_000);
    await o.refresh(SYMBOLS);
    expect(await requests(sandbox, "/binance/")).toBe(4);
    expect(o.health().binance?.blockedUntil).toBeGreaterThan(clock.now() + 9_000);
    // Fixed: the next probe succeeds and binance is primary again.
    await sandbox.admin.removeFaults({ id: fault.id });
    clock.advance(10_000);
    await o.refresh(SYMBOLS);
    expect(await requests(sandbox, "/binance/")).toBe(5);
    expect(o.health().binance?.status).toBe("healthy");
    expect(o.current("BTC")?.source).toBe("binance");
    expect(log.lines.join("\n")).toContain("binance: answering again");
  });

  test("a slow provider times out per request and does not stall the cycle", async () => {
    // Binance answers (504) after 5 s: its failure being a timeout means the refresh did not wait for it.
    await sandbox.admin.addFault("binance:timeout:ms=5000");
    const { oracle: o } = oracle({ timeouts: { requestMs: 300 } });
    await o.refresh(SYMBOLS);
    expect(o.current("BTC")?.source).toBe("coinbase");
    expect(o.failures().find((f) => f.provider === "binance")?.kind).toBe("timeout");
  });

  test("nothing fresh anywhere: no current price, every provider's failure listed", async () => {
    for (const service of PROVIDERS) await sandbox.admin.addFault(`${service}:503`);
    const { oracle: o } = oracle();
    await o.refresh(["BTC"]);
    expect(o.current("BTC")).toBeUndefined();
    expect(o.view("BTC")).toBeUndefined();
    expect(new Set(o.failures("BTC").map((f) => f.provider))).toEqual(new Set(PROVIDERS));
  });
});

describe("garbage from a provider fails that response and moves on", () => {
  test.each([
    { form: "empty-string prices", fault: "binance:garbage:value=empty" },
    { form: '"NaN" prices', fault: "binance:garbage:value=nan" },
    { form: "null (missing) prices", fault: "binance:garbage:value=null" },
    { form: "an HTML error page (502)", fault: "binance:html" },
    { form: "an HTML page with status 200", fault: "binance:html:status=200" },
    { form: "truncated JSON", fault: "binance:truncated" },
    { form: "an empty body", fault: "binance:empty" },
  ])("$form", async ({ fault }) => {
    await sandbox.admin.addFault(fault);
    const { oracle: o } = oracle();
    await o.refresh(SYMBOLS);
    for (const symbol of SYMBOLS) expect(o.current(symbol)?.source).toBe("coinbase");
    const failure = o.failures().find((f) => f.provider === "binance" && f.symbol === undefined);
    expect(failure).toBeDefined();
    expect(o.health().binance?.consecutiveFailures).toBe(1);
  });

  test("garbage on every provider: no crash, no price", async () => {
    for (const service of PROVIDERS) await sandbox.admin.addFault(`${service}:garbage:value=nan`);
    const { oracle: o } = oracle({ mode: "median" });
    await o.refresh(SYMBOLS);
    for (const symbol of SYMBOLS) expect(o.current(symbol)).toBeUndefined();
  });
});
