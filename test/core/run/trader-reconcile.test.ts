/**
 * The loop's timer reconciliation (core/run/trader.ts `reconcileOutstanding`), on the sandbox venue
 * over real HTTP: an uncertain order whose post reached the venue after the timeout is found and
 * booked without waiting for another opportunity in its market or a restart.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { Alerter } from "../../../core/alerts/alerter.ts";
import { Trader } from "../../../core/run/trader.ts";
import { orders } from "../../../core/store/schema.ts";
import { processCandidate } from "../../../core/trade/engine.ts";
import { startTestSandbox, type TestSandbox } from "../../helpers/sandbox.ts";
import { alertKeys, memoryStore } from "../trade/engine-helpers.ts";
import { candidateFor, liveContext, liveSession, tradableMarkets } from "../trade/live-helpers.ts";

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox({ seed: 37, startAt: Date.UTC(2026, 10, 25, 12, 3, 0) });
});
afterAll(() => sandbox.stop());

test("an uncertain order that reached the venue late is booked by the loop's reconciliation, and told as a trade", async () => {
  const { session } = await liveSession(sandbox, undefined, 1_000);
  const store = memoryStore();
  const ctx = liveContext(store, sandbox, session);
  const alerter = new Alerter({ store: store.db, now: ctx.now });
  const quiet = { warn: () => {}, debug: () => {} };
  const trader = new Trader({
    store,
    mode: "live",
    limits: ctx.limits,
    orderType: "FOK",
    venue: ctx.venue,
    markets: ctx.markets!,
    now: () => sandbox.app.clock.now(),
    alerter,
    emit: () => {},
    quiet: true,
    log: quiet,
  });

  await sandbox.admin.addFault("clob:slow:ms=3000,path=/order,count=1");
  const outcome = await processCandidate({ ...ctx, alerter }, candidateFor(sandbox, tradableMarkets(sandbox)[0]!, { id: "opp_loop_late" }));
  if (outcome.kind !== "placed") throw new Error(`not placed: ${outcome.kind}`);
  expect(outcome.order.status).toBe("uncertain");

  // However long the slowed post takes to land.
  const exchange = sandbox.app.exchange as unknown as { orders: Map<string, unknown> };
  while (!exchange.orders.has(outcome.order.expectedOrderId!)) await Bun.sleep(50);
  await trader.reconcileOutstanding();
  const row = store.db.select().from(orders).where(eq(orders.id, outcome.order.id)).get()!;
  expect(row.status).toBe("filled");
  expect(row.filledSize.gt(0)).toBe(true);
  expect(alertKeys(store)).toContain(`trade:${row.clientOrderId}`);
}, 20_000);
