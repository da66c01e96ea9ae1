/** Stores on temp files for store tests, closed and removed after each test, and an order's required fields. */
import { afterEach } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Decimal } from "../../../core/decimal.ts";
import { openStore, type Store } from "../../../core/store/open.ts";
import { type NewOrder, orders } from "../../../core/store/schema.ts";
import type { Queryable } from "../../../core/store/tx.ts";

const opened: Store[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temp folder, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "pm-arb-store-"));
  dirs.push(dir);
  return dir;
}

/** Opens (a new temp file by default) a store that is closed after the test. */
export function open(path = join(tempDir(), "store.sqlite")): Store {
  const store = openStore(path);
  opened.push(store);
  return store;
}

export const TOKEN_77 = "71321045679252212594626385532706912750332728571942532289631379312455583992563";

function order(fields: Partial<NewOrder> = {}): NewOrder {
  return {
    clientOrderId: crypto.randomUUID(),
    conditionId: `0x${"ab".repeat(32)}`,
    tokenId: TOKEN_77,
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
export const clientOrderIds = (store: Store) =>
  store.db
    .select({ id: orders.clientOrderId })
    .from(orders)
    .orderBy(orders.id)
    .all()
    .map((row) => row.id);
