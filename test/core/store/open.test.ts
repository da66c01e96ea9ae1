import { describe, expect, test } from "bun:test";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { RuntimeFailure } from "../../../core/cli/errors.ts";
import { Decimal } from "../../../core/decimal.ts";
import { MIGRATIONS_FOLDER, openStore, type Store } from "../../../core/store/open.ts";
import { fills, type NewOrder, opportunities, orders, positions, state } from "../../../core/store/schema.ts";
import { tempDir } from "../../helpers/temp.ts";
import { TOKEN } from "../trade/fixtures.ts";
import { clientOrderIds, insertOrder, open } from "./fixtures.ts";

const TABLES = ["alerts", "fills", "opportunities", "orders", "positions", "state"];

function tableNames(store: Store): string[] {
  const rows = store.sqlite
    .query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name")
    .all();
  return rows.map((row) => row.name);
}

const migrationsApplied = (store: Store) => store.sqlite.query<{ n: number }, []>("SELECT count(*) AS n FROM __drizzle_migrations").get()!.n;

describe("openStore", () => {
  test("creates the directory, applies the migrations, and re-opening is idempotent", () => {
    const path = join(tempDir(), "nested", "deeper", "store.sqlite");
    const first = openStore(path);
    expect(tableNames(first)).toEqual(TABLES);
    insertOrder(first.db, { clientOrderId: "keep-me" });
    const applied = migrationsApplied(first);
    expect(applied).toBeGreaterThan(0);
    first.close();

    const second = open(path);
    expect(tableNames(second)).toEqual(TABLES);
    expect(migrationsApplied(second)).toBe(applied);
    expect(clientOrderIds(second)).toEqual(["keep-me"]);
  });

  test("a store made before the guardian's read moved to SQL keeps its rows and loses 0002's triggers and counter", () => {
    const dir = tempDir();
    // The migrations as they were: the journal cut after 0002.
    const older = join(dir, "drizzle");
    cpSync(MIGRATIONS_FOLDER, older, { recursive: true });
    const journalPath = join(older, "meta", "_journal.json");
    const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
    journal.entries = journal.entries.filter((entry) => entry.tag <= "0002_risk_generation");
    writeFileSync(journalPath, JSON.stringify(journal));
    const path = join(dir, "store.sqlite");
    const before = openStore(path, { migrationsFolder: older });
    // Raw SQL: the schema in code has columns later migrations add.
    before.sqlite.run(
      "INSERT INTO orders (client_order_id, condition_id, token_id, outcome, side, order_type, limit_price, size, mode, filled_size, fee, created_at, updated_at) VALUES ('from-before', ?, ?, 'Up', 'BUY', 'FOK', '0.55', '10', 'paper', '0', '0', 0, 0)",
      [`0x${"ab".repeat(32)}`, TOKEN],
    );
    expect(tableNames(before)).toContain("risk_generation");
    before.close();

    const after = open(path);
    expect(tableNames(after)).toEqual(TABLES);
    expect(after.sqlite.query("SELECT name FROM sqlite_master WHERE type = 'trigger'").all()).toEqual([]);
    insertOrder(after.db, { clientOrderId: "from-after" });
    expect(clientOrderIds(after)).toEqual(["from-before", "from-after"]);
  });

  test("WAL, busy timeout and foreign keys are on; :memory: works and is migrated", () => {
    const store = open();
    const pragma = (name: string) => store.sqlite.query(`PRAGMA ${name}`).get();
    expect([pragma("journal_mode"), pragma("busy_timeout"), pragma("foreign_keys")]).toEqual([{ journal_mode: "wal" }, { timeout: 5000 }, { foreign_keys: 1 }]);
    const memory = open(":memory:");
    expect(memory.path).toBe(":memory:");
    expect(tableNames(memory)).toEqual(TABLES);
  });

  test("the migrations are found whatever the cwd", () => {
    const previous = process.cwd();
    process.chdir(tempDir());
    try {
      expect(tableNames(open())).toEqual(TABLES);
    } finally {
      process.chdir(previous);
    }
  });

  test("a path that cannot be opened is a RuntimeFailure naming it", () => {
    const file = join(tempDir(), "plain-file");
    writeFileSync(file, "not a directory");
    const path = join(file, "store.sqlite");
    expect(() => openStore(path)).toThrow(RuntimeFailure);
    expect(() => openStore(path)).toThrow(path);
  });

  test("several processes opening a fresh file at once all succeed", async () => {
    const path = join(tempDir(), "store.sqlite");
    const module = join(import.meta.dir, "..", "..", "..", "core", "store", "open.ts");
    const script = `const { openStore } = await import(${JSON.stringify(module)}); const s = openStore(process.argv[1]); console.log(s.sqlite.query("SELECT count(*) AS n FROM orders").get().n); s.close();`;
    const procs = Array.from({ length: 4 }, () => Bun.spawn([process.execPath, "-e", script, path], { stdout: "pipe", stderr: "pipe" }));
    const results = await Promise.all(
      procs.map(async (proc) => ({ code: await proc.exited, out: await new Response(proc.stdout).text(), err: await new Response(proc.stderr).text() })),
    );
    for (const result of results) expect(result).toEqual({ code: 0, out: "0\n", err: "" });
    const journal = (await Bun.file(join(MIGRATIONS_FOLDER, "meta", "_journal.json")).json()) as { entries: unknown[] };
    expect(migrationsApplied(open(path))).toBe(journal.entries.length);
  });
});

