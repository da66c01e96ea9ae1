/**
 * The kill -9 drill (issue #12): `trade --live` processes, one opportunity each, killed with SIGKILL
 * at seeded random moments — while starting and reconciling, right after the intent is written,
 * while the post is on its way (a slow venue holds every post longer than the request timeout) —
 * each followed by a restart that reconciles what the last one left. Then the venue's clock moves
 * past the grace so every order can be judged, two more starts reconcile, and the store is compared
 * order by order with the venue's own ledger (`GET /admin/ledger`): same filled size, nothing left
 * unresolved, no venue order the store does not know, none sent twice.
 *
 * Run by bench/kill-drill.ts (20 kills, with and without a slow venue) and, small, by an e2e test.
 */
import { createHash } from "node:crypto";
import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { Decimal } from "../../core/decimal.ts";
import { clientOrderId } from "../../core/ledger/client-order-id.ts";
import { ABSENT_GRACE_MS } from "../../core/trade/reconcile.ts";
import { createRng } from "../../sandbox/rng.ts";
import { cli, frozenVenue, liveEnv } from "../e2e/trade-helpers.ts";
import { spawnPmArb } from "./cli.ts";
import { peekRow, storeRows } from "./store.ts";
import { tempDb } from "./temp.ts";

export type DrillOptions = { kills: number; slowMs?: number; seed?: number; log?: (line: string) => void };

type Disagreement = { client_order_id: string; store: string; venue: string };

export type DrillReport = {
  kills: number;
  /** Starts that finished on their own before the kill came. */
  unkilled: number;
  orders: number;
  venue_orders: number;
  filled: number;
  not_filled: number;
  late_fills: number;
  /** Orders whose outcome a restart's reconciliation settled (the answer was lost to a kill, a timeout). */
  reconciled: number;
  agreements: number;
  disagreements: Disagreement[];
};

type StoreOrder = { client_order_id: string; expected_order_id: string | null; status: string; reason: string | null; filled: string };
type Ledger = {
  orders: { id: string; account: string; metadata: string; status: string }[];
  trades: { order_id: string; account: string; status: string; size: string }[];
};

const UNRESOLVED = new Set(["pending", "uncertain", "open"]);

function storeOrders(db: string): StoreOrder[] {
  const rows = storeRows<Omit<StoreOrder, "filled"> & { id: number }>(db, "SELECT id, client_order_id, expected_order_id, status, reason FROM orders WHERE mode = 'live'");
  const fills = storeRows<{ order_id: number; size: string }>(db, "SELECT order_id, size FROM fills WHERE status != 'failed'");
  return rows.map(({ id, ...row }) => ({
    ...row,
    filled: fills
      .filter((fill) => fill.order_id === id)
      .reduce((sum, fill) => sum.plus(fill.size), new Decimal(0))
      .toString(),
  }));
}

/** Whether the store holds a row for the opportunity's order already marked sent. */
const sentRow = (db: string, clientOrderId: string) => peekRow(db, "SELECT 1 FROM orders WHERE client_order_id = ? AND sent_at IS NOT NULL", clientOrderId) !== undefined;

/** The same opportunity under a fresh id (its own client order id), so every start has something new to send. */
function freshOpportunity(line: string, n: number): { line: string; coid: string } {
  const record = JSON.parse(line) as { id: string };
  const id = `opp_${createHash("sha256").update(`${record.id}:${n}`).digest("hex").slice(0, 24)}`;
  return { line: JSON.stringify({ ...record, id }), coid: clientOrderId(id, "live") };
}

