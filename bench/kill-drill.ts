#!/usr/bin/env bun
/**
 * The kill -9 drill of issue #12: `trade --live` killed with SIGKILL N times at random moments, on a
 * prompt venue and on a slow one (every post held longer than the request timeout), then the store
 * compared with the venue's ledger order by order (test/helpers/kill-drill.ts). Prints one line per
 * variant and exits 1 on any disagreement.
 *
 *   bun bench/kill-drill.ts [--kills 20] [--slow-ms 4000] [--seed 7] [--verbose]
 */
import { killDrill } from "../test/helpers/kill-drill.ts";
import { numberFlag } from "./common.ts";

const kills = numberFlag("kills", 20);
const slowMs = numberFlag("slow-ms", 4000);
const seed = numberFlag("seed", 7);
const log = process.argv.includes("--verbose") ? (line: string) => console.error(line) : undefined;

let failed = false;
for (const variant of [
  { name: "prompt venue", slowMs: 0 },
  { name: `slow venue (${slowMs} ms per post)`, slowMs },
]) {
  const started = performance.now();
  const report = await killDrill({ kills, slowMs: variant.slowMs, seed, log });
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  console.log(
    `${variant.name}: ${report.kills} kills (${report.unkilled} starts finished first), ${report.orders} orders in the store, ${report.venue_orders} at the venue, ` +
      `${report.filled} filled / ${report.not_filled} not, ${report.reconciled} settled by reconciliation, ${report.late_fills} late fill(s); ${report.agreements} agree, ${report.disagreements.length} disagree [${seconds} s]`,
  );
  for (const item of report.disagreements) console.log(`  DISAGREE ${item.client_order_id}: store ${item.store}; venue ${item.venue}`);
  failed ||= report.disagreements.length > 0;
}
process.exit(failed ? 1 : 0);
