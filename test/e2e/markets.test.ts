/**
 * `pm-arb markets` end to end: the real CLI, spawned, against the sandbox venue on 127.0.0.1 (a
 * real-time venue, so the CLI's clock and the venue's agree) — records validated by the market
 * schema, request budgets from the sandbox's counters, stderr summaries and exit codes. One suite
 * serves the real-shaped fixture rows (look-alikes, malformed rows, unknown fees) from a plain local
 * HTTP server standing in for Gamma and the CLOB's compact market info, to show how they are skipped.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { type MarketRecord, marketRecordSchema } from "../../core/records/market.ts";
import lookalikes from "../fixtures/gamma/lookalikes.json";
import malformed from "../fixtures/gamma/malformed.json";
import strikes from "../fixtures/gamma/strikes.json";
import unknownFee from "../fixtures/gamma/unknown-fee.json";
import updown from "../fixtures/gamma/updown.json";
import { expectUsageError, runCli } from "../helpers/cli.ts";
import { useTestSandbox } from "../helpers/sandbox.ts";
import { tempDir } from "../helpers/temp.ts";

const sandbox = useTestSandbox({ seed: 21, startAt: Date.now(), speed: 1 });
const cwd = tempDir();
beforeEach(async () => {
  await sandbox.admin.clearFaults();
  await sandbox.admin.resetCounters();
});

async function markets(args: string[], env: Record<string, string> = sandbox.env) {
  const result = await runCli(["markets", ...args], { env, cwd });
  const records = result.lines.map((line) => marketRecordSchema.parse(line)) as MarketRecord[];
  return { ...result, records };
}

describe("pm-arb markets against the sandbox", () => {
  test("one valid market record per classified market, a summary on stderr", async () => {
    const { code, records, stderr } = await markets([]);
    expect(code).toBe(0);
    expect(records.length).toBeGreaterThan(20);
    expect(stderr).toMatch(/markets: \d+ classified, 0 skipped as unclassifiable, 0 malformed/);
    const kinds = new Set(records.map((record) => `${record.kind}:${record.window ?? "-"}:${record.resolution.source}`));
    expect(kinds).toEqual(new Set(["above:-:binance", "updown:15m:chainlink", "updown:1h:binance", "updown:5m:chainlink"]));
    for (const record of records) {
      const tokens = Object.values(record.outcomes);
      expect(tokens).toHaveLength(2);
      for (const token of tokens) expect(token).toMatch(/^\d{77}$/);
      expect(record.fee).not.toBeNull();
      expect(record.books).toBeUndefined();
    }
    const btc15 = records.find((record) => record.window === "15m" && record.symbol === "BTC")!;
    expect(btc15.resolution).toEqual({ source: "chainlink", detail: "BTC/USD data stream" });
    expect(Object.keys(btc15.outcomes)).toEqual(["Up", "Down"]);
  });

  test("--books --depth 2: books best-first from one batch request, with the venue's timestamps", async () => {
    const { code, records } = await markets(["--books", "--depth", "2"]);
    expect(code).toBe(0);
    expect(await sandbox.admin.requests("/clob/books")).toBe(1);
    expect(await sandbox.admin.requests("/clob/book")).toBe(0);
    for (const record of records) {
      expect(Object.keys(record.books!)).toEqual(Object.keys(record.outcomes));
      for (const [label, book] of Object.entries(record.books!)) {
        expect(book.token_id).toBe(record.outcomes[label]!);
        expect(book.asks.length).toBeLessThanOrEqual(2);
        expect(book.bids.length).toBeLessThanOrEqual(2);
        const asks = book.asks.map((level) => Number(level.price));
        const bids = book.bids.map((level) => Number(level.price));
        expect(asks).toEqual([...asks].sort((a, b) => a - b));
        expect(bids).toEqual([...bids].sort((a, b) => b - a));
        expect(Math.abs(Date.parse(book.timestamp) - Date.now())).toBeLessThan(60_000);
      }
    }
  });

  test("--symbols, --kinds and --ends-within filter", async () => {
    const { code, records } = await markets(["--symbols", "ETH,SOL", "--kinds", "updown", "--ends-within", "20m"]);
    expect(code).toBe(0);
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) {
      expect(["ETH", "SOL"]).toContain(record.symbol);
      expect(record.kind).toBe("updown");
      expect(Date.parse(record.end) - Date.now()).toBeLessThanOrEqual(20 * 60_000 + 5_000);
    }
  });

  test("--at a later time drops the windows that will have ended by then", async () => {
    const now = await markets(["--kinds", "updown"]);
    const later = await markets(["--kinds", "updown", "--at", new Date(Date.now() + 10 * 60_000).toISOString()]);
    expect(later.code).toBe(0);
    const cutoff = Date.now() + 10 * 60_000;
    expect(later.records.length).toBeGreaterThan(0);
    expect(later.records.filter((record) => Date.parse(record.end) <= cutoff - 5_000).map((record) => record.slug)).toEqual([]);
    expect(later.records.length).toBeLessThan(now.records.length);
  });

  test("gamma:nulls rows still classify; fees come from the CLOB, never assumed", async () => {
    await sandbox.admin.addFault("gamma:nulls");
    const { code, records, stderr } = await markets([]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/0 malformed/);
    expect(records.some((record) => record.fee?.source.startsWith("clob:"))).toBe(true);
    expect(records.filter((record) => record.fee_status !== "enabled").map((record) => record.slug)).toEqual([]);
  });

  test("bad flags exit 2 with one line naming the flag", async () => {
    for (const args of [["--symbols", "BTCUSDT"], ["--kinds", "binary"], ["--depth", "3"], ["--at", "yesterday"], ["--ends-within", "soon"], ["--bookz"]]) {
      expectUsageError(await markets(args));
    }
  });

  test("--ends-within 30 without a unit is a usage error with a hint, not 30 seconds", async () => {
    expectUsageError(await markets(["--ends-within", "30"]), "pm-arb: error: --ends-within needs a unit: 30s, 30m or 30h? (durations are written such as 500ms, 2s, 5m or 1h)");
  });
});

describe("pm-arb markets on real-shaped fixture rows", () => {
  // A plain local HTTP server serving the fixture rows as Gamma's /events and /markets would.
  const rows = [...updown, ...strikes, ...lookalikes, ...malformed, ...unknownFee];
  // The fixtures are dated 2026-11-25 12:00 UTC: evaluate as of just before, whatever today is.
  const at = ["--at", "2026-11-25T11:59:00Z"];
  let server: ReturnType<typeof Bun.serve>;
  let env: Record<string, string>;
  beforeAll(() => {
    server = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      fetch(request) {
        const url = new URL(request.url);
        if (url.pathname === "/gamma/events") return Response.json(url.searchParams.get("offset") === "0" ? [{ id: "1", title: "fixtures", markets: rows.slice(0, 20) }] : []);
        if (url.pathname === "/gamma/markets") return Response.json(url.searchParams.get("offset") === "0" ? rows : []);
        // The CLOB publishes a schedule for one of the unknown-fee markets only.
        const cid = url.pathname.match(/^\/clob\/clob-markets\/(0x[0-9a-f]+)$/)?.[1];
        if (cid && cid === (unknownFee[0] as { conditionId: string }).conditionId) return Response.json({ t: [], mts: 0.01, mos: 5, nr: false, fd: { r: 0.072, e: 1, to: true } });
        if (cid) return Response.json({ t: [], mts: 0.01, mos: 5, nr: false });
        return Response.json({ error: "not found" }, { status: 404 });
      },
    });
    env = { PM_ARB_SANDBOX_URL: `http://127.0.0.1:${server.port}` };
  });
  afterAll(() => server.stop(true));

  test("look-alikes are skipped and counted (listed with --verbose); malformed rows warned and skipped", async () => {
    const { code, records, stderr } = await markets(at, env);
    expect(code).toBe(0);
    expect(stderr).toContain(`${lookalikes.length} skipped as unclassifiable (--verbose lists them)`);
    expect(stderr).toContain(`${malformed.length} malformed`);
    expect(stderr.match(/malformed market row skipped/g)?.length).toBe(malformed.length);
    expect(records.map((record) => record.slug).sort()).toEqual([...updown, ...strikes, ...unknownFee].map((row) => (row as { slug: string }).slug).sort());
    // Unknown fees stay unknown unless the CLOB publishes the schedule.
    const fees = Object.fromEntries(records.map((record) => [record.slug, [record.fee_status, record.fee?.source ?? null]]));
    expect(fees["btc-updown-15m-1795608900"]).toEqual(["enabled", `clob:${(unknownFee[0] as { conditionId: string }).conditionId}`]);
    expect(fees["eth-updown-15m-1795608900"]![0]).toBe("unknown");
    expect(fees["sol-updown-15m-1795608900"]![0]).toBe("unknown");

    const verbose = await markets([...at, "--verbose"], env);
    for (const row of lookalikes) expect(verbose.stderr).toContain(`skipped ${(row as { slug: string }).slug}`);
  });
});
