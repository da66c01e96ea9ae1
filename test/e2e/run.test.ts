/**
 * `pm-arb run` end to end against the sandbox venue (spawned CLI, PM_ARB_SANDBOX_URL, the venue's
 * simulated clock at 20×): a seeded paper session trades the lagging markets and books what it did
 * (fills with fees, positions from the fills, settlements at payout − cost − fees; the P&L is
 * printed, never asserted: it depends on how the wall clock meets the venue's), `--live` does the
 * same through signed orders, `--once` runs one cycle, `--quiet` keeps only orders and alerts, and
 * every record validates against its schema.
 *
 * The venue: makers who see spot 3 s late, spot jumping about 4 times an hour per symbol (0.6%) —
 * the market `run --sandbox` simulates (core/run/run.ts SANDBOX_MARKET). The loop trades Up/Down
 * windows, prices with the venue's own diffusion volatility (realised volatility would count the
 * jumps) and takes only edges of 10 points or more.
 */
import { describe, expect, test } from "bun:test";
import { SERVICE_URLS } from "../../core/config/defaults.ts";
import { envName } from "../../core/config/env.ts";
import { SANDBOX_MARKET } from "../../core/run/run.ts";
import { expectBooksAddUp } from "../helpers/books.ts";
import { expectUsageError, runCli } from "../helpers/cli.ts";
import { expectValidRecords } from "../helpers/records.ts";
import { spawnCli } from "../helpers/run-loop.ts";
import { type TestSandbox, useTestSandbox } from "../helpers/sandbox.ts";
import { tempDb } from "../helpers/temp.ts";

const START = Date.UTC(2026, 10, 25, 12, 0, 0);
const STRATEGY = ["--kinds", "updown", "--vol", "0.6", "--min-edge", "0.1"];
const finalSummary = (lines: Record<string, any>[]) => lines.filter((line) => line.type === "summary").at(-1)!;

/** A seeded 60 s session with `flags` and `env`: exit 0, every record valid, fills in `mode`, the store's books adding up. */
async function session(sandbox: TestSandbox, mode: "paper" | "live", flags: string[], env: Record<string, string> = {}) {
  const db = tempDb();
  const result = await runCli(["run", ...flags, "--duration", "60s", ...STRATEGY, "--json"], { env: { ...sandbox.env, PM_ARB_DB: db, ...env } });
  expect(result.code).toBe(0);
  expectValidRecords(result.lines);
  const orders = result.lines.filter((line) => line.type === "order");
  const filled = orders.filter((order) => order.status === "filled");
  expect(filled.length).toBeGreaterThan(0);
  for (const order of filled) expect(order.mode).toBe(mode);
  const summary = finalSummary(result.lines as Record<string, any>[]);
  console.log(
    `${mode} session (seed 3): ${filled.length} fills, ${summary.settled_positions} settled (${summary.wins} won, ${summary.losses} lost), realised P&L ${summary.realised_pnl} after ${summary.fees_paid} fees`,
  );
  expectBooksAddUp(db, summary);
  return { db, result, orders, filled };
}

describe("paper session", () => {
  const sandbox = useTestSandbox({ seed: 3, speed: 20, startAt: START, ...SANDBOX_MARKET });

  test("trades the lagging markets over a seeded session: fills with fees, positions from fills, settlements booked", async () => {
    const { db, result, orders, filled } = await session(sandbox, "paper", []);
    // Every executed trade was alerted with its P&L, at normal priority.
    const trades = result.lines.filter((line) => line.type === "alert" && line.kind === "trade" && String(line.key).startsWith("trade:"));
    expect(trades.length).toBe(filled.length);
    for (const alert of trades) expect(alert.priority).toBe(0);
    // No opportunity was traded twice.
    const ids = orders.map((order) => order.opportunity_id);
    expect(new Set(ids).size).toBe(ids.length);
    const status = await runCli(["run", "--status", "--json"], { env: { PM_ARB_DB: db } });
    expect(status.lines[0]).toMatchObject({ type: "status", mode: "paper", state: "stopped", stop_reason: "--duration 60s elapsed" });
    expect((status.lines[0]!.lag as unknown[]).length).toBeGreaterThan(0);
  }, 120_000);
});