describe("constraints", () => {
  test("client_order_id is unique", () => {
    const store = open();
    insertOrder(store.db, { clientOrderId: "dup" });
    expect(() => insertOrder(store.db, { clientOrderId: "dup" })).toThrow(/UNIQUE/);
    expect(store.db.select().from(orders).all()).toHaveLength(1);
  });

  test("fill trade ids are unique and fills need an existing order", () => {
    const store = open();
    const { id } = insertOrder(store.db);
    const fill = { orderId: id, tradeId: "t-1", tokenId: TOKEN, side: "BUY" as const, price: new Decimal("0.55"), size: new Decimal("10"), ts: new Date() };
    store.db.insert(fills).values(fill).run();
    expect(() => store.db.insert(fills).values(fill).run()).toThrow(/UNIQUE/);
    const orphan = { ...fill, tradeId: "t-2", orderId: id + 999 };
    expect(() => store.db.insert(fills).values(orphan).run()).toThrow(/FOREIGN KEY/);
  });

  test("one position per token and mode", () => {
    const store = open();
    const position = { mode: "paper" as const, tokenId: TOKEN, conditionId: "0xc", outcome: "Up" };
    const live = { ...position, mode: "live" as const };
    store.db.insert(positions).values(position).run();
    store.db.insert(positions).values(live).run();
    expect(() => store.db.insert(positions).values(position).run()).toThrow(/UNIQUE/);
  });

  test.each([
    ["status", { status: "done" }],
    ["side", { side: "buy" }],
    ["order_type", { orderType: "IOC" }],
    ["mode", { mode: "real" }],
  ])("an unknown %s is refused by a CHECK", (_, fields) => {
    expect(() => insertOrder(open().db, fields as Partial<NewOrder>)).toThrow(/CHECK/);
  });
});

describe("values round-trip exactly", () => {
  test.each([
    ["0.123456789012345678901234567890"],
    ["1234567890123456789.01"],
    ["99999999999999999999999999.999999999999"],
    ["0.00000000000000000000000000000000001"],
    ["-42.5"],
    ["0"],
    ["1e-35"],
    ["12345678901234567890123456789012345678"],
  ])("Decimal %s", (text) => {
    const store = open();
    const value = new Decimal(text);
    const { id } = insertOrder(store.db, { limitPrice: value, size: value, avgPrice: value });
    const row = store.db.select().from(orders).where(eq(orders.id, id)).get()!;
    for (const column of [row.limitPrice, row.size, row.avgPrice!]) {
      expect(Decimal.isDecimal(column)).toBe(true);
      expect(column.eq(value)).toBe(true);
      expect(column.toFixed()).toBe(value.toFixed());
    }
    const stored = store.sqlite.query<{ t: string; v: string }, [number]>("SELECT typeof(limit_price) AS t, limit_price AS v FROM orders WHERE id = ?").get(id)!;
    expect(stored.t).toBe("text");
    expect(stored.v).not.toContain("e");
  });

  test("a 77-digit token id round-trips as text", () => {
    const store = open();
    expect(TOKEN).toHaveLength(77);
    insertOrder(store.db, { tokenId: TOKEN, clientOrderId: "tok" });
    const opportunity = { id: "o1", seenAt: new Date(), conditionId: "0xc", tokenId: TOKEN, outcome: "Up", netEdge: new Decimal("0.031"), payload: { token_id: TOKEN } };
    store.db.insert(opportunities).values(opportunity).run();
    expect(store.db.select().from(orders).get()!.tokenId).toBe(TOKEN);
    expect(store.db.select().from(opportunities).get()).toMatchObject({ tokenId: TOKEN, payload: { token_id: TOKEN } });
    expect(store.sqlite.query<{ t: string }, []>("SELECT typeof(token_id) AS t FROM orders").get()!.t).toBe("text");
  });

  test("defaults: zero money, pending status, timestamps as Dates", () => {
    const row = insertOrder(open().db);
    expect(row.status).toBe("pending");
    expect(row.filledSize.isZero()).toBe(true);
    expect(row.fee.isZero()).toBe(true);
    expect(row.createdAt).toBeInstanceOf(Date);
    expect(row.avgPrice).toBeNull();
  });

  test("money columns refuse non-finite values and non-Decimals", () => {
    const store = open();
    expect(() => insertOrder(store.db, { size: new Decimal(NaN) })).toThrow(/finite/);
    expect(() => insertOrder(store.db, { size: "10" as unknown as Decimal })).toThrow(/Decimal/);
    expect(store.db.select().from(orders).all()).toHaveLength(0);
  });

  test("state values are JSON", () => {
    const store = open();
    store.db
      .insert(state)
      .values({ key: "k", value: { hwm: new Decimal("201.25"), list: [1, "a"] } })
      .run();
    expect(store.db.select().from(state).get()!.value).toEqual({ hwm: "201.25", list: [1, "a"] });
  });
});
