/**
 * One wallet, two stores — a second pipeline with another HOME — end to end: the real CLI, spawned,
 * against the sandbox venue. Neither store sees the other's orders or engine lock; the venue is
 * what they share. The same opportunity traded through both is one order at the venue (the second
 * is refused as "Duplicated" and recorded as a duplicate), and two live engines running at once
 * find each other on the venue heartbeat, halt live trading and alert.
 */

import { describe, expect, test } from "bun:test";
import { orderRecordSchema } from "../../core/records/order.ts";
import { jsonLines, spawnPmArb } from "../helpers/cli.ts";
import { peekRow } from "../helpers/store.ts";
import { tempDb } from "../helpers/temp.ts";
import { cli, liveEnv, type RunEnv, records, useFrozenVenue, venueOrders } from "./trade-helpers.ts";

const venue = useFrozenVenue(7);

const engine = (env: RunEnv) => spawnPmArb(["trade", "--live", "--json", "--heartbeat", "500ms", "--settle-timeout", "0s"], { env, stdin: "pipe" });

describe("one wallet, two stores", () => {
  test("the same opportunity through both: one order at the venue; the second store records a duplicate, no fill", async () => {
    const wallet = await venue.sandbox.fundedWallet();
    const one = `${venue.opportunities.at(-1)!}\n`;
    const [dbA, dbB] = [tempDb(), tempDb()];
    const first = await cli(["trade", "--live", "--json", "--settle-timeout", "0s"], liveEnv(venue, dbA, wallet), one);
    expect(first.code).toBe(0);
    const [placed] = records(first, "order").map((line) => orderRecordSchema.parse(line));
    expect(placed?.status).not.toBe("duplicate");
    expect(placed?.venue_order_id).toMatch(/^0x[0-9a-f]{64}$/);

    const second = await cli(["trade", "--live", "--json", "--settle-timeout", "0s"], liveEnv(venue, dbB, wallet), one);
    expect(second.code).toBe(0);
    const [again] = records(second, "order").map((line) => orderRecordSchema.parse(line));
    expect(again).toMatchObject({
      client_order_id: placed!.client_order_id,
      venue_order_id: placed!.venue_order_id,
      status: "duplicate",
      reason: expect.stringMatching(/is invalid\. Duplicated/),
    });
    expect(again).not.toHaveProperty("existing_status");
    expect(records(second, "fill")).toEqual([]);
    expect(venueOrders(venue.sandbox, placed!.client_order_id, wallet.address)).toBe(1);
    expect(peekRow<{ n: number }>(dbB, "SELECT COUNT(*) AS n FROM fills")?.n).toBe(0);
  }, 60_000);

  test("two live engines at once: each finds the other on the venue heartbeat, halts live trading and alerts; nothing more is placed", async () => {
    const wallet = await venue.sandbox.fundedWallet();
    const [dbA, dbB] = [tempDb(), tempDb()];
    const engines = [engine(liveEnv(venue, dbA, wallet)), engine(liveEnv(venue, dbB, wallet))];
    try {
      const halted = (db: string) => peekRow<{ value: string }>(db, "SELECT value FROM state WHERE key = 'risk:halt:live'");
      const alerted = (db: string) => peekRow<{ n: number }>(db, "SELECT COUNT(*) AS n FROM alerts WHERE key LIKE 'foreign_heartbeat:%'")?.n ?? 0;
      // The halt is written first, the alert just after: wait for both, in both stores — however long
      // a loaded machine takes (a few beats each, bounded so a miss fails rather than hangs), and no
      // longer once an engine has exited.
      const done = (db: string) => halted(db) !== undefined && alerted(db) > 0;
      const deadline = performance.now() + 30_000;
      while (!(done(dbA) && done(dbB)) && engines.every((proc) => proc.exitCode === null) && performance.now() < deadline) await Bun.sleep(50);
      for (const db of [dbA, dbB]) {
        expect(JSON.parse(halted(db)?.value ?? "{}").reason).toMatch(/another process is sending the venue heartbeat/);
        expect(alerted(db)).toBe(1);
      }
      // An opportunity now: refused by the guardian in both, nothing sent.
      const one = venue.opportunities[0]!;
      for (const proc of engines) {
        proc.stdin.write(`${one}\n`);
        proc.stdin.end();
      }
      const outputs = await Promise.all(engines.map(async (proc) => ({ code: await proc.exited, stdout: await new Response(proc.stdout).text() })));
      for (const { code, stdout } of outputs) {
        expect(code).toBe(0);
        const lines = jsonLines(stdout);
        expect(lines.filter((line) => line.type === "alert").map((line) => line.kind)).toEqual(["foreign_heartbeat"]);
        const order = lines.find((line) => line.type === "order");
        expect(order).toMatchObject({ status: "rejected", reason: expect.stringContaining("halted") });
        expect(venueOrders(venue.sandbox, order!.client_order_id, wallet.address)).toBe(0);
      }
    } finally {
      for (const proc of engines) if (proc.exitCode === null) proc.kill();
    }
  }, 60_000);
});
