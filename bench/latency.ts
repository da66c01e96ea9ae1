#!/usr/bin/env bun
/**
 * The loop's latency and memory against the sandbox venue streaming over loopback.
 *
 * The venue runs in a child process (seeded, sped up, the `run --sandbox` market); the loop runs in
 * this process through the same code as `pm-arb run` (core/run/run.ts), with latency probes:
 * - tick → opportunity: from the oracle's tick callback (the stream message parsed) to a new
 *   opportunity found by the per-symbol re-pricing;
 * - tick → signed order leaving pm-arb: to the moment the live session posts the signed order
 *   (after the risk guardian, the intent written to the store, the EIP-712 signature and the "sent"
 *   mark); in paper mode, to the moment the paper executor takes the book.
 * Envelope (issue #13): tick → order median ≤ 5 ms and p99 ≤ 20 ms, paper and live (live, the RFC 6979
 * signature and the synced "sent" commit are on that path).
 * Then the resident set size over a sped-up stretch of sandbox time (default 2 hours at 60×), sampled
 * every 2 s: target ≤ 150 MB and no growth trend (second hour vs first). Finally how long a
 * graceful stop takes.
 *
 *   bun bench/latency.ts [--orders N] [--rss-hours H] [--skip-paper] [--skip-live] [--skip-rss]
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setVerbosity } from "../core/cli/log.ts";
import type { RunLoop } from "../core/run/loop.ts";
import { parseRunFlags } from "../core/run/options.ts";
import { runLoop } from "../core/run/run.ts";
import { numberFlag, quantile } from "./common.ts";

const args = process.argv.slice(2);
const ORDERS = numberFlag("orders", 150);
const RSS_HOURS = numberFlag("rss-hours", 2);
setVerbosity("quiet");

type Venue = { url: string; stop(): void };

async function startVenue(speed: number, seed: number): Promise<Venue> {
  const script = `
    import { startVenue } from ${JSON.stringify(join(import.meta.dir, "..", "sandbox", "index.ts"))};
    import { SANDBOX_MARKET } from ${JSON.stringify(join(import.meta.dir, "..", "core", "run", "run.ts"))};
    const venue = await startVenue({ port: 0, seed: ${seed}, speed: ${speed}, ...SANDBOX_MARKET });
    console.log(venue.url);`;
  const proc = Bun.spawn([process.execPath, "-e", script], { stdout: "pipe", stderr: "inherit" });
  const reader = proc.stdout.getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error("sandbox child exited");
    text += new TextDecoder().decode(value);
  }
  return { url: text.trim(), stop: () => proc.kill("SIGTERM") };
}

function stats(values: number[]) {
  return { n: values.length, median: quantile(values, 0.5), p90: quantile(values, 0.9), p99: quantile(values, 0.99), max: quantile(values, 1) };
}

const fmt = (value: number) => (Number.isFinite(value) ? value.toFixed(3) : "n/a");

function report(name: string, values: number[], target?: { median: number; p99: number }) {
  const s = stats(values);
  const verdict = target ? (s.median <= target.median && s.p99 <= target.p99 ? "  (target met)" : "  (TARGET MISSED)") : "";
  console.log(`${name.padEnd(34)} n=${String(s.n).padStart(4)}  median ${fmt(s.median)} ms  p90 ${fmt(s.p90)} ms  p99 ${fmt(s.p99)} ms  max ${fmt(s.max)} ms${verdict}`);
}

/** Runs one loop until `until()` says so; returns the probes and the time a graceful stop took. */
async function session(options: {
  live: boolean;
  speed: number;
  seed: number;
  until: (probe: { orders: number[]; opportunities: number[] }, loop: RunLoop) => boolean;
  extra?: string[];
  onSample?: (loop: RunLoop) => void;
}) {
  const venue = await startVenue(options.speed, options.seed);
  const db = join(mkdtempSync(join(tmpdir(), "pm-arb-bench-")), "store.sqlite");
  const env: Record<string, string | undefined> = { ...process.env, PM_ARB_SANDBOX_URL: venue.url, PM_ARB_DB: db, PAPER_TRADING: "false" };
  if (options.live) env.POLYMARKET_PRIVATE_KEY = (await import("ethers")).Wallet.createRandom().privateKey;
  const probe = { orders: [] as number[], opportunities: [] as number[], stages: new Map<string, number[]>() };
  const flags = parseRunFlags({
    live: options.live,
    kinds: "updown",
    vol: "0.6",
    "min-edge": "0.02",
    cooldown: "0s",
    bankroll: "1000000",
    "max-trade-size": "5",
    "max-market-exposure": "1000",
    "max-total-exposure": "1000000",
    "max-open-positions": "100000",
    "daily-loss-limit": "1000000",
    "max-drawdown": "1",
    "summary-every": "3600s",
    quiet: true,
  });
  let loop: RunLoop | undefined;
  let stopMs = Number.NaN;
  const done = runLoop(flags, () => {}, {
    env,
    signals: false,
    probe: {
      opportunity: (ms) => probe.opportunities.push(ms),
      orderSent: (ms) => probe.orders.push(ms),
      stage: (name, ms) => probe.stages.set(name, [...(probe.stages.get(name) ?? []), ms]),
    },
    onLoop: (created) => (loop = created),
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (loop && options.until(probe, loop)) {
        clearInterval(timer);
        resolve();
      }
      if (loop) options.onSample?.(loop);
    }, 250);
    done.catch((error) => {
      clearInterval(timer);
      reject(error);
    });
  });
  const started = performance.now();
  loop!.stop("bench done");
  await done;
  stopMs = performance.now() - started;
  venue.stop();
  return { probe, stopMs };
}

