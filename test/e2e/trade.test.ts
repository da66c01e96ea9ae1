/**
 * `pm-arb trade` end to end: the real CLI, spawned, against the sandbox venue (signatures verified
 * on every order), a private store per test. Opportunities come from the real `markets | scan`.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fillRecordSchema } from "../../core/records/fill.ts";
import { orderRecordSchema } from "../../core/records/order.ts";
import { CLI_ENTRY } from "../helpers/cli.ts";
import { cli, frozenVenue, liveEnv, paperEnv, records, tempDb, venueOrders, withOwnVenue, type Venue } from "./trade-helpers.ts";

let venue: Venue;

beforeAll(async () => {
  venue = await frozenVenue(7);
}, 60_000);
afterAll(() => venue.sandbox.stop());

describe("trade: paper (the default)", () => {
  test("scan | trade fills against the current book, records orders and fills, and a replay places nothing", async () => {
    const db = tempDb();
    const input = venue.opportunities.join("\n");
    const first = await cli(["trade", "--json"], paperEnv(venue, db), input);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/paper trading/);
    const orders = records(first, "order").map((line) => orderRecordSchema.parse(line));
    expect(orders.length).toBe(venue.opportunities.length);
    expect(orders.every((order) => order.mode === "paper")).toBe(true);
    expect(orders.some((order) => order.status === "filled")).toBe(true);
    for (const fill of records(first, "fill")) fillRecordSchema.parse(fill);

    const again = await cli(["trade", "--json"], paperEnv(venue, db), input);
    const replay = records(again, "order");
    const placed = orders.filter((order) => order.status !== "rejected" || order.venue_order_id);
    expect(replay.filter((order) => order.status === "duplicate").length).toBe(placed.length);
    expect(records(again, "fill")).toHaveLength(0);
  }, 30_000);

  test("PAPER_TRADING=true overrides --live: paper records, nothing sent to the venue, said on stderr", async () => {
    const db = tempDb();
    const before = (await venue.sandbox.admin.counters())["/clob/order"]?.requests ?? 0;
    const wallet = await venue.sandbox.fundedWallet();
    const result = await cli(["trade", "--live", "--json"], { ...liveEnv(venue, db, wallet), PAPER_TRADING: "true" }, venue.opportunities.join("\n"));
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/PAPER_TRADING is set: paper trading, whatever the flags/);
    expect(records(result, "order").every((order) => order.mode === "paper")).toBe(true);
    expect((await venue.sandbox.admin.counters())["/clob/order"]?.requests ?? 0).toBe(before);
  }, 30_000);

  test("--dry-run loads neither the CLOB client nor ethers", async () => {
    const script = [
      `const { runCli } = await import(${JSON.stringify(join(import.meta.dir, "..", "..", "core", "cli", "main.ts"))});`,
      `const table = { trade: { description: "", load: () => import(${JSON.stringify(join(import.meta.dir, "..", "..", "commands", "trade.ts"))}) } };`,
      `process.exitCode = await runCli(table, ["trade", "--dry-run", "--json"]);`,
      `console.error("MODULES" + JSON.stringify(Object.keys(require.cache)));`,
    ].join("\n");
    const proc = Bun.spawn([process.execPath, "-e", script], { stdin: new TextEncoder().encode(venue.opportunities.join("\n")), stdout: "pipe", stderr: "pipe", env: { ...process.env, ...paperEnv(venue, tempDb()) } as Record<string, string> });
    const [stdout, stderr] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    expect(stdout).toContain('"type":"order"');
    const modules = JSON.parse(stderr.split("\n").find((line) => line.startsWith("MODULES"))!.slice("MODULES".length)) as string[];
    expect(modules.some((path) => path.endsWith("core/trade/engine.ts"))).toBe(true);
    expect(modules.filter((path) => /node_modules\/(ethers|@polymarket|axios)\//.test(path))).toEqual([]);
  }, 30_000);

  test("--live and --dry-run together is a usage error (exit 2)", async () => {
    const result = await cli(["trade", "--live", "--dry-run"], paperEnv(venue, tempDb()));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("contradict");
  }, 30_000);
});

describe("trade: --live is on or off", () => {
  const orderPosts = async () => (await venue.sandbox.admin.counters())["/clob/order"]?.requests ?? 0;

  // With a funded key and PAPER_TRADING=false, citty read each of these as --live: live orders.
  test.each(["no", "0", "off"])("--live=%s: exit 2, nothing traded", async (value) => {
    const db = tempDb();
    try {
      const before = await orderPosts();
      const result = await cli(["trade", `--live=${value}`, "--json", "--settle-timeout", "0s"], liveEnv(venue, db, await venue.sandbox.fundedWallet()), venue.opportunities.join("\n"));
      expect([result.code, result.stdout]).toEqual([2, ""]);
      expect(result.stderr).toBe(`pm-arb: error: --live is on or off: give --live or --no-live (or --live=true / --live=false); got --live=${value}\n`);
      expect(await orderPosts()).toBe(before);
    } finally {
      rmSync(dirname(db), { recursive: true, force: true });
    }
  }, 30_000);

  test.each(["--no-live", "--live=false"])("%s: paper, nothing sent to the venue", async (flag) => {
    const db = tempDb();
    try {
      const before = await orderPosts();
      const result = await cli(["trade", flag, "--json"], liveEnv(venue, db, await venue.sandbox.fundedWallet()), venue.opportunities.join("\n"));
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/paper trading/);
      const orders = records(result, "order");
      expect(orders.length).toBe(venue.opportunities.length);
      expect(orders.every((order) => order.mode === "paper")).toBe(true);
      expect(await orderPosts()).toBe(before);
    } finally {
      rmSync(dirname(db), { recursive: true, force: true });
    }
  }, 30_000);
});

describe("trade: live", () => {
  test("--live without a wallet key: exit 2 with the reason, nothing placed", async () => {
    const result = await cli(["trade", "--live"], { ...paperEnv(venue, tempDb()), PAPER_TRADING: "false" }, venue.opportunities.join("\n"));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/POLYMARKET_PRIVATE_KEY: is not set/);
    expect(result.stdout).toBe("");
  }, 30_000);

  test("a malformed key: exit 2, and the key is not echoed", async () => {
    const bad = "0x" + "zz".repeat(32);
    const result = await cli(["trade", "--live"], { ...paperEnv(venue, tempDb()), PAPER_TRADING: "false", POLYMARKET_PRIVATE_KEY: bad }, "");
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain(bad);
  }, 30_000);

  test("scan | trade --live: a full round trip that fills at the venue, then settles on the next start", async () => {
    const db = tempDb();
    const wallet = await venue.sandbox.fundedWallet();
    const env = liveEnv(venue, db, wallet);
    const result = await cli(["trade", "--live", "--json", "--settle-timeout", "0s"], env, venue.opportunities.join("\n"));
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/LIVE trading on .*signer 0x[0-9a-fA-F]{40}.*signature type EOA/);
    expect(result.stderr).toMatch(/limits: bankroll 200, max_trade_size 20/);
    const orders = records(result, "order").map((line) => orderRecordSchema.parse(line));
    const filled = orders.filter((order) => order.status === "filled");
    expect(filled.length).toBeGreaterThan(0);
    for (const order of filled) {
      expect(order.mode).toBe("live");
      expect(order.venue_order_id).toMatch(/^0x[0-9a-f]{64}$/);
      expect(venueOrders(venue.sandbox, order.client_order_id, wallet.address)).toBe(1);
    }
    const fills = records(result, "fill").map((line) => fillRecordSchema.parse(line));
    expect(fills.length).toBeGreaterThan(0);
    expect(fills.every((fill) => fill.status === "matched" && !fill.settled)).toBe(true);

    // The trades settle at the venue; the next start reconciles them before anything else.
    await venue.sandbox.admin.advance(7_000);
    const next = await cli(["trade", "--live", "--json", "--settle-timeout", "0s"], env, "");
    expect(next.code).toBe(0);
    expect(next.stderr).toMatch(/reconciling \d+ unresolved live order/);
    expect(records(next, "fill").every((fill) => fill.status === "confirmed" && fill.settled)).toBe(true);
    const positions = await cli(["positions", "--live", "--json"], env);
    expect(records(positions, "position").length).toBe(new Set(filled.map((order) => order.token_id)).size);
    expect(positions.stderr).toMatch(/the Data API agrees with the store/);
  }, 30_000);

  test("a process killed between the intent and the venue's answer is reconciled on restart, with no duplicate", async () => {
    // A venue of its own: the round trip above may have taken the liquidity this order needs, and a
    // FOK killed by the venue never reaches the held-answer state this test is about.
    await withOwnVenue(7, killedBetweenIntentAndAnswer);
  }, 90_000);

  test("one live engine per wallet: a second refuses to start", async () => {
    const db = tempDb();
    const wallet = await venue.sandbox.fundedWallet();
    const env = liveEnv(venue, db, wallet);
    const first = Bun.spawn([process.execPath, CLI_ENTRY, "trade", "--live", "--json"], { stdin: "pipe", stdout: "pipe", stderr: "pipe", env: { ...process.env, NO_COLOR: "1", ...env } as Record<string, string> });
    // However long a loaded machine takes to start the first engine; no longer once it has exited.
    let locked = false;
    while (!locked && first.exitCode === null) {
      await Bun.sleep(50);
      try {
        const sqlite = new Database(db, { readonly: true });
        locked = Boolean(sqlite.query("SELECT key FROM state WHERE key LIKE 'lock:live:%'").get());
        sqlite.close();
      } catch {}
    }
    if (!locked) console.error("first engine:", await new Response(first.stderr).text());
    expect(locked).toBe(true);
    const second = await cli(["trade", "--live"], env, "");
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/another live engine \(pid \d+/);
    first.stdin.end();
    expect(await first.exited).toBe(0);
    // Released on a clean exit: a new engine starts.
    expect((await cli(["trade", "--live"], env, "")).code).toBe(0);
  }, 30_000);
});

async function killedBetweenIntentAndAnswer(venue: Venue): Promise<void> {
  const db = tempDb();
  const wallet = await venue.sandbox.fundedWallet();
  const env = liveEnv(venue, db, wallet);
  const one = venue.opportunities.at(-1)!;
  await venue.sandbox.admin.addFault("clob:timeout-after-accept:path=/order,ms=60000,count=1");
  const proc = Bun.spawn([process.execPath, CLI_ENTRY, "trade", "--live", "--json", "--timeout", "60s"], { stdin: new TextEncoder().encode(`${one}\n`), stdout: "pipe", stderr: "pipe", env: { ...process.env, NO_COLOR: "1", ...env } as Record<string, string> });
  // Wait until the order is at the venue (accepted, answer held back), then kill the process.
  type Sent = { client_order_id: string; status: string; expected_order_id: string | null };
  let sent: Sent | undefined;
  // A process that exited on its own never reached the held answer: stop waiting at once.
  while (!sent && proc.exitCode === null) {
    await Bun.sleep(50);
    let row: Sent | undefined;
    try {
      const sqlite = new Database(db, { readonly: true });
      row = (sqlite.query("SELECT client_order_id, status, expected_order_id FROM orders WHERE sent_at IS NOT NULL").get() as Sent | null) ?? undefined;
      sqlite.close();
    } catch {}
    if (row && venueOrders(venue.sandbox, row.client_order_id, wallet.address) > 0) sent = row;
  }
  proc.kill("SIGKILL");
  await proc.exited;
  await venue.sandbox.admin.clearFaults();
  if (!sent) console.error("killed run:", await new Response(proc.stdout).text(), await new Response(proc.stderr).text());
  expect(sent?.status).toBe("pending");
  expect(sent?.expected_order_id).toMatch(/^0x[0-9a-f]{64}$/);

  const restart = await cli(["trade", "--live", "--json", "--settle-timeout", "0s"], env, `${one}\n`);
  expect(restart.code).toBe(0);
  const out = records(restart, "order");
  const reconciled = out.find((order) => order.client_order_id === sent!.client_order_id && order.status !== "duplicate");
  expect(reconciled?.status).toBe("filled");
  expect(out.at(-1)!.status).toBe("duplicate");
  expect(venueOrders(venue.sandbox, sent!.client_order_id, wallet.address)).toBe(1);
}
