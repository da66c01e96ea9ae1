/**
 * `pm-arb prices`: one-shot, `--watch` (a REST cycle every interval) or `--stream` (WebSocket feeds,
 * REST filling gaps, a record on every change, coalesced per symbol). One-shot exits 1 when some
 * symbol has no fresh price, after logging one line per provider failure.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { RuntimeFailure } from "../cli/errors.ts";
import type { PriceRecord } from "../records/price.ts";
import { Coalescer } from "./coalesce.ts";
import type { PricesOptions } from "./options.ts";
import { createOracle } from "./oracle.ts";
import { failureList, priceRecord } from "./record.ts";
import type { Oracle, OracleLog } from "./types.ts";

export type RunContext = { now?: () => number; log: OracleLog & { error(message: string): void }; signal?: AbortSignal };

export async function runPrices(options: PricesOptions, emit: (record: PriceRecord) => void | Promise<void>, context: RunContext): Promise<void> {
  const now = context.now ?? Date.now;
  // providers, mode, urls, maxAgeMs, bandBps, binanceFeed and headers are the oracle's options under the same names.
  const oracle = createOracle({ ...options, timeouts: { requestMs: options.requestMs }, pollMs: options.intervalMs, now: context.now, log: context.log });
  try {
    if (options.stream) await streamPrices(oracle, options, emit, context);
    else if (options.watch) await watchPrices(oracle, options, emit, context);
    else await oneShot(oracle, options, emit, context, now);
  } finally {
    await oracle.close();
  }
}

async function oneShot(oracle: Oracle, options: PricesOptions, emit: (record: PriceRecord) => void | Promise<void>, context: RunContext, now: () => number): Promise<void> {
  await oracle.refresh(options.symbols);
  const missing: string[] = [];
  for (const symbol of options.symbols) {
    if (oracle.current(symbol)) await emit(priceRecord(oracle, symbol, now()));
    else missing.push(symbol);
  }
  if (missing.length === 0) return;
  const failures = failureList(missing.flatMap((symbol) => oracle.failures(symbol)));
  for (const failure of failures) context.log.error(failure.error);
  for (const provider of options.providers) {
    if (!failures.some((failure) => failure.provider === provider)) context.log.error(`${provider}: no fresh price for ${missing.join(", ")} within --max-age`);
  }
  throw new RuntimeFailure(`no fresh price for ${missing.join(", ")} from any provider (${options.providers.join(", ")})`);
}

async function watchPrices(oracle: Oracle, options: PricesOptions, emit: (record: PriceRecord) => void | Promise<void>, context: RunContext): Promise<void> {
  const now = context.now ?? Date.now;
  for (let cycle = 1; !context.signal?.aborted; cycle++) {
    const started = Date.now();
    await oracle.refresh(options.symbols);
    for (const symbol of options.symbols) await emit(priceRecord(oracle, symbol, now()));
    if (options.count !== undefined && cycle >= options.count) return;
    // An abort ends the wait early (node's timer rejects; the loop condition then ends the watch).
    await sleep(Math.max(0, options.intervalMs - (Date.now() - started)), undefined, { signal: context.signal }).catch(() => {});
  }
}

async function streamPrices(oracle: Oracle, options: PricesOptions, emit: (record: PriceRecord) => void | Promise<void>, context: RunContext): Promise<void> {
  const now = context.now ?? Date.now;
  const done = Promise.withResolvers<void>();
  let emitted = 0;
  const out = new Coalescer<string>(async (symbol) => {
    if (options.count !== undefined && emitted >= options.count) return;
    await emit(priceRecord(oracle, symbol, now()));
    emitted++;
    if (options.count !== undefined && emitted >= options.count) done.resolve();
  });
  context.signal?.addEventListener("abort", () => done.resolve(), { once: true });
  if (context.signal?.aborted) return;
  oracle.startStreams(options.symbols, (price) => out.push(price.symbol, price.symbol));
  await done.promise;
  await out.flushed();
}
