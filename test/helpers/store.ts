/** Reads of a store the spawned CLI writes, read-only (the CLI may still be writing it). */
import { Database, type SQLQueryBindings } from "bun:sqlite";

export function storeRows<T>(db: string, sql: string, ...params: SQLQueryBindings[]): T[] {
  const sqlite = new Database(db, { readonly: true });
  try {
    return sqlite.query(sql).all(...params) as T[];
  } finally {
    sqlite.close();
  }
}

/** The first row, or undefined while there is none or the store cannot be read yet (its process is creating it). */
export function peekRow<T>(db: string, sql: string, ...params: SQLQueryBindings[]): T | undefined {
  try {
    return storeRows<T>(db, sql, ...params)[0];
  } catch {
    return undefined;
  }
}
