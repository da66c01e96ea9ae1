#!/usr/bin/env bun
/**
 * The guardian's read (core/risk/store-state.ts `loadRiskState`, as the engine runs it before every
 * order) on a store with a long history: by default 100,000 orders over 90 days — paper, and a
 * tenth live — about four a market, a few still unresolved; their fills (some reversed, a few still
 * settling) and positions (most settled, a few open and marked). Target: median and p99 ≤ 2 ms.
 * Prints each read's query plan and the timings over many reads.
 *
 *   bun bench/guardian-read.ts [--orders 100000] [--reads 2000]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../core/config/load.ts";
import { Decimal } from "../core/decimal.ts";
import { UNRESOLVED } from "../core/ledger/ledger.ts";
import { limitsFromConfig } from "../core/risk/limits.ts";
import { loadRiskState, riskReadPlans } from "../core/risk/store-state.ts";
import { openStore } from "../core/store/open.ts";
import { fills, type NewFill, type NewOrder, type NewPosition, type OrderStatus, orders, positions } from "../core/store/schema.ts";
import { withTransaction } from "../core/store/tx.ts";
import { createRng } from "../sandbox/rng.ts";
import { numberFlag, quantile } from "./common.ts";

const ORDERS = numberFlag("orders", 100_000);
const READS = numberFlag("reads", 2_000);

const NOW = Date.UTC(2026, 10, 25, 12);
const DAY = 86_400_000;

const random = createRng(7, "guardian-read").next;
const dir = mkdtempSync(join(tmpdir(), "pm-arb-bench-"));
const store = openStore(join(dir, "store.sqlite"));
/** The pilot's limits: the configuration's defaults. */
const limits = limitsFromConfig(loadConfig({ env: {}, cwd: dir }));
const d = (value: number, places: number) => new Decimal(value.toFixed(places));

/** The history, oldest first: order i is placed at a time spread over 90 days up to the last minute. */
function fillStore(): void {
  const counts = { orders: 0, fills: 0, positions: 0, open: 0, unresolved: 0, settling: 0 };
  const batch = { orders: [] as NewOrder[], fills: [] as NewFill[], positions: [] as NewPosition[] };
  const flush = () => {
    // Orders first: fills refer to their ids, which are their positions in the history (1-based).
    if (batch.orders.length > 0) store.db.insert(orders).values(batch.orders).run();
    if (batch.fills.length > 0) store.db.insert(fills).values(batch.fills).run();
    if (batch.positions.length > 0) store.db.insert(positions).values(batch.positions).run();
    batch.orders = [];
    batch.fills = [];
    batch.positions = [];
  };
  withTransaction(store, () => {
    for (let i = 0; i < ORDERS; i++) {
      const mode = random() < 0.1 ? "live" : "paper";
      const market = Math.floor(i / 4);
      const tokenId = String(10n ** 76n + BigInt(market * 2 + (random() < 0.5 ? 0 : 1)));
      const at = NOW - Math.floor(((ORDERS - i) / ORDERS) * 90 * DAY) - 60_000;
      const recent = ORDERS - i <= 12;
      const roll = random();
      const status: OrderStatus =
        recent && roll < 0.5 ? UNRESOLVED[i % UNRESOLVED.length]! : roll < 0.45 ? "filled" : roll < 0.85 ? "rejected" : roll < 0.95 ? "cancelled" : "failed";
      const price = d(0.05 + random() * 0.9, 2);
      const budget = d(1 + random() * 19, 2);
      const size = budget.dividedBy(price).toDecimalPlaces(4);
      batch.orders.push({
        clientOrderId: `0x${i.toString(16).padStart(64, "0")}`,
        conditionId: `0x${market.toString(16).padStart(64, "0")}`,
        tokenId,
        outcome: "Up",
        side: "BUY",
        orderType: "FOK",
        limitPrice: price,
        size,
        status,
        mode,
        budget,
        maxCost: budget.plus("0.0001"),
        createdAt: new Date(at),
        updatedAt: new Date(at),
      });
      counts.orders++;
      if (status === "pending" || status === "open" || status === "uncertain") counts.unresolved++;
      if (status === "filled") {
        const pieces = 1 + Math.floor(random() * 3);
        for (let f = 0; f < pieces; f++) {
          const settling = recent || (ORDERS - i <= 200 && random() < 0.05);
          const fillStatus = settling ? "matched" : random() < 0.01 ? "failed" : "confirmed";
          if (settling) counts.settling++;
          batch.fills.push({
            orderId: i + 1,
            tradeId: `trade-${i}-${f}`,
            tokenId,
            side: "BUY",
            price,
            size: size.dividedBy(pieces).toDecimalPlaces(6),
            fee: d(random() * 0.05, 5),
            status: fillStatus,
            ts: new Date(at),
            updatedAt: new Date(at),
          });
          counts.fills++;
        }
        // The market's position: open for the last few, settled (won or lost) before.
        if (i % 4 === 0 || i >= ORDERS - 40) {
          const open = ORDERS - i <= 40;
          const cost = budget;
          // A share bought at p wins about p of the time.
          const won = random() < price.toNumber() + 0.02;
          batch.positions.push({
            mode,
            tokenId: `${tokenId}-${i}`,
            conditionId: `0x${market.toString(16).padStart(64, "0")}`,
            outcome: "Up",
            size,
            cost,
            fees: d(random() * 0.05, 5),
            realisedPnl: open ? new Decimal(0) : (won ? size : new Decimal(0)).minus(cost),
            status: open ? "open" : "settled",
            markPrice: open ? d(random(), 2) : null,
            openedAt: new Date(at),
            closedAt: open ? null : new Date(at + 900_000),
            updatedAt: new Date(at),
          });
          counts.positions++;
          if (open) counts.open++;
        }
      }
      if (batch.orders.length >= 500) flush();
    }
    flush();
  });
  store.sqlite.run("PRAGMA wal_checkpoint(TRUNCATE)");
  console.log(
    `store: ${counts.orders} orders (${counts.unresolved} unresolved), ${counts.fills} fills (${counts.settling} settling), ${counts.positions} positions (${counts.open} open), both modes`,
  );
}

const started = performance.now();
fillStore();
console.log(`filled in ${((performance.now() - started) / 1000).toFixed(1)} s`);

for (const [name, plan] of Object.entries(riskReadPlans(store.db))) console.log(`  ${name}: ${plan.join("; ")}`);

const now = new Date(NOW);
let state = loadRiskState(store.db, "paper", limits, now);
for (let i = 0; i < 200; i++) state = loadRiskState(store.db, "paper", limits, now);
// Wall time, and the process's CPU time: on a busy machine the p99 of the first is other processes' turn.
const wall: number[] = [];
const cpu: number[] = [];
for (let i = 0; i < READS; i++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  state = loadRiskState(store.db, "paper", limits, now);
  wall.push(performance.now() - t0);
  const used = process.cpuUsage(c0);
  cpu.push((used.user + used.system) / 1000);
}
const summary = (times: number[]) => `median ${quantile(times, 0.5).toFixed(3)} ms, p99 ${quantile(times, 0.99).toFixed(3)} ms`;
console.log(
  `state: ${state.exposureByMarket.size} markets at risk, ${state.openTokens.size} tokens, realised ${state.realisedPnl.toFixed(2)} (today ${state.realisedPnlToday.toFixed(2)})`,
);
console.log(`guardian read, ${READS} reads: wall ${summary(wall)}; CPU ${summary(cpu)}`);

store.close();
rmSync(dir, { recursive: true, force: true });