const RSS_ONLY = args.includes("--rss-only");
if (!RSS_ONLY) console.log(`pm-arb bench/latency — Bun ${Bun.version}, ${process.platform}/${process.arch}; sandbox in a child process over loopback`);

// 1. Paper: tick → opportunity, tick → order handed to the paper executor.
if (!RSS_ONLY && !args.includes("--skip-paper")) {
  const { probe, stopMs } = await session({ live: false, speed: numberFlag("speed", 20), seed: 11, until: (p) => p.orders.length >= ORDERS });
  console.log("\npaper loop (sandbox 20×):");
  report("tick → opportunity", probe.opportunities);
  report("tick → order (paper executor)", probe.orders, { median: 5, p99: 20 });
  console.log(`graceful stop (in-flight finished, final summary, feeds closed): ${stopMs.toFixed(1)} ms`);
}

// 2. Live: tick → signed order leaving pm-arb (posted to the venue).
if (!RSS_ONLY && !args.includes("--skip-live")) {
  const { probe, stopMs } = await session({ live: true, speed: 20, seed: 12, until: (p) => p.orders.length >= ORDERS });
  console.log("\nlive loop (sandbox 20×, EIP-712 signed orders over loopback):");
  report("tick → opportunity", probe.opportunities);
  report("tick → signed order leaving", probe.orders, { median: 5, p99: 20 });
  console.log(`graceful stop (live fills followed, final summary, feeds closed): ${stopMs.toFixed(1)} ms`);
  for (const [name, values] of [...probe.stages].sort((a, b) => a[0].localeCompare(b[0]))) report(`  ${name}`, values);
}

// 3. Resident memory over a sped-up stretch of sandbox time, in a fresh process (nothing loaded by
// the live phase counts).
if (!RSS_ONLY && !args.includes("--skip-rss")) {
  const child = Bun.spawn([process.execPath, import.meta.path, "--rss-only", "--rss-hours", String(RSS_HOURS)], { stdout: "inherit", stderr: "inherit" });
  await child.exited;
}
if (RSS_ONLY) {
  const speed = 60;
  const samples: { venueHours: number; rssMb: number }[] = [];
  let startVenueAt: number | undefined;
  let lastSample = 0;
  await session({
    live: false,
    speed,
    seed: 13,
    until: () => startVenueAt !== undefined && samples.length > 0 && samples.at(-1)!.venueHours >= RSS_HOURS,
    onSample: (loop) => {
      const venueNow = loop.venueNow();
      startVenueAt ??= venueNow;
      if (performance.now() - lastSample < 2_000) return;
      lastSample = performance.now();
      Bun.gc(true);
      samples.push({ venueHours: (venueNow - startVenueAt) / 3_600_000, rssMb: process.memoryUsage().rss / 1_048_576 });
    },
  });
  const first = samples.filter((sample) => sample.venueHours <= RSS_HOURS / 2 && sample.venueHours >= RSS_HOURS / 4);
  const second = samples.filter((sample) => sample.venueHours > (3 * RSS_HOURS) / 4);
  const mean = (list: typeof samples) => list.reduce((sum, sample) => sum + sample.rssMb, 0) / Math.max(1, list.length);
  const max = Math.max(...samples.map((sample) => sample.rssMb));
  console.log(`\nresident memory, paper loop, ${RSS_HOURS} h of sandbox time at ${speed}× (${samples.length} samples):`);
  for (const sample of samples.filter((_, index) => index % Math.max(1, Math.floor(samples.length / 8)) === 0 || index === samples.length - 1)) {
    console.log(`  ${sample.venueHours.toFixed(2).padStart(5)} h  ${sample.rssMb.toFixed(1)} MB`);
  }
  console.log(
    `max ${max.toFixed(1)} MB (target ≤ 150); mean ${mean(first).toFixed(1)} MB in the 2nd quarter vs ${mean(second).toFixed(1)} MB in the last quarter (growth ${(mean(second) - mean(first)).toFixed(1)} MB)`,
  );
}
process.exit(0);
