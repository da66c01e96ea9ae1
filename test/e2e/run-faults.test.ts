/**
 * The loop survives every fault the sandbox can inject and reports each through an alert: provider
 * 451, 429, 5xx and malformed payloads (REST, used while the streams are down), dropped and frozen
 * streams, a silent market channel and settlement stream, CLOB 425 on order placement and a post
 * that outlives the request timeout (live).
 * Each scenario runs its own loop (fresh store, so no alert is folded into an earlier scenario's),
 * waits for the alert, checks the loop is still running, lifts the fault and stops the loop cleanly.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { SANDBOX_MARKET } from "../../core/run/run.ts";
import type { FaultInput } from "../../sandbox/faults.ts";
import { runCli } from "../helpers/cli.ts";
import { type RunningCli, spawnCli } from "../helpers/run-loop.ts";
import { useTestSandbox } from "../helpers/sandbox.ts";
import { storeRows } from "../helpers/store.ts";
import { tempDb } from "../helpers/temp.ts";

const sandbox = useTestSandbox({ seed: 9, speed: 20, startAt: Date.UTC(2026, 10, 25, 12, 0, 0), ...SANDBOX_MARKET });
let loop: RunningCli | undefined;
afterEach(async () => {
  await sandbox.admin.clearFaults();
  if (loop) {
    loop.kill("SIGKILL");
    await loop.exited;
    loop = undefined;
  }
});

type Status = Record<string, any>;

async function start(extra: string[] = [], env: Record<string, string> = {}, feeds = 4) {
  const fullEnv = { ...sandbox.env, PM_ARB_DB: tempDb(), ...env };
  loop = spawnCli(["run", "--duration", "10m", "--kinds", "updown", ...extra], { env: fullEnv });
  const status = async (): Promise<Status> =>
    (await runCli(["run", "--status", "--json"], { env: fullEnv })).lines.find((line) => line.mode === (extra.includes("--live") ? "live" : "paper"))!;
  // Running, with every feed up.
  await loop.eventually(async () => {
    const current = await status();
    return current?.state === "running" && current.feeds.length >= feeds && current.feeds.every((feed: { status: string }) => feed.status === "up") ? true : undefined;
  });
  return { loop: loop!, status, db: fullEnv.PM_ARB_DB };
}

async function inject(...faults: (string | FaultInput)[]) {
  for (const fault of faults) await sandbox.admin.addFault(fault);
}

const alertOf = (key: string) => (record: Record<string, any>) => record.type === "alert" && record.key === key;

/** The loop still ticks; with `restored`, the faults are lifted and that alert says the feed is back; then a clean stop. */
async function finish(running: RunningCli, status: () => Promise<Status>, restored?: string) {
  const before = (await status()).counts.ticks;
  await running.eventually(async () => {
    const now = await status();
    return now.state === "running" && now.counts.ticks > before ? true : undefined;
  });
  if (restored) {
    await sandbox.admin.clearFaults();
    await running.next(alertOf(restored));
  }
  running.kill("SIGTERM");
  expect(await running.exited).toBe(0);
  loop = undefined;
}

