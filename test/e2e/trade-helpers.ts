/**
 * Shared e2e fixtures for trade/risk/positions: a frozen sandbox venue stepped into its windows
 * (deterministic books; `scan --at` its time, just behind the wall clock), opportunities from the
 * real `markets | scan` pipeline, and the environments and CLI runner the trading commands take.
 */
import { afterAll, beforeAll } from "bun:test";
import { type CliResult, runCli } from "../helpers/cli.ts";
import { startTestSandbox, type TestSandbox, type TestWallet } from "../helpers/sandbox.ts";

export type Venue = { sandbox: TestSandbox; opportunities: string[] };

/** Ages measured against the wall clock while the venue is frozen: generous, so only the tests about staleness see any. */
const RELAXED = { PM_ARB_MAX_PRICE_AGE_MS: "3600000", PM_ARB_MAX_BOOK_AGE_MS: "3600000", PM_ARB_COOLDOWN_MS: "0" };

/**
 * The venue's frozen time stands just behind the wall clock `risk` and `trade` judge by (they refuse
 * an opportunity evaluated in the future), and its opportunities are in markets with at least five
 * minutes left, so none ends while a test file runs. A seed whose scan finds nothing then is tried a
 * minute earlier, on a fresh venue (frozen time only moves forward).
 */
export async function frozenVenue(seed: number): Promise<Venue> {
  for (let attempt = 0; attempt < 6; attempt++) {
    const at = Date.now() - 1_000 - attempt * 60_000;
    const sandbox = await startTestSandbox({ seed, lagMs: 30_000, speed: 0, startAt: at - (7 * 60_000 + 20_000) });
    const iso = new Date(await sandbox.admin.advance(7 * 60_000 + 20_000)).toISOString();
    const markets = await runCli(["markets", "--books", "--json", "--at", iso], { env: sandbox.env });
    const scan = await runCli(["scan", "--json", "--at", iso, "--min-seconds-left", "300"], { env: sandbox.env, stdin: markets.stdout });
    const opportunities = scan.stdout.split("\n").filter((line) => line.includes('"type":"opportunity"'));
    if (opportunities.length > 0) return { sandbox, opportunities };
    await sandbox.stop();
  }
  throw new Error(`seed ${seed}: the scan found no opportunity to trade`);
}

/** The file's shared frozen venue: made before its tests, stopped after them. */
export function useFrozenVenue(seed: number): Venue {
  const venue = {} as Venue;
  beforeAll(async () => void Object.assign(venue, await frozenVenue(seed)), 60_000);
  afterAll(() => venue.sandbox.stop());
  return venue;
}

/** A frozen venue for one test alone (what other tests did to a shared one cannot change it), stopped after. */
export async function withOwnVenue<T>(seed: number, use: (venue: Venue) => Promise<T>): Promise<T> {
  const venue = await frozenVenue(seed);
  try {
    return await use(venue);
  } finally {
    await venue.sandbox.stop();
  }
}

export type RunEnv = Record<string, string | undefined>;

export function liveEnv(venue: Venue, db: string, wallet: TestWallet, extra: RunEnv = {}): RunEnv {
  return { ...venue.sandbox.env, ...RELAXED, PM_ARB_DB: db, PAPER_TRADING: "false", POLYMARKET_PRIVATE_KEY: wallet.privateKey, ...extra };
}

export function paperEnv(venue: Venue, db: string, extra: RunEnv = {}): RunEnv {
  return { ...venue.sandbox.env, ...RELAXED, PM_ARB_DB: db, ...extra };
}

export function cli(args: string[], env: RunEnv, stdin?: string): Promise<CliResult> {
  return runCli(args, { env, stdin });
}

export function records(result: CliResult, type: string): Record<string, any>[] {
  return result.lines.filter((line) => line.type === type) as Record<string, any>[];
}

/** Orders the venue accepted from this wallet whose metadata is this client order id. */
export function venueOrders(sandbox: TestSandbox, clientOrderId: string, wallet: string): number {
  const exchange = sandbox.app.exchange as unknown as { orders: Map<string, { metadata: string; account: string }> };
  return [...exchange.orders.values()].filter((order) => order.metadata.toLowerCase() === clientOrderId && order.account === wallet.toLowerCase()).length;
}
