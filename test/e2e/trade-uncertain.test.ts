/**
 * Issue #12's reproduction, end to end: one `trade --live` order whose post outlives the request
 * timeout (`clob:slow` on /order) reaches the venue after pm-arb stopped waiting. It is never
 * recorded as not placed nor alerted as rejected; once the venue has it, the next start books it.
 */

import { expect, test } from "bun:test";
import { storeRows } from "../helpers/store.ts";
import { tempDb } from "../helpers/temp.ts";
import { cli, liveEnv, records, venueOrders, withOwnVenue } from "./trade-helpers.ts";

test("a post slower than the timeout: uncertain (never failed, never 'Order rejected'), then filled on the next start", async () => {
  await withOwnVenue(7, async (venue) => {
    const db = tempDb();
    const wallet = await venue.sandbox.fundedWallet();
    const env = liveEnv(venue, db, wallet);
    const one = venue.opportunities.at(-1)!;
    await venue.sandbox.admin.addFault("clob:slow:ms=5000,path=/order,count=1");

    const first = await cli(["trade", "--live", "--json", "--timeout", "1s", "--settle-timeout", "0s"], env, `${one}\n`);
    expect(first.code).toBe(0);
    const placed = records(first, "order");
    expect(placed[0]!.status).toBe("uncertain");
    expect(placed.every((order) => order.status !== "failed")).toBe(true);
    const coid = placed[0]!.client_order_id as string;

    // However long the slowed post takes to land at the venue.
    while (venueOrders(venue.sandbox, coid, wallet.address) === 0) await Bun.sleep(100);
    const next = await cli(["trade", "--live", "--json", "--settle-timeout", "0s"], env, "");
    expect(next.code).toBe(0);
    const booked = records(next, "order").find((order) => order.client_order_id === coid);
    expect(booked?.status).toBe("filled");
    expect(Number(booked?.filled_size)).toBeGreaterThan(0);

    const keys = storeRows<{ key: string }>(db, "SELECT key FROM alerts").map((row) => row.key);
    expect(keys.some((key) => key.startsWith("order_uncertain:"))).toBe(true);
    expect(keys).toContain(`trade:${coid}`);
    expect(keys.filter((key) => key.startsWith("order_rejected:"))).toEqual([]);
  });
}, 90_000);
