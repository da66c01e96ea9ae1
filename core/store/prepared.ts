/**
 * drizzle queries kept prepared per database: built once with placeholders (`sql.placeholder`), run
 * many times with their values. Building a query — the builder chain, the SQL text, the statement —
 * costs 50–130 µs a call; running a prepared one 1–30 µs. The trading path runs a handful per order.
 *
 * Keyed by the database object and the build function (a module-level constant). A transaction
 * object lives for one transaction, so on one the query is built each time; inside a transaction,
 * passing the database itself runs the prepared query in that same transaction (one connection).
 */
import { sql } from "drizzle-orm";
import type { StoreDb } from "./open.ts";
import type { Queryable } from "./tx.ts";

type Preparable<P> = { prepare(): P };

const cache = new WeakMap<object, Map<Function, unknown>>();

export function prepared<P>(db: Queryable, build: (db: Queryable) => Preparable<P>): P {
  // A drizzle transaction: its builder runs like the prepared query (same get/all/run signature).
  if ("nestedIndex" in db) return build(db) as unknown as P;
  let queries = cache.get(db as StoreDb);
  if (!queries) cache.set(db as StoreDb, (queries = new Map()));
  let query = queries.get(build) as P | undefined;
  if (query === undefined) queries.set(build, (query = build(db).prepare()));
  return query;
}

/**
 * A placeholder where drizzle's types want a value (an update's `set`): when the query runs, drizzle
 * encodes the value given for it with the column's own encoder, as for a value. Not for null in a
 * column whose encoder refuses null (money, timestamps): pass those as raw SQL parameters.
 */
export function slot<T>(name: string): T {
  return sql.placeholder(name) as unknown as T;
}
