/**
 * The ledger's statements run prepared on a database and built afresh on a transaction object: the
 * same sequence of intents (sent or not) and answers leaves the same rows either way, and each row holds
 * what the ledger was given (nullable columns included).
 */
import { describe, expect, test } from "bun:test";
import type { Execution } from "../../../core/ledger/execution.ts";
import { planIntent } from "../../../core/ledger/intent.ts";
import { findOrder, insertIntent, recordExecution } from "../../../core/ledger/ledger.ts";
import { openStore, type Store } from "../../../core/store/open.ts";
import { type Queryable, withTransaction } from "../../../core/store/tx.ts";
import { candidate, d, NOW } from "../trade/fixtures.ts";

const at = (ms: number) => new Date(NOW.getTime() + ms);

function intent(id: string, tokenId: string) {
  const planned = planIntent(candidate({ opportunityId: id, tokenId, conditionId: `0x${tokenId}` }), d("10"), { mode: "paper", orderType: "FAK" });
  if (!planned.ok) throw new Error(planned.error);
  return planned.value;
}

const fill = (fillId: string, price: string, size: string, fee: string, cost: string, status: Execution["fills"][number]["status"]) => {
  return { fillId, price: d(price), size: d(size), fee: d(fee), cost: d(cost), status };
};
const answers: Execution[] = [
  { status: "filled", venueOrderId: "0xv1", fills: [fill("t1", "0.5", "10", "0.09", "5", "confirmed"), fill("t2", "0.49", "10.2", "0.09", "4.998", "matched")] },
  { status: "filled", fills: [fill("t2", "0.49", "10.2", "0.09", "4.998", "confirmed")] },
  { status: "uncertain", reason: "no answer", fills: [] },
  { status: "filled", fills: [fill("t3", "0.5", "4", "0.03", "2", "matched")] },
  { status: "filled", fills: [fill("t3", "0.5", "4", "0.03", "2", "failed")] },
];

/** Runs the same story with `through(store)` as the ledger's target; returns every row. */
function story(through: (store: Store, write: (db: Queryable) => void) => void) {
  using store = openStore(":memory:");
  const first = intent("one", "11");
  const second = intent("two", "12");
  through(store, (db) => insertIntent(db, first, at(2), { expectedOrderId: "0xexpected" }));
  through(store, (db) => insertIntent(db, second, at(3)));
  through(store, (db) => recordExecution(db, findOrder(db, first.clientOrderId)!, answers[0]!, at(4), { status: "matched", orderID: "0xv1" }));
  through(store, (db) => recordExecution(db, findOrder(db, first.clientOrderId)!, answers[1]!, at(5)));
  through(store, (db) => recordExecution(db, findOrder(db, second.clientOrderId)!, answers[2]!, at(6), null));
  through(store, (db) => recordExecution(db, findOrder(db, second.clientOrderId)!, answers[3]!, at(7)));
  through(store, (db) => recordExecution(db, findOrder(db, second.clientOrderId)!, answers[4]!, at(8)));
  return ["orders", "fills", "positions"].map((table) => store.sqlite.query(`SELECT * FROM ${table} ORDER BY id`).all());
}

describe("ledger", () => {
  test("prepared on the database and built on a transaction: the same rows", () => {
    const prepared = story((store, write) => write(store.db));
    const built = story((store, write) => withTransaction(store, (tx) => write(tx)));
    expect(built).toEqual(prepared);
  });

  test("the order insertIntent returns is the row the store holds, sent or not, on the database or a transaction", () => {
    using store = openStore(":memory:");
    const written = [
      insertIntent(store.db, intent("a", "21"), at(1)),
      insertIntent(store.db, intent("b", "22"), at(2), { expectedOrderId: "0xexpected-b" }),
      withTransaction(store, (tx) => insertIntent(tx, intent("c", "23"), at(3), { expectedOrderId: "0xexpected-c" })),
      withTransaction(store, (tx) => insertIntent(tx, intent("d", "24"), at(4))),
    ];
    expect(written.map((order) => order.id)).toEqual([1, 2, 3, 4]);
    for (const order of written) expect(order).toEqual(findOrder(store.db, order.clientOrderId)!);
    expect(written[1]!.sentAt).toEqual(at(2));
    expect(written[0]!.sentAt).toBeNull();
  });

  test("the rows hold what was given: sent marks, answers kept across reconciliations, nullable columns", () => {
    const [orders, fills, positions] = story((store, write) => write(store.db)) as Record<string, unknown>[][];
    const [first, second] = orders as Record<string, unknown>[];
    expect(first).toMatchObject({
      status: "filled",
      created_at: at(2).getTime(),
      sent_at: at(2).getTime(),
      expected_order_id: "0xexpected",
      venue_order_id: "0xv1",
      filled_size: "20.2",
      avg_price: "0.49495",
      fee: "0.18",
    });
    // The reconciliation (no answer of its own) kept the post's answer.
    expect(JSON.parse(String(first!.venue_response))).toEqual({ status: "matched", orderID: "0xv1" });
    // A ghost fill: failed, its size out of the totals, no price.
    expect(second).toMatchObject({ status: "failed", sent_at: null, expected_order_id: null, venue_response: null, filled_size: "0", avg_price: null, fee: "0" });
    expect(String(second!.reason)).toContain("ghost fill");
    expect(fills!.map((fill) => [fill.trade_id, fill.status])).toEqual([
      ["t1", "confirmed"],
      ["t2", "confirmed"],
      ["t3", "failed"],
    ]);
    expect(positions).toHaveLength(1);
    expect(positions![0]).toMatchObject({
      token_id: "11",
      size: "20.2",
      cost: "9.998",
      fees: "0.18",
      status: "open",
      resolves_at: intent("one", "11").end.getTime(),
      opened_at: at(4).getTime(),
    });
  });
});
