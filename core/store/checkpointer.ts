/**
 * WAL checkpoints off the trading thread. By default SQLite copies the write-ahead log back into the
 * database file on the commit that finds the log past 1000 pages: 10–20 ms of page copies and syncs
 * on whichever commit that is — every few dozen orders, often the one writing an order intent. A
 * store opened with `checkpoints: "background"` (open.ts) leaves that to a worker thread with its own
 * connection, which checkpoints PASSIVE (never waits for, never blocks, a writer) every `everyMs`.
 * The connection's own automatic checkpoint stays as a backstop far above the usual size, so the
 * log cannot grow without bound if the worker falls behind.
 *
 * The worker's code is a string (a Blob URL), not a module file: the compiled executable carries it
 * without a second entry point.
 */
import type { Database } from "bun:sqlite";

/** Pages (4 KiB) the log may reach before a commit checkpoints anyway (~40 MB). */
export const BACKSTOP_PAGES = 10_000;

const WORKER = `
import { Database } from "bun:sqlite";
let db;
let timer;
self.onmessage = (event) => {
  if (event.data.stop) {
    clearInterval(timer);
    db?.close();
    self.close();
    return;
  }
  db = new Database(event.data.path, { readwrite: true });
  timer = setInterval(() => {
    try {
      db.run("PRAGMA wal_checkpoint(PASSIVE)");
    } catch {}
  }, event.data.everyMs);
};
`;

export type Checkpointer = { stop(): void };

export function startCheckpointer(sqlite: Database, path: string, options: { everyMs?: number } = {}): Checkpointer {
  sqlite.run(`PRAGMA wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  const url = URL.createObjectURL(new Blob([WORKER], { type: "application/javascript" }));
  const worker = new Worker(url);
  // A checkpointer alone never keeps the process alive.
  worker.unref();
  worker.postMessage({ path, everyMs: options.everyMs ?? 1_000 });
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      worker.postMessage({ stop: true });
      URL.revokeObjectURL(url);
    },
  };
}