/** Store and venue, order by order. */
function compare(orders: StoreOrder[], ledger: Ledger, account: string): Omit<DrillReport, "kills" | "unkilled" | "late_fills"> {
  const mine = ledger.orders.filter((order) => order.account === account.toLowerCase());
  const disagreements: Disagreement[] = [];
  let agreements = 0;
  let filled = 0;
  for (const order of orders) {
    const id = order.expected_order_id?.toLowerCase();
    const venueFilled = ledger.trades
      .filter((trade) => trade.order_id.toLowerCase() === id && trade.status !== "FAILED")
      .reduce((sum, trade) => sum.plus(trade.size), new Decimal(0));
    const venueCopies = mine.filter((item) => item.metadata.toLowerCase() === order.client_order_id).length;
    const agree = !UNRESOLVED.has(order.status) && venueFilled.eq(order.filled) && venueCopies <= 1;
    if (venueFilled.gt(0)) filled++;
    if (agree) agreements++;
    else
      disagreements.push({
        client_order_id: order.client_order_id,
        store: `${order.status} ${order.filled} (${order.reason ?? ""})`,
        venue: `${venueCopies} order(s), filled ${venueFilled.toString()}`,
      });
  }
  const known = new Set(orders.map((order) => order.client_order_id));
  for (const order of mine.filter((item) => !known.has(item.metadata.toLowerCase()))) {
    disagreements.push({ client_order_id: order.metadata, store: "no row", venue: `${order.status} ${order.id}` });
  }
  const reconciled = orders.filter((order) => /reconciled|late fill/.test(order.reason ?? "")).length;
  return { orders: orders.length, venue_orders: mine.length, filled, not_filled: orders.length - filled, reconciled, agreements, disagreements };
}

export async function killDrill(options: DrillOptions): Promise<DrillReport> {
  const log = options.log ?? (() => {});
  const rng = createRng(options.seed ?? 7, "kill-drill");
  const venue = await frozenVenue(7);
  const db = tempDb("kill-drill");
  try {
    const wallet = await venue.sandbox.fundedWallet();
    // Limits wide enough that every start has an order to send (the wallet holds 1000 pUSD).
    const env = liveEnv(venue, db, wallet, {
      PM_ARB_BANKROLL: "1000",
      PM_ARB_MAX_TOTAL_EXPOSURE: "1000",
      PM_ARB_MAX_MARKET_EXPOSURE: "1000",
      PM_ARB_MAX_OPEN_POSITIONS: "1000",
      PM_ARB_MAX_TRADE_SIZE: "10",
    });
    if (options.slowMs) await venue.sandbox.admin.addFault(`clob:slow:ms=${options.slowMs},path=/order`);
    let kills = 0;
    let unkilled = 0;
    for (let n = 0; kills < options.kills && n < options.kills * 3; n++) {
      const { line, coid } = freshOpportunity(venue.opportunities[n % venue.opportunities.length]!, n);
      const proc = spawnPmArb(["trade", "--live", "--json", "--settle-timeout", "0s"], { env, stdin: new TextEncoder().encode(`${line}\n`) });
      // A fifth of the kills land anywhere in the start (lock, session, reconciliation); the rest
      // after the intent is marked sent, within the time the post may take.
      if (rng.next() < 0.2) await Bun.sleep(200 + rng.int(1_500));
      else {
        while (proc.exitCode === null && !sentRow(db, coid)) await Bun.sleep(5);
        await Bun.sleep(rng.int(options.slowMs ? 3_000 : 40));
      }
      const running = proc.exitCode === null;
      proc.kill("SIGKILL");
      await proc.exited;
      if (running) kills++;
      else unkilled++;
      // Now and then the venue's clock passes the grace, so orders left without a trace get judged.
      if (n % 10 === 9) await venue.sandbox.admin.advance(ABSENT_GRACE_MS + 5_000);
      log(`start ${n + 1}: ${running ? "killed" : "finished first"}`);
    }
    await venue.sandbox.admin.clearFaults();
    // Posts still held by the slow venue land (or are dropped) before the last looks.
    if (options.slowMs) await Bun.sleep(options.slowMs + 500);
    for (let pass = 0; pass < 2; pass++) {
      const result = await cli(["trade", "--live", "--json", "--settle-timeout", "0s"], env, "");
      if (result.code !== 0) throw new Error(`the reconciling start failed (${result.code}): ${result.stderr}`);
      await venue.sandbox.admin.advance(ABSENT_GRACE_MS + 5_000);
    }
    const ledger = (await (await fetch(`${venue.sandbox.url}/admin/ledger`)).json()) as Ledger;
    const report = compare(storeOrders(db), ledger, wallet.address);
    return { kills, unkilled, late_fills: storeRows<{ key: string }>(db, "SELECT key FROM alerts WHERE key LIKE 'late_fill:%'").length, ...report };
  } finally {
    await venue.sandbox.stop();
    rmSync(dirname(db), { recursive: true, force: true });
  }
}
