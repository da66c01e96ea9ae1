/**
 * One truth per figure: a fill's cost is the venue-rounded size × price (core/ledger/amounts.ts
 * `buyCost`) wherever it is summed — the executor's totals, the stored order's `cost`, the position,
 * and the expected P&L a `run` trade alert carries.
 */
import { expect, test } from "bun:test";
import { Decimal } from "../../../core/decimal.ts";
import { fillDraft, fillTotals } from "../../../core/ledger/execution.ts";
import { fillsOf, recordExecution } from "../../../core/ledger/ledger.ts";
import { presetSchedule } from "../../../core/model/fee-schedule.ts";
import { expectedPnl } from "../../../core/run/records.ts";
import { positions } from "../../../core/store/schema.ts";
import { orderFromRow } from "../../../core/trade/records.ts";
import { insertOrder, open } from "../store/fixtures.ts";

test("a fill whose size × price has more than six decimals costs the same in every total", () => {
  const store = open(":memory:");
  const now = new Date("2026-06-01T12:00:00.000Z");
  const order = insertOrder(store.db, { orderType: "FAK", limitPrice: new Decimal("0.53"), intent: { end: "2026-06-01T12:15:00.000Z" } });
  const schedule = presetSchedule("crypto");
  // 2.773584 × 0.53 = 1.46999952, which the venue charges as 1.47.
  const drafts = [
    fillDraft("t-1", new Decimal("0.51"), new Decimal("3"), schedule, "confirmed"),
    fillDraft("t-2", new Decimal("0.53"), new Decimal("2.773584"), schedule, "confirmed"),
  ];
  const recorded = recordExecution(store.db, order, { status: "partial", fills: drafts }, now);
  const stored = fillsOf(store.db, [order.id]);
  const totals = fillTotals(drafts);
  expect(totals.cost.toString()).toBe("3");
  const fair = new Decimal("0.6");
  expect(expectedPnl(fair, stored).toString()).toBe(totals.size.times(fair).minus(totals.cost).minus(totals.fee).toString());
  const record = orderFromRow(recorded.order, stored, now);
  const position = store.db.select().from(positions).get()!;
  expect([record.cost, position.cost.toString(), fillTotals(stored).cost.toString()]).toEqual(["3", "3", "3"]);
});
