import { describe, expect, test } from "bun:test";
import { Decimal } from "../../../core/decimal.ts";
import type { Store } from "../../../core/store/open.ts";
import { fills, orders, positions } from "../../../core/store/schema.ts";
import { deleteState, durably, getState, getStateEntry, type Queryable, setState, withTransaction } from "../../../core/store/tx.ts";
import { tempDb } from "../../helpers/temp.ts";
import { clientOrderIds, insertOrder, open } from "./fixtures.ts";

const counts = (store: Store) => ({
  orders: store.db.select().from(orders).all().length,
  fills: store.db.select().from(fills).all().length,
  positions: store.db.select().from(positions).all().length,
  state: getState(store, "last_order") ?? null,
});

/** An order with a fill, and the last order's id in the state. */
function writeOrderAndFill(tx: Queryable, clientOrderId: string): number {
  const { id } = insertOrder(tx, { clientOrderId });
  tx.insert(fills)
    .values({ orderId: id, tradeId: "t", tokenId: "123", side: "BUY", price: new Decimal("0.4"), size: new Decimal("5"), ts: new Date() })
    .run();
  setState(tx, "last_order", clientOrderId);
  return id;
}

describe("withTransaction", () => {
  test("commits every write together and returns the function's value", () => {
    const store = open();
    const id = withTransaction(store, (tx) => {
      tx.insert(positions)
        .values({ mode: "paper", tokenId: "123", conditionId: "0xc", outcome: "Up", size: new Decimal("5"), cost: new Decimal("2") })
        .run();
      return writeOrderAndFill(tx, "a");
    });
    expect(id).toBeGreaterThan(0);
    expect(counts(store)).toEqual({ orders: 1, fills: 1, positions: 1, state: "a" });
  });

  test("a throw rolls back everything written inside, and the error propagates", () => {
    const store = open();
    expect(() =>
      withTransaction(store, (tx) => {
        writeOrderAndFill(tx, "b");
        throw new Error("risk check failed after the writes");
      }),
    ).toThrow("risk check failed after the writes");
    expect(counts(store)).toEqual({ orders: 0, fills: 0, positions: 0, state: null });
  });

  test("a constraint violation midway rolls back the earlier writes", () => {
    const store = open();
    insertOrder(store.db, { clientOrderId: "taken" });
    expect(() =>
      withTransaction(store, (tx) => {
        insertOrder(tx, { clientOrderId: "fresh" });
        insertOrder(tx, { clientOrderId: "taken" });
      }),
    ).toThrow(/UNIQUE/);
    expect(clientOrderIds(store)).toEqual(["taken"]);
  });

  test("an async function is refused and its writes rolled back", () => {
    const store = open();
    expect(() => withTransaction(store, async (tx) => insertOrder(tx, { clientOrderId: "async" }))).toThrow(/synchronous/);
    expect(counts(store).orders).toBe(0);
  });

  test("nested in a transaction it is a savepoint: the inner failure alone is undone", () => {
    const store = open();
    withTransaction(store, (tx) => {
      insertOrder(tx, { clientOrderId: "outer" });
      expect(() =>
        withTransaction(tx, (inner) => {
          insertOrder(inner, { clientOrderId: "inner" });
          throw new Error("inner");
        }),
      ).toThrow("inner");
    });
    expect(clientOrderIds(store)).toEqual(["outer"]);
  });

  test("accepts the drizzle db as well as the store handle", () => {
    const store = open();
    withTransaction(store.db, (tx) => setState(tx, "k", 1));
    expect(getState(store, "k")).toBe(1);
  });
});

describe("state helpers", () => {
  test("missing keys read as undefined", () => {
    const store = open();
    expect(getState(store, "nope")).toBeUndefined();
    expect(getStateEntry(store, "nope")).toBeUndefined();
    expect(deleteState(store, "nope")).toBe(false);
  });

  test("set, overwrite, read back with its time, delete", () => {
    const store = open();
    const t1 = new Date("2026-01-01T00:00:00.000Z");
    const t2 = new Date("2026-01-01T00:05:00.000Z");
    setState(store, "kill_switch", { on: true, reason: "manual" }, t1);
    expect(getStateEntry(store, "kill_switch")).toEqual({ value: { on: true, reason: "manual" }, updatedAt: t1 });
    setState(store, "kill_switch", { on: false }, t2);
    expect(getStateEntry(store, "kill_switch")).toEqual({ value: { on: false }, updatedAt: t2 });
    expect(deleteState(store, "kill_switch")).toBe(true);
    expect(getState(store, "kill_switch")).toBeUndefined();
  });

  test("Decimal values are stored as their exact string; a parser restores the type", () => {
    const store = open();
    setState(store, "high_water_mark", new Decimal("1234567890123456789.01"));
    const hwm = getState(store, "high_water_mark", (value) => new Decimal(value as string));
    expect(hwm?.toFixed()).toBe("1234567890123456789.01");
    expect(getState(store, "high_water_mark")).toBe("1234567890123456789.01");
  });

  test.each([[null], [false], [0], [""], [[1, 2]], [{ nested: { a: [true] } }]])("JSON value %p round-trips", (value) => {
    const store = open();
    setState(store, "v", value);
    expect(getState(store, "v")).toEqual(value);
  });

  test("undefined is refused (use deleteState)", () => {
    expect(() => setState(open(), "v", undefined)).toThrow(/deleteState/);
  });

  test("a write from one handle is visible to another on the same file", () => {
    const path = tempDb("shared");
    setState(open(path), "heartbeat:run", { pid: 1 });
    expect(getState(open(path), "heartbeat:run")).toEqual({ pid: 1 });
  });
});

describe("durability", () => {
  const level = (store: Store) => store.sqlite.query<{ synchronous: number }, []>("PRAGMA synchronous").get()!.synchronous;

  test("a connection that commits without syncing: durably syncs its own writes and restores the level", () => {
    const fast = open();
    fast.sqlite.run("PRAGMA synchronous = NORMAL");
    expect(level(fast)).toBe(1);
    expect(level(open(fast.path))).toBe(2);
    const seen = durably(fast, () => {
      withTransaction(fast, (tx) => insertOrder(tx, { clientOrderId: "durable" }));
      return level(fast);
    });
    expect(seen).toBe(2);
    expect(level(fast)).toBe(1);
    // Inside a transaction SQLite cannot change the level: refused, not silently undurable.
    expect(() => withTransaction(fast, () => durably(fast, () => undefined))).toThrow();
    expect(level(fast)).toBe(1);
  });
});
