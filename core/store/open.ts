/**
 * Opening the store: one SQLite file (or `:memory:`) through drizzle on bun:sqlite, with WAL (a
 * reader never blocks the trading loop's writes), a busy timeout (a second process waits instead of
 * failing), foreign keys on, and the committed migrations in `drizzle/` applied. Nothing opens the
 * store at import time: commands that persist call `openStore` when they run.
 */
import { Database } from "bun:sqlite";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { type BunSQLiteDatabase, drizzle } from "drizzle-orm/bun-sqlite";
import { migrate } from "drizzle-orm/bun-sqlite/migrator";
import { RuntimeFailure } from "../cli/errors.ts";
import * as schema from "./schema.ts";

type StoreSchema = typeof schema;
export type StoreDb = BunSQLiteDatabase<StoreSchema> & { $client: Database };

export type Store = {
  /** The typed drizzle database (query builder and `db.query.<table>`). */
  readonly db: StoreDb;
  /** The raw bun:sqlite handle, for pragmas and diagnostics. */
  readonly sqlite: Database;
  readonly path: string;
  close(): void;
  [Symbol.dispose](): void;
};

export type OpenStoreOptions = {
  /** Where the migrations are; defaults to the repository's `drizzle/` next to `core/`. */
  migrationsFolder?: string;
  /** Milliseconds a writer waits for another process's lock before failing. */
  busyTimeoutMs?: number;
};

/**
 * Resolved from this file, not the cwd: the CLI runs from anywhere. The compiled executable
 * (`bun run build` → dist/pm-arb) carries the folder inside itself (`--asset=drizzle`), next to its
 * entry point in Bun's embedded filesystem (`/$bunfs/root/drizzle`); there `import.meta.dir` would
 * name the checkout it was built from, which need not exist where the binary runs.
 */
export const MIGRATIONS_FOLDER = embeddedMigrations() ?? join(import.meta.dir, "..", "..", "drizzle");

function embeddedMigrations(): string | undefined {
  const main = typeof Bun === "undefined" ? "" : Bun.main;
  if (!main.startsWith("/$bunfs/") && !/^[A-Z]:[\\/]~BUN[\\/]/.test(main)) return undefined;
  const folder = join(dirname(main), "drizzle");
  return existsSync(join(folder, "meta", "_journal.json")) ? folder : undefined;
}

/** Opens (creating if needed) and migrates the store. Throws RuntimeFailure naming the path. */
export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  const memory = path === ":memory:" || path === "";
  let sqlite: Database | undefined;
  try {
    if (!memory) mkdirSync(dirname(path), { recursive: true });
    sqlite = new Database(memory ? ":memory:" : path, { create: true });
    // busy_timeout first, so that switching to WAL also waits for a concurrent opener.
    sqlite.run(`PRAGMA busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
    if (!memory) sqlite.run("PRAGMA journal_mode = WAL");
    sqlite.run("PRAGMA foreign_keys = ON");
    const db = drizzle({ client: sqlite, schema });
    applyMigrations(db, options.migrationsFolder ?? MIGRATIONS_FOLDER);
    const handle = sqlite;
    const close = () => handle.close();
    return { db, sqlite: handle, path: memory ? ":memory:" : path, close, [Symbol.dispose]: close };
  } catch (error) {
    sqlite?.close();
    // drizzle wraps the SQLite error in a multi-line "Failed to run the query …"; report the cause.
    const cause = (error as { cause?: unknown }).cause;
    const reason = cause instanceof Error ? cause.message : (error as Error).message;
    throw new RuntimeFailure(`cannot open store ${path}: ${reason.split("\n")[0]}`);
  }
}

/**
 * drizzle's migrator reads the last applied migration before it takes the write lock, so two
 * processes opening a fresh file at once can both try to create the tables; the loser's attempt
 * rolls back, and a second pass sees the migration recorded and does nothing.
 */
function applyMigrations(db: StoreDb, migrationsFolder: string): void {
  for (let attempt = 1; ; attempt++) {
    try {
      migrate(db, { migrationsFolder });
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}
