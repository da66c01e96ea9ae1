/**
 * `pm-arb stop` against a running loop (spawned CLIs, sandbox venue): the kill switch is set, the
 * loop is signalled through the pid in its heartbeat, stops placing orders, finishes what is in
 * flight, writes a final summary and exits 0; nothing is left pending in the store; no loop starts
 * while the switch is set; `--clear` re-arms. How long the stop takes is measured in
 * bench/latency.ts (no timed assertions here).
 */

import { describe, expect, test } from "bun:test";
import { discoverMarkets } from "../../core/markets/discover.ts";
import { SANDBOX_MARKET } from "../../core/run/run.ts";
import { runCli } from "../helpers/cli.ts";
import { spawnCli } from "../helpers/run-loop.ts";
import { useTestSandbox } from "../helpers/sandbox.ts";
import { walletClient } from "../helpers/sandbox-wallet.ts";
import { storeRows } from "../helpers/store.ts";
import { tempDb } from "../helpers/temp.ts";

const sandbox = useTestSandbox({ seed: 3, speed: 20, startAt: Date.UTC(2026, 10, 25, 12, 0, 0), ...SANDBOX_MARKET });

describe("pm-arb stop", () => {
  test("halts a running loop gracefully, with nothing lost; the switch blocks restarts until --clear", async () => {
    const db = tempDb();
    const env = { ...sandbox.env, PM_ARB_DB: db };
    const loop = spawnCli(["run", "--duration", "10m", "--kinds", "updown", "--vol", "0.6", "--min-edge", "0.1"], { env });
    await loop.next((record) => record.type === "order");
    const running = await loop.eventually(async () => {
      const status = await runCli(["run", "--status", "--json"], { env });
      return status.lines[0]?.state === "running" ? status.lines[0] : undefined;
    });
    expect(running.pid).toBe(loop.pid);

    const stop = await runCli(["stop", "--reason", "e2e: end of test", "--json"], { env });
    expect(stop.code).toBe(0);
    expect(stop.lines).toHaveLength(1);
    expect(stop.lines[0]).toMatchObject({ type: "status", mode: "paper", state: "stopped", pid: loop.pid, kill_switch: { reason: "e2e: end of test" } });
    expect(String(stop.lines[0]!.stop_reason)).toMatch(/signal SIGTERM|kill switch/);

    expect(await loop.exited).toBe(0);
    const last = loop.records.at(-1)!;
    expect(last.type === "summary" || (last.type === "alert" && last.kind === "loop_stopped")).toBe(true);
    expect(loop.records.some((record) => record.type === "summary")).toBe(true);

    // Nothing lost: every order the loop printed is in the store, none is left pending.
    const rows = storeRows<{ client_order_id: string; status: string }>(db, "SELECT client_order_id, status FROM orders");
    const printed = loop.records.filter((record) => record.type === "order").map((record) => record.client_order_id);
    expect(rows.map((row) => row.client_order_id).sort()).toEqual([...new Set(printed)].sort());
    expect(rows.filter((row) => row.status === "pending" || row.status === "uncertain")).toEqual([]);

    const refused = await runCli(["run", "--once"], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("kill switch set");
    expect(refused.stderr).toContain("e2e: end of test");

    const clear = await runCli(["stop", "--clear", "--json"], { env });
    expect(clear.code).toBe(0);
    expect(clear.lines[0]).toMatchObject({ state: "stopped", kill_switch: null });
    const again = await runCli(["run", "--once", "--kinds", "updown", "--json"], { env });
    expect(again.code).toBe(0);
  }, 120_000);

  test("SIGINT is a graceful stop too; the kill switch is not set by a signal", async () => {
    const env = { ...sandbox.env, PM_ARB_DB: tempDb() };
    const loop = spawnCli(["run", "--duration", "10m", "--kinds", "updown"], { env });
    await loop.next((record) => record.type === "alert" && record.kind === "loop_started");
    await loop.eventually(async () => ((await runCli(["run", "--status", "--json"], { env })).lines[0]?.state === "running" ? true : undefined));
    loop.kill("SIGINT");
    expect(await loop.exited).toBe(0);
    expect(loop.records.some((record) => record.type === "summary")).toBe(true);
    const status = await runCli(["run", "--status", "--json"], { env });
    expect(status.lines[0]).toMatchObject({ state: "stopped", stop_reason: "signal SIGINT", kill_switch: null });
  });

  test("a second signal exits at once, without waiting for the graceful stop", async () => {
    // Gamma never answers (the loop's first discovery waits out its 20 s request timeout), so the
    // graceful stop the first signal asks for cannot finish before the second signal arrives.
    const fault = await sandbox.admin.addFault("gamma:timeout:ms=60000");
    try {
      const loop = spawnCli(["run", "--duration", "10m", "--kinds", "updown"], { env: { ...sandbox.env, PM_ARB_DB: tempDb(), PM_ARB_REQUEST_TIMEOUT_MS: "20000" } });
      await loop.next((record) => record.type === "alert" && record.kind === "loop_started");
      loop.kill("SIGTERM");
      await loop.eventually(() => (loop.stderr().includes("SIGTERM: stopping gracefully") ? true : undefined));
      loop.kill("SIGTERM");
      expect(await loop.exited).toBe(143);
      expect(loop.stderr()).toContain("SIGTERM again: exiting now");
      // The graceful stop never ran: no final summary, no loop_stopped alert.
      expect(loop.records.filter((record) => record.type === "summary" || record.kind === "loop_stopped")).toEqual([]);
    } finally {
      await sandbox.admin.removeFaults({ id: fault.id });
    }
  });

  test("stop with no loop running still sets the switch; --clear --reason is a usage error", async () => {
    const env = { PM_ARB_DB: tempDb() };
    const stop = await runCli(["stop", "--json"], { env });
    expect(stop.code).toBe(0);
    expect(stop.lines).toEqual([]);
    const status = await runCli(["run", "--status", "--json"], { env });
    expect(status.lines[0]).toMatchObject({ state: "never_run", kill_switch: { reason: "manual stop" } });
    const bad = await runCli(["stop", "--clear", "--reason", "x"], { env });
    expect(bad.code).toBe(2);
  });

  test("--cancel-open cancels the wallet's resting orders at the venue", async () => {
    const wallet = await sandbox.fundedWallet();
    const client = walletClient(sandbox.url, wallet);
    const venueNow = sandbox.app.clock.now();
    const found = await discoverMarkets({ at: venueNow, symbols: ["BTC"], kinds: ["updown"] }, { gammaUrl: `${sandbox.url}/gamma`, clobUrl: `${sandbox.url}/clob`, now: venueNow });
    const market = found.markets.find((candidate) => candidate.end - venueNow > 10 * 60_000)!;
    const { OrderType, Side } = await import("@polymarket/clob-client-v2");
    const order = await client.createOrder(
      { tokenID: market.outcomes[0]!.token_id, price: 0.05, size: 10, side: Side.BUY },
      { tickSize: market.tick_size.toString() as "0.01", negRisk: market.neg_risk },
    );
    expect((await client.postOrder(order, OrderType.GTC)).status).toBe("live");
    expect(await client.getOpenOrders()).toHaveLength(1);

    const env = { ...sandbox.env, PM_ARB_DB: tempDb(), POLYMARKET_PRIVATE_KEY: wallet.privateKey };
    const stop = await runCli(["stop", "--cancel-open", "--reason", "flatten", "--json"], { env });
    expect(stop.code).toBe(0);
    expect(stop.stderr).toContain("1 resting order(s) cancelled");
    expect(stop.stderr).not.toContain(wallet.privateKey.slice(2, 20));
    expect(await client.getOpenOrders()).toHaveLength(0);
  });
});
