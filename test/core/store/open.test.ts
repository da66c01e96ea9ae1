import { afterEach, describe, expect, test } from "bun:test";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { RuntimeFailure } from "../../../core/cli/errors.ts";
import { Decimal } from "../../../core/decimal.ts";
import { MIGRATIONS_FOLDER, openStore, type Store } from "../../../core/store/open.ts";
import { fills, type NewOrder, opportunities, orders, positions, state } from "../../../core/store/schema.ts";

const opened: Store[] = [];
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
});

function tempPath(name = "store.sqlite"): string {
  return join(mkdtempSync(join(tmpdir(), "pm-arb-store-")), name);
}

function open(path: string = tempPath()): Store {
  const store = openStore(path);
  opened.push(store);
  return store;
}

const TOKEN_77 = "71321045679252212594626385532706912750332728571942532289631379312455583992563".slice(0, 77);

function order(fields: Partial<NewOrder> = {}): NewOrder {
  return {
    clientOrderId: crypto.randomUUID(),
    conditionId: `0x${"ab".repeat(32)}`,
    tokenId: TOKEN_77,
    outcome: "Up",
    side: "BUY",
    orderType: "FOK",
    limitPrice: new Decimal("0.55"),
    size: new Decimal("10"),
    mode: "paper",
    ...fields,
  };
}

const TABLES = ["alerts", "fills", "opportunities", "orders", "positions", "state"];

function tableNames(store: Store): string[] {
  return store.sqlite
    .query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name")
    .all()
    .map((row) => row.name);
}

