/**
 * The loop's timer reconciliation (core/run/engine-driver.ts `reconcileOutstanding`), on the sandbox venue
 * over real HTTP: an uncertain order whose post reached the venue after the timeout is found and
 * booked without waiting for another opportunity in its market or a restart.
 */
import { expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { Alerter } from "../../../core/alerts/alerter.ts";
import { EngineDriver } from "../../../core/run/engine-driver.ts";
import { orders } from "../../../core/store/schema.ts";
import { alertKeys, placed } from "../trade/engine-helpers.ts";
import { candidateFor, liveEngine, sandboxPerFile, tradableMarkets, untilAtVenue } from "../trade/live-helpers.ts";

const sandbox = sandboxPerFile(37);

test("an uncertain order that reached the venue late is booked by the loop's reconciliation, and told as a trade", async () => {
  const { store, ctx } = await liveEngine(sandbox, 1_000);
  const alerter = new Alerter({ store: store.db, now: ctx.now });
  // The live engine's own store, limits and venue, at the venue's clock; its records and logs go nowhere.
  const quiet = { emit: () => {}, quiet: true, log: { warn: () => {}, debug: () => {} } };
  const driver = new EngineDriver({ ...ctx, ...quiet, mode: "live", markets: ctx.markets!, now: () => sandbox.app.clock.now(), alerter });

  await sandbox.admin.addFault("clob:slow:ms=3000,path=/order,count=1");
  const outcome = await placed({ ...ctx, alerter }, candidateFor(sandbox, tradableMarkets(sandbox)[0]!, { id: "opp_loop_late" }), "uncertain");

  // However long the slowed post takes to land.
  await untilAtVenue(sandbox, outcome.order.expectedOrderId!);
  await driver.reconcileOutstanding();
  const row = store.db.select().from(orders).where(eq(orders.id, outcome.order.id)).get()!;
  expect(row.status).toBe("filled");
  expect(row.filledSize.gt(0)).toBe(true);
  expect(alertKeys(store)).toContain(`trade:${row.clientOrderId}`);
}, 20_000);
