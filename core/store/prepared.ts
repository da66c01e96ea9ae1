/**
 * drizzle queries kept prepared, for the statements the order path and the guardian's read run on
 * every order. Kept per drizzle session, which a database and every transaction on it share, so a
 * query prepared once runs on the database and inside any of its transactions.
 */
import { sql } from "drizzle-orm";
import type { Queryable } from "./tx.ts";

type Preparable<P> = { prepare(): P };

const cache = new WeakMap<object, Map<(db: Queryable) => Preparable<unknown>, unknown>>();

export function prepared<P>(db: Queryable, build: (db: Queryable) => Preparable<P>): P {
  // `session` is not in drizzle's types, but is the one object a database and its transactions share.
  const session = (db as unknown as { session: object }).session;
  const queries = cache.getOrInsertComputed(session, () => new Map());
  return queries.getOrInsertComputed(build, () => build(db).prepare()) as P;
}

/**
 * A placeholder where drizzle's types want a value (an update's `set`): when the query runs, drizzle
 * encodes the value given for it with the column's own encoder, as for a value. Not for null in a
 * column whose encoder refuses null (money, timestamps): pass those as raw SQL parameters.
 */
export function slot<T>(name: string): T {
  return sql.placeholder(name) as unknown as T;
}
