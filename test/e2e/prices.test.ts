/**
 * `pm-arb prices` end to end: the real CLI, spawned, against the sandbox venue on 127.0.0.1 —
 * JSON lines validated by the price schema, request budgets from the sandbox's counters, stderr
 * one-liners and exit codes.
 */
import { beforeEach, describe, expect, test } from "bun:test";
import { type PriceRecord, priceRecordSchema } from "../../core/records/price.ts";
import { expectUsageError, jsonLines, runCli, spawnPmArb } from "../helpers/cli.ts";
import { useTestSandbox } from "../helpers/sandbox.ts";
import { tempDir } from "../helpers/temp.ts";

const SYMBOLS = ["BTC", "ETH", "SOL", "XRP"];
const PROVIDERS = ["binance", "coinbase", "kraken", "coingecko", "pyth"];
const sandbox = useTestSandbox({ startAt: Date.now(), speed: 1 });
const cwd = tempDir();
beforeEach(async () => {
  await sandbox.admin.clearFaults();
  await sandbox.admin.resetCounters();
});

async function prices(args: readonly string[]) {
  const result = await runCli(["prices", ...args], { env: { ...sandbox.env, NODE_ENV: "test" }, cwd });
  const records = result.lines.map((line) => priceRecordSchema.parse(line));
  return { ...result, records };
}

