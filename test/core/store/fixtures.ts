/** Stores on temp files for store tests, closed after each test (the run removes its temp folder), and an order's required fields. */
import { afterEach } from "bun:test";
import { Decimal } from "../../../core/decimal.ts";
import { openStore, type Store } from "../../../core/store/open.ts";
import { type NewOrder, orders } from "../../../core/store/schema.ts";
import type { Queryable } from "../../../core/store/tx.ts";
import { tempDb } from "../../helpers/temp.ts";
import { TOKEN } from "../trade/fixtures.ts";

const opened: Store[] = [];
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
});

/** Opens (a new temp file by default) a store that is closed after the test. */
export function open(path = tempDb()): Store {
  const store = openStore(path);
  opened.push(store);
  return store;
}

function order(fields: Partial<NewOrder> = {}): NewOrder {
  return {
    clientOrderId: crypto.randomUUID(),
    conditionId: `0x${"ab".repeat(32)}`,
    tokenId: TOKEN,
    outcome: "Up",
    side: "BUY",
    orderType: "FOK",
    limitPrice: new Decimal("0.55"),
    size: new Decimal("10"),
    mode: "paper",
    ...fields,
  };
}

/** Inserts an order with these fields (the rest from `order`) and returns its row. */
export const insertOrder = (db: Queryable, fields: Partial<NewOrder> = {}) => db.insert(orders).values(order(fields)).returning().get();

/** The client order ids of the store's orders, oldest first. */
export function clientOrderIds(store: Store): string[] {
  const rows = store.sqlite.query<{ client_order_id: string }, []>("SELECT client_order_id FROM orders ORDER BY id").all();
  return rows.map((row) => row.client_order_id);
}