describe("the loop survives each fault and reports it", () => {
  test("Binance 451 (REST, while its stream is silent): geo-block alert, prices from the others", async () => {
    const { loop: running, status } = await start();
    await inject("binance-ws:silent", "binance:451");
    expect(await running.next(alertOf("feed_down:spot:binance"))).toMatchObject({ level: "high", priority: 1 });
    expect((await running.next(alertOf("venue_errors:binance"))).message).toContain("451");
    await finish(running, status, "feed_restored:spot:binance");
  }, 90_000);

  test("Kraken 429 with Retry-After: rate-limit alert, backing off", async () => {
    const { loop: running, status } = await start(["--providers", "kraken,binance"], {}, 3);
    await inject("binance-ws:silent", { service: "kraken", kind: "429", params: { retry_after: "30" } });
    expect((await running.next(alertOf("venue_errors:kraken"))).message).toMatch(/429|rate/i);
    await finish(running, status);
  }, 90_000);

  test("Coinbase 5xx: the provider trips and cools down", async () => {
    const { loop: running, status } = await start(["--providers", "coinbase,binance"]);
    await inject("binance-ws:silent", "coinbase-ws:silent", "coinbase:503");
    expect((await running.next(alertOf("venue_errors:coinbase"))).message).toContain("503");
    // Every exchange stream is down: nothing is traded meanwhile (fail closed), and the heartbeat
    // says why (at its next beat: the alert can be out before the heartbeat that follows it).
    const spotDown = (current: Status) => current.feeds.filter((feed: { feed: string; status: string }) => feed.feed.startsWith("spot:") && feed.status === "down").length;
    await running.eventually(async () => (spotDown(await status()) === 2 ? true : undefined));
    await finish(running, status);
  }, 90_000);

  test("malformed payloads (Pyth answering garbage): failures counted per provider, alerted when it trips", async () => {
    const { loop: running, status } = await start(["--providers", "pyth,binance"], {}, 3);
    await inject("binance-ws:silent", "pyth:garbage");
    expect((await running.next(alertOf("venue_errors:pyth"))).level).toBe("high");
    await finish(running, status);
  }, 90_000);

  test("a dropped stream that cannot reconnect: feed down, then back when the venue accepts it again", async () => {
    const { loop: running, status } = await start();
    await inject("coinbase-ws:refuse", "coinbase-ws:drop");
    expect((await running.next(alertOf("feed_down:spot:coinbase"))).data.feed).toBe("spot:coinbase");
    await finish(running, status, "feed_restored:spot:coinbase");
  }, 90_000);

  test("a frozen stream (connected, prices stale): the primary feed is reported frozen", async () => {
    const { loop: running, status } = await start();
    await inject("binance-ws:stale");
    const frozen = await running.next(alertOf("feed_down:spot:binance"));
    // Frozen prices are caught either by their age ("frozen") or, when the frozen feed also goes
    // quiet long enough on a loaded machine, by the data-flow liveness check ("stream down"):
    // both fail the dependent markets closed, which is what this test is about.
    expect(String(frozen.message)).toMatch(/frozen|stream down/);
    expect(String(frozen.message)).toContain("not traded");
    await finish(running, status);
  }, 90_000);

  test("a silent market channel is replaced and reported; its markets are not traded while it is down", async () => {
    const { loop: running, status } = await start();
    await inject("clob-ws:silent");
    const down = await running.next(alertOf("feed_down:market"));
    expect(down.message).toContain("not traded");
    expect(down.data.markets).toBeGreaterThan(0);
    await sandbox.admin.clearFaults();
    await running.next(alertOf("feed_restored:market"));
    await finish(running, status);
  }, 90_000);

  test("a silent settlement stream: Chainlink-settled windows stop trading, with an alert", async () => {
    const { loop: running, status } = await start();
    await inject("rtds:silent");
    expect((await running.next(alertOf("feed_down:settlement"))).data.markets).toBeGreaterThan(0);
    await finish(running, status);
  }, 90_000);

  test("CLOB 425 on order placement (live): the order fails, is alerted, and the loop trades on once it clears", async () => {
    const wallet = await sandbox.fundedWallet();
    const { loop: running, status } = await start(["--live", "--min-edge", "0.03", "--cooldown", "0s"], { PAPER_TRADING: "false", POLYMARKET_PRIVATE_KEY: wallet.privateKey });
    await inject({ service: "clob", kind: "425", path: "/order" });
    expect(String((await running.next((record) => record.type === "order" && record.status === "failed")).reason)).toContain("425");
    expect((await running.next((record) => record.type === "alert" && record.kind === "order_rejected")).priority).toBe(1);
    await sandbox.admin.clearFaults();
    await finish(running, status);
  }, 120_000);

  test("a post slower than the request timeout (live): the order is uncertain and alerted as such, never as rejected", async () => {
    const wallet = await sandbox.fundedWallet();
    const { loop: running, status } = await start(["--live", "--min-edge", "0.03", "--cooldown", "0s"], { PAPER_TRADING: "false", POLYMARKET_PRIVATE_KEY: wallet.privateKey });
    // The loop waits 5 s for an answer; this post reaches the venue after 7 s.
    await inject("clob:slow:ms=7000,path=/order,count=1");
    const order = await running.next((record) => record.type === "order" && record.status === "uncertain");
    const alert = await running.next((record) => record.type === "alert" && (record.kind === "order_uncertain" || record.kind === "order_rejected"));
    expect(alert).toMatchObject({ kind: "order_uncertain", priority: 1 });
    expect(String(alert.message)).toContain(String(order.slug));
    await finish(running, status);
  }, 120_000);

  test("REST trades unreadable (live): a delayed order's fill is booked from the user channel, and no secret reaches the output or the store", async () => {
    const wallet = await sandbox.fundedWallet();
    const live = { PAPER_TRADING: "false", POLYMARKET_PRIVATE_KEY: wallet.privateKey };
    // Every order is delayed (some are killed when they run: the book moved) and no REST read of trades succeeds.
    await inject("clob:delayed:path=/order,ms=3000", "clob:503:path=/data/trades");
    const { loop: running, status, db } = await start(["--live", "--min-edge", "0.03", "--cooldown", "0s"], live);
    await running.next((record) => record.type === "order" && record.status === "open");
    const sql = "select o.status, o.reason, count(f.id) as fills from orders o join fills f on f.order_id = o.id group by o.id";
    const [booked] = await running.eventually(() => {
      const rows = storeRows<{ status: string; reason: string; fills: number }>(db, sql);
      return rows.length > 0 ? rows : undefined;
    });
    expect(booked).toMatchObject({ status: "filled", reason: expect.stringContaining("user channel") });
    await finish(running, status);
    const outputs = [JSON.stringify(running.records), running.stderr(), ...["", "-wal"].map((suffix) => readFileSync(`${db}${suffix}`, { flag: "a+" }).toString("latin1"))];
    for (const secret of [wallet.creds!.secret, wallet.creds!.passphrase]) for (const output of outputs) expect(output).not.toContain(secret);
  }, 120_000);

  test("an API key the venue refuses (live): the order fails and a critical auth alert goes out", async () => {
    const wallet = await sandbox.fundedWallet();
    const { loop: running, status } = await start(["--live", "--min-edge", "0.03", "--cooldown", "0s"], {
      PAPER_TRADING: "false",
      POLYMARKET_PRIVATE_KEY: wallet.privateKey,
      POLYMARKET_API_KEY: "00000000-0000-4000-8000-000000000000",
      POLYMARKET_SECRET: Buffer.from("not-the-secret-not-the-secret-xx").toString("base64"),
      POLYMARKET_PASSPHRASE: "not-the-passphrase",
    });
    expect(await running.next((record) => record.type === "alert" && record.kind === "auth_failure")).toMatchObject({ level: "critical", priority: 2 });
    expect(JSON.stringify(running.records)).not.toContain(wallet.privateKey.slice(2));
    await finish(running, status);
  }, 120_000);
});
