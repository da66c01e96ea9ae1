/**
 * The store as the loop hands it to the trade engine: the same SQLite connection and the same
 * schema, but drizzle's statements come from bun:sqlite's statement cache (`Database#query`)
 * instead of being prepared again for every call (`Database#prepare`). The engine runs a dozen
 * queries per order; preparing each one anew cost about half a millisecond apiece on the hot path.
 * Same connection, so transactions, WAL and locks are unchanged.
 */
import type { Database } from "bun:sqlite";
import { drizzle } from "drizzle-orm/bun-sqlite";
import type { Store } from "../store/open.ts";
import * as schema from "../store/schema.ts";

function cachingClient(sqlite: Database): Database {
  return new Proxy(sqlite, {
    get(target, property) {
      if (property === "prepare") return (sql: string) => target.query(sql);
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

export function withStatementCache(store: Store): Store {
  const db = drizzle({ client: cachingClient(store.sqlite), schema });
  return { db, sqlite: store.sqlite, path: store.path, close: () => store.close(), [Symbol.dispose]: () => store.close() };
}
