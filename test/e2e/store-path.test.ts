/**
 * Where the store lives is said and settable: `--db PATH` on every command that uses the store, and
 * a sandbox session (`bun run demo`, `run --sandbox`) in a store of its own that only it removes —
 * two demos at once never share or delete one file.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { expectUsageError, runCli } from "../helpers/cli.ts";
import { tempDb, tempDir } from "../helpers/temp.ts";

/** No PM_ARB_DB (empty is unset) and a data folder of the test's own: the default store path. */
const defaultStoreEnv = (dataHome: string) => ({ PM_ARB_DB: "", XDG_DATA_HOME: dataHome });

describe("--db", () => {
  test.each([
    ["positions", ["--summary"]],
    ["risk", ["--status"]],
    ["run", ["--status"]],
    ["stop", ["--clear"]],
  ])("%s --db PATH uses that store, not the configured one", async (command, args) => {
    const db = tempDb("given");
    const result = await runCli([command, ...args, "--db", db, "--json"], { env: defaultStoreEnv(tempDir()) });
    expect(result.code).toBe(0);
    expect(existsSync(db)).toBe(true);
  });

  test("report --db PATH reads that store; a replay's report takes no --db", async () => {
    const db = tempDb("reported");
    const out = join(tempDir(), "report.html");
    const result = await runCli(["report", "--db", db, "--out", out], { env: defaultStoreEnv(tempDir()) });
    expect(result.code).toBe(0);
    expect([existsSync(db), existsSync(out)]).toEqual([true, true]);
    expectUsageError(await runCli(["report", "--replay", tempDir(), "--db", db]), "pm-arb: error: --replay reports from a temporary store of its own; it takes no --db");
  });

  test("config --db shows the path and that a flag set it", async () => {
    const db = tempDb("shown");
    const [config] = (await runCli(["config", "--db", db, "--json"])).lines;
    expect(config).toMatchObject({ db, sources: { db: "flag" } });
  });

  test("--db without a path is a usage error", async () => {
    expectUsageError(await runCli(["positions", "--db", " "]), "pm-arb: error: --db needs the path of a store file, e.g. --db ./paper.sqlite");
  });
});

describe("sandbox sessions keep to their own store", () => {
  test("two run --sandbox sessions at once: each in its own store, neither deleting the other's, each removed by its owner", async () => {
    const dataHome = tempDir();
    const env = defaultStoreEnv(dataHome);
    const args = ["run", "--sandbox", "--duration", "4s", "--kinds", "updown", "--json"];
    const [first, second] = await Promise.all([runCli(args, { env }), runCli(args, { env })]);
    const storeOf = (stderr: string) => stderr.match(/sandbox store: (\S+)/)?.[1];
    expect([first.code, second.code]).toEqual([0, 0]);
    const stores = [storeOf(first.stderr), storeOf(second.stderr)];
    expect(stores.every((path) => typeof path === "string")).toBe(true);
    expect(stores[0]).not.toBe(stores[1]);
    // Each session's store is gone once it has ended; nothing was left in the data folder.
    for (const path of stores) expect(existsSync(path!)).toBe(false);
    expect(existsSync(join(dataHome, "pm-arb")) ? readdirSync(join(dataHome, "pm-arb")) : []).toEqual([]);
  }, 60_000);
});
