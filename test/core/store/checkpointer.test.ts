/**
 * A store opened with background checkpoints: its own commits no longer copy the write-ahead log
 * into the database file (up to the backstop); the worker thread does, while the store keeps writing.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BACKSTOP_PAGES } from "../../../core/store/checkpointer.ts";
import { openStore, type Store } from "../../../core/store/open.ts";
import { setState } from "../../../core/store/tx.ts";

const opened: Store[] = [];
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
});

const pages = (path: string) => statSync(path).size / 4096;

describe("background checkpoints", () => {
  test("commits leave the log alone; the worker copies it into the database file", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "pm-arb-ckpt-")), "store.sqlite");
    const store = openStore(path, { synchronous: "normal", checkpoints: "background" });
    opened.push(store);
    expect(store.sqlite.query<{ wal_autocheckpoint: number }, []>("PRAGMA wal_autocheckpoint").get()!.wal_autocheckpoint).toBe(BACKSTOP_PAGES);
    const before = pages(path);
    // ~1500 pages of state rows: past SQLite's default checkpoint size, below the backstop.
    for (let i = 0; i < 1500; i++) setState(store, `bulk:${i}`, "x".repeat(3000));
    let grown = pages(path);
    for (let waited = 0; grown < before + 1000 && waited < 25_000; waited += 100) {
      await Bun.sleep(100);
      grown = pages(path);
    }
    expect(grown).toBeGreaterThan(before + 1000);
    // Still the store's to write and read.
    setState(store, "after", 1);
    expect(store.sqlite.query("SELECT count(*) AS n FROM state").get()).toEqual({ n: 1501 });
  }, 30_000);

  test("a plain store checkpoints on its own commits as SQLite does by default", () => {
    const store = openStore(join(mkdtempSync(join(tmpdir(), "pm-arb-ckpt-")), "store.sqlite"));
    opened.push(store);
    expect(store.sqlite.query<{ wal_autocheckpoint: number }, []>("PRAGMA wal_autocheckpoint").get()!.wal_autocheckpoint).toBe(1000);
  });
});