describe("live session", () => {
  const sandbox = useTestSandbox({ seed: 3, speed: 20, startAt: START, ...SANDBOX_MARKET });

  test("--live with sandbox credentials trades the same way through signed orders", async () => {
    const wallet = await sandbox.fundedWallet();
    await sandbox.admin.resetCounters();
    const { result, filled } = await session(sandbox, "live", ["--live"], { PAPER_TRADING: "false", POLYMARKET_PRIVATE_KEY: wallet.privateKey });
    expect(result.stderr).toContain("LIVE trading");
    for (const order of filled) expect(String(order.venue_order_id)).toMatch(/^0x[0-9a-f]{64}$/);
    const counters = await sandbox.admin.counters();
    const posted = Object.entries(counters)
      .filter(([path]) => path.includes("/order"))
      .reduce((sum, [, counter]) => sum + counter.requests, 0);
    expect(posted).toBeGreaterThanOrEqual(filled.length);
  }, 120_000);

  test("PAPER_TRADING=true turns --live into paper at start", async () => {
    const wallet = await sandbox.fundedWallet();
    // Into the next quarter-hour's windows, where the lagged makers leave edges to trade.
    const now = sandbox.app.clock.now();
    await sandbox.admin.advance(Math.ceil(now / 900_000) * 900_000 + 7 * 60_000 + 20_000 - now);
    const result = await runCli(["run", "--live", "--once", "--kinds", "updown", "--min-edge", "0.02", "--json"], {
      env: { ...sandbox.env, PM_ARB_DB: tempDb(), PAPER_TRADING: "true", POLYMARKET_PRIVATE_KEY: wallet.privateKey },
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("PAPER_TRADING is set");
    const orders = result.lines.filter((line) => line.type === "order");
    expect(orders.length).toBeGreaterThan(0);
    for (const order of orders) expect(order.mode).toBe("paper");
    expect(finalSummary(result.lines as Record<string, any>[]).mode).toBe("paper");
  });
});

describe("--once, --quiet, usage", () => {
  const sandbox = useTestSandbox({ seed: 5, speed: 20, startAt: START + 7 * 60_000, ...SANDBOX_MARKET });

  test("--once: one cycle (REST prices and books), a summary, a stopped heartbeat, exit 0", async () => {
    const db = tempDb();
    const result = await runCli(["run", "--once", "--min-edge", "0.02", "--json"], { env: { ...sandbox.env, PM_ARB_DB: db } });
    expect(result.code).toBe(0);
    expectValidRecords(result.lines);
    expect(result.lines.filter((line) => line.type === "summary")).toHaveLength(1);
    const status = await runCli(["run", "--status", "--json"], { env: { PM_ARB_DB: db } });
    expect(status.lines[0]).toMatchObject({ state: "stopped", stop_reason: "one cycle done (--once)" });
    // What the cycle did is said without --verbose.
    expect(result.stderr).toMatch(/^\[info\] one cycle: [1-9]\d* market\(s\) priced, \d+ opportunit(y|ies), \d+ order\(s\)/m);
  });

  test("--once says why it traded nothing, on stderr, without --verbose", async () => {
    const result = await runCli(["run", "--once", "--min-edge", "0.9", "--json"], { env: { ...sandbox.env, PM_ARB_DB: tempDb() } });
    expect(result.code).toBe(0);
    expect(result.lines.filter((line) => line.type === "order")).toEqual([]);
    expect(result.stderr).toMatch(
      /^\[info\] one cycle: [1-9]\d* market\(s\) priced, 0 opportunities, 0 order\(s\); nothing traded: no outcome's net edge after the fee reached 0\.9 \(--min-edge\)$/m,
    );
  });

  test("--quiet keeps only orders and alerts", async () => {
    const result = await runCli(["run", "--once", "--quiet", "--min-edge", "0.02", "--json"], { env: { ...sandbox.env, PM_ARB_DB: tempDb() } });
    expect(result.code).toBe(0);
    expect(new Set(result.lines.map((line) => line.type))).toEqual(new Set(["alert", ...(result.lines.some((line) => line.type === "order") ? ["order"] : [])]));
  });

  test("--status dates every feed that delivered: last_data_at is set for the spot streams and the settlement stream", async () => {
    const env = { ...sandbox.env, PM_ARB_DB: tempDb() };
    const loop = spawnCli(["run", "--duration", "10m", "--kinds", "updown"], { env });
    const FEEDS = ["market", "settlement", "spot:binance", "spot:coinbase"];
    try {
      // Every feed up and well over a hundred ticks in: each stream has delivered by then.
      const status = await loop.eventually(async () => {
        const line = (await runCli(["run", "--status", "--json"], { env })).lines[0] as Record<string, any> | undefined;
        const up = (line?.feeds ?? []).filter((feed: Record<string, any>) => feed.status === "up").map((feed: Record<string, any>) => feed.feed);
        return line?.counts?.ticks > 100 && FEEDS.every((name) => up.includes(name)) ? line : undefined;
      });
      const feeds = status.feeds.filter((feed: Record<string, any>) => FEEDS.includes(feed.feed));
      expect(feeds.map((feed: Record<string, any>) => [feed.feed, typeof feed.last_data_at])).toEqual(FEEDS.map((name) => [name, "string"]));
    } finally {
      loop.kill("SIGINT");
      await loop.exited;
    }
  });

  test("with no network (every service refuses): exit 1 with one reason, after alerts saying all providers fail", async () => {
    // Every service at a port nothing listens on, as when the machine is offline.
    const offline = Object.fromEntries(Object.entries(SERVICE_URLS).map(([key, service]) => [envName(key), "ws" in service ? "ws://127.0.0.1:1" : "http://127.0.0.1:1"]));
    const loop = spawnCli(["run", "--duration", "60s"], { env: { ...offline, PM_ARB_DB: tempDb() } });
    const alert = await loop.next((record) => record.type === "alert" && record.kind === "venue_errors" && String(record.message).includes("price providers are failing"));
    expect(alert.message).not.toContain("other providers are used");
    loop.kill("SIGINT");
    expect(await loop.exited).toBe(1);
    const errors = loop
      .stderr()
      .split("\n")
      .filter((line) => line.startsWith("pm-arb: error:"));
    expect(errors).toEqual([expect.stringMatching(/^pm-arb: error: no markets: every market discovery failed \(gamma: /)]);
  });

  test.each([
    [["--status", "--live"], /--status only reports/],
    [["--alert-if-stale", "120"], /--alert-if-stale goes with --status/],
    [["--once", "--duration", "5s"], /--once runs one cycle/],
    [["--speed", "5"], /--speed goes with --sandbox/],
    [["--sandbox", "--speed", "500"], /--speed must be/],
    [["--min-edge", "x", "--once"], /min_edge|--min-edge/],
    [["--dry-run"], /unknown flag --dry-run/],
  ])("usage: run %p exits 2", async (args, message) => {
    expectUsageError(await runCli(["run", ...args], { env: { PM_ARB_DB: tempDb() } }), message);
  });
});

describe("daily summary", () => {
  const sandbox = useTestSandbox({ seed: 2, speed: 20, startAt: Date.UTC(2026, 10, 25, 23, 50, 0), ...SANDBOX_MARKET });

  test("the first summary after the (venue) UTC day changes raises the daily summary alert, once", async () => {
    const loop = spawnCli(["run", "--duration", "60s", "--summary-every", "1s", "--kinds", "updown"], { env: { ...sandbox.env, PM_ARB_DB: tempDb() } });
    try {
      // A summary on the first day, however long the start took; then the venue jumps to just
      // before midnight (the loop sees it at its next discovery) instead of the test racing it there.
      expect(String((await loop.next((line) => line.type === "summary")).ts)).toStartWith("2026-11-25");
      await sandbox.admin.advance(Date.UTC(2026, 10, 25, 23, 59, 55) - sandbox.app.clock.now());
      await loop.next((line) => line.type === "alert" && line.kind === "daily_summary");
      loop.kill("SIGTERM");
      expect(await loop.exited).toBe(0);
    } finally {
      loop.kill("SIGKILL");
    }
    const daily = loop.records.filter((line) => line.type === "alert" && line.kind === "daily_summary");
    expect(daily).toHaveLength(1);
    expect(daily[0]).toMatchObject({ level: "normal", priority: 0, key: "daily_summary:paper:2026-11-25" });
    expect(String(daily[0]!.message)).toContain("equity $");
  }, 60_000);
});