describe("one-shot", () => {
  test("four symbols: one price record each from the primary, in one Binance request", async () => {
    const { code, records, stderr } = await prices(SYMBOLS);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(records.map((r) => [r.symbol, r.source, r.stale])).toEqual(SYMBOLS.map((s) => [s, "binance", false]));
    for (const record of records) {
      expect(record.price).toMatch(/^\d+(\.\d+)?$/);
      expect(record.age_ms).toBeLessThan(5_000);
      expect(record.received_at).not.toBeNull();
    }
    const counters = await sandbox.admin.counters();
    expect(Object.keys(counters)).toEqual(["/binance/api/v3/ticker/price"]);
    expect(counters["/binance/api/v3/ticker/price"]!.requests).toBe(1);
  });

  test("--mode median: one request per batch provider, one per symbol for Coinbase; spread reported", async () => {
    const { code, records } = await prices([...SYMBOLS, "--mode", "median"]);
    expect(code).toBe(0);
    const counters = await sandbox.admin.counters();
    for (const path of ["/binance/api/v3/ticker/price", "/kraken/0/public/Ticker", "/coingecko/api/v3/simple/price", "/pyth/v2/updates/price/latest"])
      expect(counters[path]?.requests).toBe(1);
    for (const symbol of SYMBOLS) expect(counters[`/coinbase/products/${symbol}-USD/ticker`]?.requests).toBe(1);
    for (const record of records) {
      expect(record.source).toBe("median");
      expect(record.sources).toEqual(PROVIDERS as PriceRecord["sources"]);
      expect(record.spread).toMatch(/^\d/);
      expect(Number(record.spread_bps)).toBeLessThan(50);
      expect(record.source_ts).not.toBeNull();
    }
  });

  test("--mode median with Coinbase lying by 5%: Coinbase rejected with its deviation, the rest agree", async () => {
    await sandbox.admin.addFault("coinbase:skew:bps=500");
    const { code, records } = await prices([...SYMBOLS, "--mode", "median", "--band", "100"]);
    expect(code).toBe(0);
    for (const record of records) {
      expect(record.sources).toEqual(["binance", "kraken", "coingecko", "pyth"]);
      expect(record.rejected!.map((r) => r.source)).toEqual(["coinbase"]);
      expect(Number(record.rejected![0]!.deviation_bps)).toBeGreaterThan(450);
      expect(Number(record.spread_bps)).toBeLessThan(50);
    }
  });

  test("--providers picks and orders them", async () => {
    const { records } = await prices(["BTC", "--providers", "kraken,binance"]);
    expect(records[0]!.source).toBe("kraken");
    expect(await sandbox.admin.counters()).toEqual({ "/kraken/0/public/Ticker": { requests: 1, errors: 0 } });
  });

  test("primary geo-blocked (451): falls back, one warning naming it and suggesting another", async () => {
    await sandbox.admin.addFault("binance:451");
    const { code, records, stderr } = await prices(["BTC", "ETH"]);
    expect(code).toBe(0);
    expect(records.map((r) => r.source)).toEqual(["coinbase", "coinbase"]);
    const warnings = stderr.split("\n").filter((line) => line.startsWith("[warn]"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("binance: HTTP 451");
    expect(warnings[0]).toContain("--providers coinbase");
  });

  test("with rtds: the Chainlink settlement price and the basis ride along, apart from the exchange price", async () => {
    const { code, records } = await prices(["BTC", "ETH", "--providers", "binance,rtds"]);
    expect(code).toBe(0);
    for (const record of records) {
      expect(record.source).toBe("binance");
      expect(record.settlement).toMatch(/^\d+\.\d+$/);
      expect(record.settlement).not.toBe(record.price);
      expect(Math.abs(Number(record.basis_bps) - 19.04)).toBeLessThan(4);
      expect(record.basis_samples).toBeGreaterThanOrEqual(1);
    }
  });

  test("no fresh price anywhere: exit 1, one stderr line per provider failure, nothing on stdout", async () => {
    for (const fault of ["binance:451", "coinbase:503", "kraken:garbage:value=nan", "coingecko:429:retry_after=30", "pyth:html"]) await sandbox.admin.addFault(fault);
    const { code, stdout, stderr } = await prices(["BTC", "ETH"]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    const errors = stderr.split("\n").filter((line) => line.startsWith("[error]"));
    expect(errors.map((line) => line.replace(/^\[error\] (\w+):.*$/, "$1"))).toEqual(PROVIDERS);
    expect(stderr).toContain("coinbase: HTTP 503");
    expect(stderr).toContain('kraken: BTC: bad price "NaN"');
    expect(stderr).toContain("coingecko: HTTP 429");
    expect(stderr).toContain("pyth: HTTP 502");
    expect(stderr.trimEnd().split("\n").at(-1)).toBe("pm-arb: error: no fresh price for BTC, ETH from any provider (binance, coinbase, kraken, coingecko, pyth)");
  });

  test("a price older than --max-age is never current", async () => {
    // CoinGecko's quotes refresh every 20 s of simulated time: with --max-age 1ms nothing it sends is fresh.
    const { code, stderr } = await prices(["BTC", "--providers", "coingecko", "--max-age", "1ms"]);
    expect(code).toBe(1);
    expect(stderr).toContain("coingecko: no fresh price for BTC within --max-age");
  });
});

describe("bad input", () => {
  test.each([
    { args: ["BTCUSDT"], message: /use the bare symbol BTC/ },
    { args: ["BTC-USD"], message: /use the bare symbol BTC/ },
    { args: ["XBT"], message: /use the bare symbol BTC/ },
    { args: ["btc"], message: /use BTC/ },
    { args: ["DOGE"], message: /unknown symbol DOGE; known: BTC, ETH, SOL, XRP/ },
    { args: [], message: /name at least one symbol/ },
    { args: ["BTC", "--providers", "binance,ftx"], message: /unknown provider "ftx"; known providers: binance, coinbase, kraken, coingecko, pyth, rtds/ },
    { args: ["BTC", "--mode", "mean"], message: /--mode must be priority or median/ },
    { args: ["BTC", "--max-age", "soon"], message: /--max-age must be a duration/ },
    { args: ["BTC", "--interval", "1s"], message: /--interval only applies with --watch or --stream/ },
    { args: ["BTC", "--providerz", "binance"], message: /unknown flag --providerz; did you mean --providers\?/ },
  ])("$args → exit 2: $message", async ({ args, message }) => {
    expectUsageError(await prices(args), message);
    expect(await sandbox.admin.counters()).toEqual({});
  });
});

describe("watch and stream", () => {
  test("--watch --count 2: one record per symbol per cycle, one Binance request per cycle", async () => {
    const { code, records } = await prices(["BTC", "ETH", "--watch", "--interval", "200ms", "--count", "2"]);
    expect(code).toBe(0);
    expect(records.map((r) => r.symbol)).toEqual(["BTC", "ETH", "BTC", "ETH"]);
    expect((await sandbox.admin.counters())["/binance/api/v3/ticker/price"]?.requests).toBe(2);
  });

  test("--watch with every provider failing: stale records that say why, and the loop goes on", async () => {
    for (const service of PROVIDERS) await sandbox.admin.addFault(`${service}:500`);
    const { code, records } = await prices(["BTC", "--watch", "--interval", "100ms", "--count", "2"]);
    expect(code).toBe(0);
    expect(records).toHaveLength(2);
    for (const record of records) {
      expect([record.stale, record.price, record.source]).toEqual([true, null, null]);
      expect(record.failures!.map((f) => f.provider)).toEqual(PROVIDERS as PriceRecord["sources"]);
    }
  });

  test("--stream until SIGINT: exits 0 with whole JSON lines", async () => {
    const proc = spawnPmArb(["prices", "BTC", "--stream"], { cwd, env: { ...sandbox.env, NODE_ENV: "test" } });
    const reader = proc.stdout.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('"type":"price"');
    proc.kill("SIGINT");
    let text = new TextDecoder().decode(first.value);
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += new TextDecoder().decode(chunk.value);
    expect(await proc.exited).toBe(0);
    expect(text.endsWith("\n")).toBe(true);
    for (const line of jsonLines(text)) priceRecordSchema.parse(line);
  });

  test("--stream: records from the WebSocket feeds with the settlement basis", async () => {
    const { code, records } = await prices(["BTC", "ETH", "--stream", "--providers", "binance,rtds", "--count", "8"]);
    expect(code).toBe(0);
    expect(records).toHaveLength(8);
    expect(records.some((r) => r.source_ts !== null)).toBe(true); // trade timestamps: the stream, not the REST ticker
    expect(records.every((r) => r.source === "binance" && !r.stale)).toBe(true);
    // The settlement stream's first update may land after the first exchange ticks.
    expect(records.at(-1)!.settlement).toMatch(/^\d+\.\d+$/);
    const counters = await sandbox.admin.counters();
    expect(counters["/binance-ws/stream"]?.requests).toBe(1);
    expect(counters["/rtds"]?.requests).toBe(1);
  });
});