describe("openStore", () => {
  test("creates the directory, applies the migrations, and re-opening is idempotent", () => {
    const path = join(mkdtempSync(join(tmpdir(), "pm-arb-store-")), "nested", "deeper", "store.sqlite");
    const first = openStore(path);
    expect(tableNames(first)).toEqual(TABLES);
    first.db
      .insert(orders)
      .values(order({ clientOrderId: "keep-me" }))
      .run();
    const applied = first.sqlite.query<{ n: number }, []>("SELECT count(*) AS n FROM __drizzle_migrations").get()!.n;
    expect(applied).toBeGreaterThan(0);
    first.close();

    const second = open(path);
    expect(tableNames(second)).toEqual(TABLES);
    expect(second.sqlite.query<{ n: number }, []>("SELECT count(*) AS n FROM __drizzle_migrations").get()!.n).toBe(applied);
    expect(
      second.db
        .select()
        .from(orders)
        .all()
        .map((row) => row.clientOrderId),
    ).toEqual(["keep-me"]);
  });

  test("a store made before the guardian's read moved to SQL keeps its rows and loses 0002's triggers and counter", () => {
    const dir = mkdtempSync(join(tmpdir(), "pm-arb-store-"));
    try {
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
        [`0x${"ab".repeat(32)}`, TOKEN_77],
      );
      expect(tableNames(before)).toContain("risk_generation");
      before.close();

      using after = openStore(path);
      expect(tableNames(after)).toEqual(TABLES);
      expect(after.sqlite.query("SELECT name FROM sqlite_master WHERE type = 'trigger'").all()).toEqual([]);
      after.db
        .insert(orders)
        .values(order({ clientOrderId: "from-after" }))
        .run();
      expect(
        after.db
          .select()
          .from(orders)
          .all()
          .map((row) => row.clientOrderId),
      ).toEqual(["from-before", "from-after"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("WAL, busy timeout and foreign keys are on", () => {
    const store = open();
    expect(store.sqlite.query<{ journal_mode: string }, []>("PRAGMA journal_mode").get()!.journal_mode).toBe("wal");
    expect(store.sqlite.query<{ timeout: number }, []>("PRAGMA busy_timeout").get()!.timeout).toBe(5000);
    expect(store.sqlite.query<{ foreign_keys: number }, []>("PRAGMA foreign_keys").get()!.foreign_keys).toBe(1);
  });

  test(":memory: works and is migrated", () => {
    const store = open(":memory:");
    expect(store.path).toBe(":memory:");
    expect(tableNames(store)).toEqual(TABLES);
  });

  test("the migrations are found whatever the cwd", () => {
    const previous = process.cwd();
    process.chdir(mkdtempSync(join(tmpdir(), "pm-arb-cwd-")));
    try {
      expect(tableNames(open(tempPath()))).toEqual(TABLES);
    } finally {
      process.chdir(previous);
    }
  });

  test("a path that cannot be opened is a RuntimeFailure naming it", () => {
    const file = tempPath("plain-file");
    writeFileSync(file, "not a directory");
    const path = join(file, "store.sqlite");
    expect(() => openStore(path)).toThrow(RuntimeFailure);
    expect(() => openStore(path)).toThrow(path);
  });

  test("several processes opening a fresh file at once all succeed", async () => {
    const path = tempPath();
    const module = join(import.meta.dir, "..", "..", "..", "core", "store", "open.ts");
    const script = `const { openStore } = await import(${JSON.stringify(module)}); const s = openStore(process.argv[1]); console.log(s.sqlite.query("SELECT count(*) AS n FROM orders").get().n); s.close();`;
    const procs = Array.from({ length: 4 }, () => Bun.spawn([process.execPath, "-e", script, path], { stdout: "pipe", stderr: "pipe" }));
    const results = await Promise.all(
      procs.map(async (proc) => ({ code: await proc.exited, out: await new Response(proc.stdout).text(), err: await new Response(proc.stderr).text() })),
    );
    for (const result of results) {
      expect(result.err).toBe("");
      expect(result.code).toBe(0);
      expect(result.out.trim()).toBe("0");
    }
    const store = open(path);
    const journal = (await Bun.file(join(import.meta.dir, "..", "..", "..", "drizzle", "meta", "_journal.json")).json()) as { entries: unknown[] };
    expect(store.sqlite.query<{ n: number }, []>("SELECT count(*) AS n FROM __drizzle_migrations").get()!.n).toBe(journal.entries.length);
  });
});

describe("constraints", () => {
  test("client_order_id is unique", () => {
    const store = open();
    store.db
      .insert(orders)
      .values(order({ clientOrderId: "dup" }))
      .run();
    expect(() =>
      store.db
        .insert(orders)
        .values(order({ clientOrderId: "dup" }))
        .run(),
    ).toThrow(/UNIQUE/);
    expect(store.db.select().from(orders).all()).toHaveLength(1);
  });

  test("fill trade ids are unique and fills need an existing order", () => {
    const store = open();
    const { id } = store.db.insert(orders).values(order()).returning({ id: orders.id }).get();
    const fill = { orderId: id, tradeId: "t-1", tokenId: TOKEN_77, side: "BUY" as const, price: new Decimal("0.55"), size: new Decimal("10"), ts: new Date() };
    store.db.insert(fills).values(fill).run();
    expect(() => store.db.insert(fills).values(fill).run()).toThrow(/UNIQUE/);
    expect(() =>
      store.db
        .insert(fills)
        .values({ ...fill, tradeId: "t-2", orderId: id + 999 })
        .run(),
    ).toThrow(/FOREIGN KEY/);
  });

  test("one position per token and mode", () => {
    const store = open();
    const position = { mode: "paper" as const, tokenId: TOKEN_77, conditionId: "0xc", outcome: "Up" };
    store.db.insert(positions).values(position).run();
    store.db
      .insert(positions)
      .values({ ...position, mode: "live" })
      .run();
    expect(() => store.db.insert(positions).values(position).run()).toThrow(/UNIQUE/);
  });

  test.each([
    ["status", { status: "done" }],
    ["side", { side: "buy" }],
    ["order_type", { orderType: "IOC" }],
    ["mode", { mode: "real" }],
  ])("an unknown %s is refused by a CHECK", (_, fields) => {
    const store = open();
    expect(() =>
      store.db
        .insert(orders)
        .values(order(fields as Partial<NewOrder>))
        .run(),
    ).toThrow(/CHECK/);
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
    const { id } = store.db
      .insert(orders)
      .values(order({ limitPrice: value, size: value, avgPrice: value }))
      .returning({ id: orders.id })
      .get();
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
    expect(TOKEN_77).toHaveLength(77);
    store.db
      .insert(orders)
      .values(order({ tokenId: TOKEN_77, clientOrderId: "tok" }))
      .run();
    store.db
      .insert(opportunities)
      .values({ id: "o1", seenAt: new Date(), conditionId: "0xc", tokenId: TOKEN_77, outcome: "Up", netEdge: new Decimal("0.031"), payload: { token_id: TOKEN_77 } })
      .run();
    expect(store.db.select().from(orders).get()!.tokenId).toBe(TOKEN_77);
    const opportunity = store.db.select().from(opportunities).get()!;
    expect(opportunity.tokenId).toBe(TOKEN_77);
    expect(opportunity.payload).toEqual({ token_id: TOKEN_77 });
    expect(store.sqlite.query<{ t: string }, []>("SELECT typeof(token_id) AS t FROM orders").get()!.t).toBe("text");
  });

  test("defaults: zero money, pending status, timestamps as Dates", () => {
    const store = open();
    const row = store.db.insert(orders).values(order()).returning().get();
    expect(row.status).toBe("pending");
    expect(row.filledSize.isZero()).toBe(true);
    expect(row.fee.isZero()).toBe(true);
    expect(row.createdAt).toBeInstanceOf(Date);
    expect(row.avgPrice).toBeNull();
  });

  test("money columns refuse non-finite values and non-Decimals", () => {
    const store = open();
    expect(() =>
      store.db
        .insert(orders)
        .values(order({ size: new Decimal(NaN) }))
        .run(),
    ).toThrow(/finite/);
    expect(() =>
      store.db
        .insert(orders)
        .values(order({ size: "10" as unknown as Decimal }))
        .run(),
    ).toThrow(/Decimal/);
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
