import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Decimal } from "../../../core/decimal.ts";
import { openStore, type Store } from "../../../core/store/open.ts";
import { fills, type NewOrder, orders, positions } from "../../../core/store/schema.ts";
import { deleteState, durably, getState, getStateEntry, setState, withTransaction } from "../../../core/store/tx.ts";

const opened: Store[] = [];
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
});

function open(path = join(mkdtempSync(join(tmpdir(), "pm-arb-tx-")), "store.sqlite")): Store {
  const store = openStore(path);
  opened.push(store);
  return store;
}

function order(clientOrderId: string): NewOrder {
  return {
    clientOrderId,
    conditionId: "0xc",
    tokenId: "123",
    outcome: "Up",
    side: "BUY",
    orderType: "FOK",
    limitPrice: new Decimal("0.4"),
    size: new Decimal("5"),
    mode: "paper",
  };
}

const counts = (store: Store) => ({
  orders: store.db.select().from(orders).all().length,
  fills: store.db.select().from(fills).all().length,
  positions: store.db.select().from(positions).all().length,
  state: getState(store, "last_order") ?? null,
});

describe("withTransaction", () => {
  test("commits every write together and returns the function's value", () => {
    const store = open();
    const id = withTransaction(store, (tx) => {
      const row = tx.insert(orders).values(order("a")).returning({ id: orders.id }).get();
      tx.insert(fills)
        .values({ orderId: row.id, tradeId: "t", tokenId: "123", side: "BUY", price: new Decimal("0.4"), size: new Decimal("5"), ts: new Date() })
        .run();
      tx.insert(positions)
        .values({ mode: "paper", tokenId: "123", conditionId: "0xc", outcome: "Up", size: new Decimal("5"), cost: new Decimal("2") })
        .run();
      setState(tx, "last_order", "a");
      return row.id;
    });
    expect(id).toBeGreaterThan(0);
    expect(counts(store)).toEqual({ orders: 1, fills: 1, positions: 1, state: "a" });
  });

  test("a throw rolls back everything written inside, and the error propagates", () => {
    const store = open();
    expect(() =>
      withTransaction(store, (tx) => {
        const row = tx.insert(orders).values(order("b")).returning({ id: orders.id }).get();
        tx.insert(fills)
          .values({ orderId: row.id, tradeId: "t", tokenId: "123", side: "BUY", price: new Decimal("0.4"), size: new Decimal("5"), ts: new Date() })
          .run();
        setState(tx, "last_order", "b");
        throw new Error("risk check failed after the writes");
      }),
    ).toThrow("risk check failed after the writes");
    expect(counts(store)).toEqual({ orders: 0, fills: 0, positions: 0, state: null });
  });

  test("a constraint violation midway rolls back the earlier writes", () => {
    const store = open();
    store.db.insert(orders).values(order("taken")).run();
    expect(() =>
      withTransaction(store, (tx) => {
        tx.insert(orders).values(order("fresh")).run();
        tx.insert(orders).values(order("taken")).run();
      }),
    ).toThrow(/UNIQUE/);
    expect(
      store.db
        .select()
        .from(orders)
        .all()
        .map((row) => row.clientOrderId),
    ).toEqual(["taken"]);
  });

  test("an async function is refused and its writes rolled back", () => {
    const store = open();
    expect(() =>
      withTransaction(store, async (tx) => {
        tx.insert(orders).values(order("async")).run();
      }),
    ).toThrow(/synchronous/);
    expect(counts(store).orders).toBe(0);
  });

  test("nested in a transaction it is a savepoint: the inner failure alone is undone", () => {
    const store = open();
    withTransaction(store, (tx) => {
      tx.insert(orders).values(order("outer")).run();
      expect(() =>
        withTransaction(tx, (inner) => {
          inner.insert(orders).values(order("inner")).run();
          throw new Error("inner");
        }),
      ).toThrow("inner");
    });
    expect(
      store.db
        .select()
        .from(orders)
        .all()
        .map((row) => row.clientOrderId),
    ).toEqual(["outer"]);
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
    const store = open();
    expect(() => setState(store, "v", undefined)).toThrow(/deleteState/);
  });

  test("a write from one handle is visible to another on the same file", () => {
    const path = join(mkdtempSync(join(tmpdir(), "pm-arb-tx-")), "shared.sqlite");
    const writer = open(path);
    const reader = open(path);
    setState(writer, "heartbeat:run", { pid: 1 });
    expect(getState(reader, "heartbeat:run")).toEqual({ pid: 1 });
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
      withTransaction(fast, (tx) => tx.insert(orders).values(order("durable")).run());
      return level(fast);
    });
    expect(seen).toBe(2);
    expect(level(fast)).toBe(1);
    // Inside a transaction SQLite cannot change the level: refused, not silently undurable.
    expect(() => withTransaction(fast, () => durably(fast, () => undefined))).toThrow();
    expect(level(fast)).toBe(1);
  });
});
