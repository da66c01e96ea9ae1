/**
 * The kill -9 drill, small (bench/kill-drill.ts runs it with 20 kills): `trade --live` killed three
 * times on a venue that holds every post past the request timeout, restarted each time; afterwards
 * the store and the venue's ledger agree on every order.
 */
import { expect, test } from "bun:test";
import { killDrill } from "../helpers/kill-drill.ts";

test("three kill -9s during trade --live on a slow venue: store and venue agree on every order", async () => {
  const report = await killDrill({ kills: 3, slowMs: 4000, seed: 3 });
  expect(report.kills).toBe(3);
  expect(report.orders).toBeGreaterThan(0);
  expect(report.disagreements).toEqual([]);
  expect(report.agreements).toBe(report.orders);
}, 180_000);
