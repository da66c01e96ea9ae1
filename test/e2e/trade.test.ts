/**
 * `pm-arb trade` end to end: the real CLI, spawned, against the sandbox venue (signatures verified
 * on every order), a private store per test. Opportunities come from the real `markets | scan`.
 */

import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fillRecordSchema } from "../../core/records/fill.ts";
import { orderRecordSchema } from "../../core/records/order.ts";
import { expectUsageError, loadedModules, piped, spawnPmArb } from "../helpers/cli.ts";
import { withFault } from "../helpers/sandbox.ts";
import { peekRow, storeRows } from "../helpers/store.ts";
import { tempDb } from "../helpers/temp.ts";
import { cli, liveEnv, paperEnv, records, useFrozenVenue, type Venue, venueOrders, withOwnVenue } from "./trade-helpers.ts";

const venue = useFrozenVenue(7);
const orderPosts = () => venue.sandbox.admin.requests("/clob/order");
const input = () => venue.opportunities.join("\n");

describe("trade: paper (the default)", () => {
  test("scan | trade fills against the current book, records orders and fills, and a replay places nothing", async () => {
    const db = tempDb();
    const first = await cli(["trade", "--json"], paperEnv(venue, db), input());
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/paper trading/);
    const orders = records(first, "order").map((line) => orderRecordSchema.parse(line));
    expect(orders.length).toBe(venue.opportunities.length);
    expect(orders.every((order) => order.mode === "paper")).toBe(true);
    expect(orders.some((order) => order.status === "filled")).toBe(true);
    for (const fill of records(first, "fill")) fillRecordSchema.parse(fill);

    const again = await cli(["trade", "--json"], paperEnv(venue, db), input());
    const replay = records(again, "order");
    const placed = orders.filter((order) => order.status !== "rejected" || order.venue_order_id);
    expect(replay.filter((order) => order.status === "duplicate").length).toBe(placed.length);
    expect(records(again, "fill")).toHaveLength(0);
  }, 30_000);

  // Paper wherever it is said, with a funded key and PAPER_TRADING=false otherwise: the kill switch,
  // the setting in the environment, the setting in the file, --no-live and --live=false.
  const paperSayers: [string, string, Record<string, string>, object, RegExp][] = [
    ["PAPER_TRADING=true, --live", "--live", { PAPER_TRADING: "true" }, {}, /PAPER_TRADING is set: paper trading, whatever the flags/],
    ["PM_ARB_PAPER_TRADING=true, --live", "--live", { PAPER_TRADING: "", PM_ARB_PAPER_TRADING: "true" }, {}, /PM_ARB_PAPER_TRADING is true: paper trading, whatever the flags/],
    ["paper_trading in the file, --live", "--live", { PAPER_TRADING: "" }, { paper_trading: true }, /paper_trading is true in .*paper\.json: paper trading, whatever the flags/],
    ["--no-live", "--no-live", {}, {}, /paper trading/],
    ["--live=false", "--live=false", {}, {}, /paper trading/],
  ];
  test.each(paperSayers)("%s: paper orders in the store, nothing sent to the venue, said on stderr", async (_, flag, extra, settings, note) => {
    const db = tempDb();
    const file = join(dirname(db), "paper.json");
    writeFileSync(file, JSON.stringify(settings));
    const before = await orderPosts();
    const wallet = await venue.sandbox.fundedWallet();
    const result = await cli(["trade", flag, "--json", "--config", file], { ...liveEnv(venue, db, wallet), ...extra }, input());
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(note);
    const orders = records(result, "order");
    expect(orders).toHaveLength(venue.opportunities.length);
    for (const order of orders) expect(order.mode).toBe("paper");
    expect(storeRows(db, "SELECT DISTINCT mode FROM orders")).toEqual([{ mode: "paper" }]);
    expect(await orderPosts()).toBe(before);
  });

  test("--dry-run loads neither the CLOB client nor ethers", async () => {
    const { stdout, modules } = await loadedModules("trade", ["--dry-run", "--json"], { env: paperEnv(venue, tempDb()), stdin: input() });
    expect(stdout).toContain('"type":"order"');
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
  // With a funded key and PAPER_TRADING=false, citty read each of these as --live: live orders.
  test.each(["no", "0", "off"])("--live=%s: exit 2, nothing traded", async (value) => {
    const before = await orderPosts();
    const result = await cli(["trade", `--live=${value}`, "--json", "--settle-timeout", "0s"], liveEnv(venue, tempDb(), await venue.sandbox.fundedWallet()), input());
    expectUsageError(result, `pm-arb: error: --live is on or off: give --live or --no-live (or --live=true / --live=false); got --live=${value}`);
    expect(await orderPosts()).toBe(before);
  });
});

describe("trade: live", () => {
  test("--live without a wallet key: exit 2 with the reason, nothing placed", async () => {
    const result = await cli(["trade", "--live"], { ...paperEnv(venue, tempDb()), PAPER_TRADING: "false" }, input());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/POLYMARKET_PRIVATE_KEY: is not set/);
    expect(result.stdout).toBe("");
  }, 30_000);

  test("a malformed key: exit 2, and the key is not echoed", async () => {
    const bad = `0x${"zz".repeat(32)}`;
    const result = await cli(["trade", "--live"], { ...paperEnv(venue, tempDb()), PAPER_TRADING: "false", POLYMARKET_PRIVATE_KEY: bad }, "");
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain(bad);
  }, 30_000);

  test("a CLOB answering /version with a 502 page: exit 1 naming the CLOB (a venue failure, not the credentials')", async () => {
    const wallet = await venue.sandbox.fundedWallet();
    const result = await withFault(venue.sandbox, "clob:html:path=/version", () => cli(["trade", "--live", "--json"], liveEnv(venue, tempDb(), wallet), input()));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      /^pm-arb: error: clob: GET \/version failed \(502\): an HTML page \(502 Bad Gateway\), not the CLOB's answer; the CLOB is down or unreachable from here: retry later, or check clob_url\n$/m,
    );
    expect(result.stderr).not.toMatch(/config credentials/);
  }, 30_000);

  test("trade auth with a failing CLOB route: FAIL lines with the venue's fix, then one error line naming the CLOB, exit 1", async () => {
    const wallet = await venue.sandbox.fundedWallet();
    const result = await withFault(venue.sandbox, "clob:502:path=/auth/ban-status", () => cli(["trade", "auth"], liveEnv(venue, tempDb(), wallet)));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^FAIL {2}closed-only \/ geoblock: clob: closed-only status failed \(502\)/m);
    expect(result.stderr).toMatch(/^ {6}fix: the CLOB at .* failed \(502\), not the key: retry later/m);
    expect(result.stderr).toMatch(/\npm-arb: error: clob: trade auth: 1 of 7 checks failed \(closed-only \/ geoblock\); nothing was posted\n$/);
  }, 30_000);

  test("a 429 with Retry-After on the first of 10 orders: one request reaches /order, 9 fail closed unsent, one alert; the next trade waits too", async () => {
    const db = tempDb();
    const wallet = await venue.sandbox.fundedWallet();
    const env = liveEnv(venue, db, wallet);
    const opportunity = JSON.parse(venue.opportunities[0]!);
    const tenOrders = piped(Array.from({ length: 10 }, (_, i) => ({ ...opportunity, id: `opp_0000000000000000000429${String(i).padStart(2, "0")}` })));
    const before = await orderPosts();
    const result = await withFault(venue.sandbox, "clob:429:path=/order,count=1,retry_after=600", () =>
      cli(["trade", "--live", "--json", "--settle-timeout", "0s"], env, tenOrders),
    );
    expect(result.code).toBe(0);
    expect(await orderPosts()).toBe(before + 1);
    const orders = records(result, "order");
    expect(orders).toHaveLength(10);
    expect(orders[0]).toMatchObject({ status: "failed", reason: expect.stringMatching(/rate limited by the venue \(429\).*retry after 600 s/) });
    for (const order of orders.slice(1))
      expect(order).toMatchObject({ status: "failed", reason: expect.stringMatching(/^held: the CLOB asked us to wait \(429, rate limited\) until .*; nothing was sent$/) });
    expect(records(result, "alert").map((alert) => alert.kind)).toEqual(["venue_hold"]);
    // A cron-invoked trade a moment later honours the same hold: nothing sent.
    const next = await cli(["trade", "--live", "--json", "--settle-timeout", "0s"], env, JSON.stringify({ ...opportunity, id: "opp_000000000000000000042999" }));
    expect(records(next, "order")).toEqual([expect.objectContaining({ status: "failed", reason: expect.stringMatching(/^held: /) })]);
    expect(records(next, "alert")).toEqual([]);
    expect(await orderPosts()).toBe(before + 1);
  }, 60_000);

  test("scan | trade --live: a full round trip that fills at the venue, then settles on the next start", async () => {
    const db = tempDb();
    const wallet = await venue.sandbox.fundedWallet();
    const env = liveEnv(venue, db, wallet);
    const result = await cli(["trade", "--live", "--json", "--settle-timeout", "0s"], env, input());
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
    const reconciled = records(next, "fill");
    expect(reconciled).toHaveLength(fills.length);
    for (const fill of reconciled) expect([fill.status, fill.settled]).toEqual(["confirmed", true]);
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
    const first = spawnPmArb(["trade", "--live", "--json"], { env, stdin: "pipe" });
    // However long a loaded machine takes to start the first engine; no longer once it has exited.
    let locked = false;
    while (!locked && first.exitCode === null) {
      await Bun.sleep(50);
      locked = peekRow(db, "SELECT key FROM state WHERE key LIKE 'lock:live:%'") !== undefined;
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
  const proc = spawnPmArb(["trade", "--live", "--json", "--timeout", "60s"], { env, stdin: new TextEncoder().encode(`${one}\n`) });
  // Wait until the order is at the venue (accepted, answer held back), then kill the process.
  type Sent = { client_order_id: string; status: string; expected_order_id: string | null };
  let sent: Sent | undefined;
  // A process that exited on its own never reached the held answer: stop waiting at once.
  while (!sent && proc.exitCode === null) {
    await Bun.sleep(50);
    const row = peekRow<Sent>(db, "SELECT client_order_id, status, expected_order_id FROM orders WHERE sent_at IS NOT NULL");
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
