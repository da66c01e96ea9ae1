/**
 * Transactions and the `state` table's helpers. bun:sqlite transactions are synchronous: the
 * function given to `withTransaction` must not await (a returned promise is refused and rolled
 * back). Writes start with BEGIN IMMEDIATE, so two processes never deadlock upgrading a read lock.
 */
import { eq, sql } from "drizzle-orm";
import type { Store, StoreDb } from "./open.ts";
import { state } from "./schema.ts";

export type StoreTx = Parameters<Parameters<StoreDb["transaction"]>[0]>[0];
/** Anything queries can run on: the database or an open transaction. */
export type Queryable = StoreDb | StoreTx;

function dbOf(target: Store | Queryable): Queryable {
  return "sqlite" in target && "db" in target ? target.db : (target as Queryable);
}

function isThenable(value: unknown): boolean {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

/**
 * Runs `fn` in one transaction: all its writes commit together, or, if it throws, none do.
 * Given a transaction, nests as a savepoint.
 */
export function withTransaction<T>(target: Store | Queryable, fn: (tx: StoreTx) => T): T {
  const db = dbOf(target);
  const body = (tx: StoreTx): T => {
    const result = fn(tx);
    if (isThenable(result)) throw new TypeError("withTransaction: the function must be synchronous (a bun:sqlite transaction cannot span an await)");
    return result;
  };
  if ("nestedIndex" in db) return (db as StoreTx).transaction(body);
  return (db as StoreDb).transaction(body, { behavior: "immediate" });
}

/** Each connection's own `synchronous` level, read once. */
const syncLevels = new WeakMap<Store, number>();

/**
 * Runs `fn` (which commits its own writes) with the connection's commits synced to disk, whatever
 * the connection's `synchronous` setting: for the writes that must survive a power loss, not only a
 * crash of the process. Stores open with SQLite's default, FULL (every commit synced), where this only
 * runs `fn`; a connection set to NORMAL commits without syncing, and in WAL mode a synced commit also
 * makes every earlier commit durable.
 */
export function durably<T>(store: Store, fn: () => T): T {
  const level = syncLevels.getOrInsertComputed(store, () => store.sqlite.query<{ synchronous: number }, []>("PRAGMA synchronous").get()?.synchronous ?? 2);
  if (level >= 2) return fn();
  // SQLite refuses to change the level inside a transaction; durable writes start outside one.
  store.sqlite.run("PRAGMA synchronous = FULL");
  try {
    return fn();
  } finally {
    store.sqlite.run(`PRAGMA synchronous = ${level}`);
  }
}

export type StateEntry<T> = { value: T; updatedAt: Date };

/** The state value under `key` with its last update time, or undefined. `parse` checks the shape. */
export function getStateEntry<T = unknown>(target: Store | Queryable, key: string, parse?: (value: unknown) => T): StateEntry<T> | undefined {
  const row = dbOf(target).select().from(state).where(eq(state.key, key)).get();
  if (!row) return undefined;
  return { value: parse ? parse(row.value) : (row.value as T), updatedAt: row.updatedAt };
}

/** The state value under `key` (parsed from JSON), or undefined. */
export function getState<T = unknown>(target: Store | Queryable, key: string, parse?: (value: unknown) => T): T | undefined {
  return getStateEntry(target, key, parse)?.value;
}

/** Writes `value` (anything JSON can hold; Decimal becomes its string) under `key`. */
export function setState(target: Store | Queryable, key: string, value: unknown, now: Date = new Date()): void {
  if (value === undefined || typeof value === "function" || typeof value === "symbol") {
    throw new TypeError(`setState(${key}): value must be JSON-serialisable; use deleteState to remove a key`);
  }
  // drizzle sends a null as SQL NULL without asking the column type; JSON null is the text "null".
  const stored = value === null ? sql`'null'` : value;
  dbOf(target)
    .insert(state)
    .values({ key, value: stored, updatedAt: now })
    .onConflictDoUpdate({ target: state.key, set: { value: stored, updatedAt: now } })
    .run();
}

/** Removes `key`; true when it existed. */
export function deleteState(target: Store | Queryable, key: string): boolean {
  // drizzle types bun:sqlite's run result as void; at run time it is bun's { changes }.
  const result = dbOf(target).delete(state).where(eq(state.key, key)).run() as unknown as { changes: number };
  return result.changes > 0;
}
