/**
 * Restart after a SIGKILL continues with no duplicate order. The killed loop's heartbeat shows it
 * dead; the restarted loop takes over the store lock, fails (paper) or reconciles (live) what was
 * left in flight, and never sends a second order for an opportunity: one order row per opportunity,
 * and (live) at most one POST /order at the venue per order that was sent.
 */

import { describe, expect, test } from "bun:test";
import { SANDBOX_MARKET } from "../../core/run/run.ts";
import { runCli } from "../helpers/cli.ts";
import { spawnCli } from "../helpers/run-loop.ts";
import { useTestSandbox } from "../helpers/sandbox.ts";
import { storeRows } from "../helpers/store.ts";
import { tempDb } from "../helpers/temp.ts";

const STRATEGY = ["--kinds", "updown", "--vol", "0.6", "--min-edge", "0.05", "--cooldown", "0s"];

const sandbox = useTestSandbox({ seed: 4, speed: 20, startAt: Date.UTC(2026, 10, 25, 12, 0, 0), ...SANDBOX_MARKET });

type Row = { client_order_id: string; opportunity_id: string; status: string; sent_at: number | null; mode: string };
const orderRows = (db: string) => storeRows<Row>(db, "SELECT client_order_id, opportunity_id, status, sent_at, mode FROM orders");

async function killAfterFirstOrder(args: string[], env: Record<string, string>) {
  const first = spawnCli(args, { env });
  await first.next((record) => record.type === "order" && record.status !== "duplicate");
  first.kill("SIGKILL");
  await first.exited;
  const status = await runCli(["run", "--status", "--json"], { env });
  const mode = args.includes("--live") ? "live" : "paper";
  expect(["dead", "stale"]).toContain(status.lines.find((line) => line.mode === mode)!.state as string);
  return first;
}

async function restartFor(args: string[], env: Record<string, string>, orders: number) {
  const second = spawnCli(args, { env });
  await second.eventually(() => (second.records.filter((record) => record.type === "order" && record.status !== "duplicate").length >= orders ? true : undefined));
  second.kill("SIGTERM");
  expect(await second.exited).toBe(0);
  return second;
}

describe("restart after SIGKILL", () => {
  test("paper: no opportunity traded twice, nothing left pending", async () => {
    const db = tempDb();
    const env = { ...sandbox.env, PM_ARB_DB: db };
    const args = ["run", "--duration", "10m", ...STRATEGY];
    const first = await killAfterFirstOrder(args, env);
    const before = orderRows(db);
    expect(before.length).toBeGreaterThan(0);
    const second = await restartFor(args, env, 2);
    const rows = orderRows(db);
    expect(new Set(rows.map((row) => row.opportunity_id)).size).toBe(rows.length);
    expect(rows.filter((row) => row.status === "pending" || row.status === "uncertain")).toEqual([]);
    // Everything the first loop placed is still there, unchanged in identity.
    for (const row of before) expect(rows.some((after) => after.client_order_id === row.client_order_id)).toBe(true);
    const placedTwice = second.records.filter(
      (record) => record.type === "order" && record.status !== "duplicate" && first.records.some((old) => old.type === "order" && old.client_order_id === record.client_order_id),
    );
    expect(placedTwice).toEqual([]);
  }, 120_000);

  test("live: unresolved orders reconciled, at most one POST /order per order sent", async () => {
    const wallet = await sandbox.fundedWallet();
    const db = tempDb();
    const env = { ...sandbox.env, PM_ARB_DB: db, PAPER_TRADING: "false", POLYMARKET_PRIVATE_KEY: wallet.privateKey };
    const args = ["run", "--live", "--duration", "10m", ...STRATEGY];
    await sandbox.admin.resetCounters();
    await killAfterFirstOrder(args, env);
    await restartFor(args, env, 2);
    const rows = orderRows(db).filter((row) => row.mode === "live");
    expect(new Set(rows.map((row) => row.opportunity_id)).size).toBe(rows.length);
    expect(rows.filter((row) => row.status === "pending")).toEqual([]);
    // An order is marked sent before its POST leaves, so the one in flight when the first loop was
    // killed may never have reached the venue; no order is ever posted twice.
    const sent = rows.filter((row) => row.sent_at !== null).length;
    const posts = await sandbox.admin.requests("/clob/order");
    expect(posts).toBeLessThanOrEqual(sent);
    expect(posts).toBeGreaterThanOrEqual(sent - 1);
  }, 120_000);
});
