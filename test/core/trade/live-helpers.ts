/**
 * Live-path fixtures on the sandbox venue (real HTTP on 127.0.0.1, signatures verified): a funded
 * wallet's session through the official client, a memory store, and trade candidates built from the
 * sandbox's own catalog and books at its simulated time.
 */
import { afterEach } from "bun:test";
import { openClobSession } from "../../../core/adapters/polymarket/execution/session.ts";
import type { VenueSession } from "../../../core/adapters/venue.ts";
import { Credentials } from "../../../core/credentials.ts";
import { Decimal, ONE, ZERO } from "../../../core/decimal.ts";
import { venueMarkets } from "../../../core/markets/token-markets.ts";
import type { TradeCandidate } from "../../../core/model/candidate.ts";
import { presetSchedule, venueSchedule } from "../../../core/model/fee-schedule.ts";
import type { Store } from "../../../core/store/open.ts";
import type { EngineContext } from "../../../core/trade/engine.ts";
import type { SandboxExchange } from "../../../sandbox/clob/exchange.ts";
import type { SandboxOptions } from "../../../sandbox/index.ts";
import type { SandboxMarket } from "../../../sandbox/types.ts";
import { type TestSandbox, type TestWallet, useTestSandbox } from "../../helpers/sandbox.ts";
import { memoryStore } from "./engine-helpers.ts";
import { candidate, limits } from "./fixtures.ts";

/**
 * The test file's (or describe block's) sandbox venue, its clock frozen at 2026-11-25 12:03 UTC
 * unless `options` say otherwise: started before the tests, its faults cleared after each, stopped
 * at the end.
 */
export function sandboxPerFile(seed: number, options: Partial<SandboxOptions> = {}): TestSandbox {
  const sandbox = useTestSandbox({ seed, startAt: Date.UTC(2026, 10, 25, 12, 3, 0), ...options });
  afterEach(() => sandbox.admin.clearFaults());
  return sandbox;
}

export async function liveSession(sandbox: TestSandbox, wallet?: TestWallet, timeoutMs = 2_000): Promise<{ session: VenueSession; wallet: TestWallet; credentials: Credentials }> {
  const funded = wallet ?? (await sandbox.fundedWallet());
  const creds = funded.creds!;
  const credentials = new Credentials(funded.privateKey, { key: creds.apiKey, secret: creds.secret, passphrase: creds.passphrase }, undefined, 0);
  const session = await openClobSession({ clobUrl: `${sandbox.url}/clob`, chainId: 137, credentials, timeoutMs });
  return { session, wallet: funded, credentials };
}

/** A live engine on a fresh memory store, through a new funded wallet's session. */
export async function liveEngine(sandbox: TestSandbox, timeoutMs = 2_000) {
  const { session, wallet } = await liveSession(sandbox, undefined, timeoutMs);
  const store = memoryStore();
  return { session, wallet, store, ctx: liveContext(store, sandbox, session) };
}

export function liveContext(store: Store, sandbox: TestSandbox, session: VenueSession, overrides: Partial<EngineContext> = {}): EngineContext {
  return {
    store,
    // The venue path is under test, not the edge: a candidate near 1 has at most 1 − its price (candidateFor).
    limits: limits({ maxPriceAgeMs: 600_000, maxBookAgeMs: 600_000, cooldownMs: 0, minEdge: new Decimal(0) }),
    orderType: "FOK",
    venue: { mode: "live", session, settleTimeoutMs: 0, pollMs: 50 },
    markets: venueMarkets({ clobUrl: `${sandbox.url}/clob`, timeoutMs: 2_000, store: store.db }),
    now: () => new Date(sandbox.app.clock.now()),
    ...overrides,
  };
}

/** Open markets with at least `minutes` left whose Up/first outcome has asks, soonest first. */
export function tradableMarkets(sandbox: TestSandbox, minutes = 5): SandboxMarket[] {
  const now = sandbox.app.clock.now();
  return sandbox.app
    .markets!.list(now)
    .filter((market) => market.winner === undefined && market.end - now > minutes * 60_000 && market.windowStart <= now)
    .filter((market) => (sandbox.app.books!.book(market.tokenIds[0], now)?.asks.length ?? 0) >= 2)
    .sort((a, b) => a.end - b.end);
}

/** A fresh tradable market at each call (round the list), so one test's reconciliation never meets another's orders. */
export function marketPicker(sandbox: TestSandbox, minutes = 5): () => SandboxMarket {
  let picked = 0;
  return () => {
    const markets = tradableMarkets(sandbox, minutes);
    return markets[picked++ % markets.length]!;
  };
}

/**
 * A candidate that takes the best `levels` ask levels of the market's first outcome (cost in whole
 * cents kept under `maxCost`), as a scan would have found them just now; with `missing`, shares for
 * that much more collateral at the limit (the book may not hold them: it moved since the scan).
 */
export function candidateFor(
  sandbox: TestSandbox,
  market: SandboxMarket,
  options: { id?: string; levels?: number; maxCost?: string; outcome?: 0 | 1; missing?: string } = {},
): TradeCandidate {
  const now = sandbox.app.clock.now();
  const index = options.outcome ?? 0;
  const tokenId = market.tokenIds[index];
  const book = sandbox.app.books!.book(tokenId, now)!;
  const asks = book.asks.map((ask) => ({ price: new Decimal(ask.price), size: new Decimal(ask.size) })).sort((a, b) => a.price.comparedTo(b.price));
  const limitPrice = asks[Math.min(options.levels ?? 1, asks.length) - 1]!.price;
  const fee = market.fee
    ? venueSchedule({ rate: market.fee.rate, exponent: market.fee.exponent, takerOnly: market.fee.takerOnly }, `gamma:${market.slug}`)
    : { ok: true as const, value: presetSchedule("none") };
  if (!fee.ok) throw new Error(fee.error);
  const levels: { price: Decimal; size: Decimal }[] = [];
  let cost = ZERO;
  for (const ask of asks.slice(0, options.levels ?? 1)) {
    const take = Decimal.min(ask.size, new Decimal(options.maxCost ?? "10").minus(cost).dividedBy(ask.price).toDecimalPlaces(2, Decimal.ROUND_DOWN));
    if (!take.gt(0)) break;
    levels.push({ price: ask.price, size: take });
    cost = cost.plus(take.times(ask.price));
  }
  if (options.missing) levels.push({ price: limitPrice, size: new Decimal(options.missing).dividedBy(limitPrice).toDecimalPlaces(2, Decimal.ROUND_DOWN) });
  const found = candidate({
    opportunityId: options.id ?? `opp_test_${market.conditionId.slice(2, 10)}_${index}`,
    conditionId: market.conditionId,
    marketId: market.id,
    slug: market.slug,
    outcome: market.outcomes[index],
    tokenId,
    limitPrice,
    size: levels.reduce((sum, level) => sum.plus(level.size), ZERO),
    cost: levels.reduce((sum, level) => sum.plus(level.size.times(level.price)), ZERO),
    levels,
    feeSchedule: fee.value,
    tickSize: new Decimal(book.tickSize),
    minSize: new Decimal(market.minSize),
    negRisk: market.negRisk,
    end: new Date(market.end),
    evaluatedAt: new Date(now),
    priceAgeMs: 100,
    bookAgeMs: 100,
    netEdge: new Decimal("0.05"),
  });
  // A fair 5 points above the average price and fee, at most 1: the edge the scan would have seen.
  return found.fair.gt(ONE) ? { ...found, fair: ONE, netEdge: found.netEdge.minus(found.fair.minus(ONE)) } : found;
}

/** POST /clob/order requests the venue has seen. */
export const orderPosts = (sandbox: TestSandbox): Promise<number> => sandbox.admin.requests("/clob/order");

/** Orders the venue holds whose metadata is this client order id. */
export function venueOrders(sandbox: TestSandbox, clientOrderId: string): number {
  return [...(sandbox.app.exchange as SandboxExchange).orders.values()].filter((order) => order.metadata.toLowerCase() === clientOrderId).length;
}

/** Waits (no deadline of its own: the test's timeout bounds it) until the venue holds the order. */
export async function untilAtVenue(sandbox: TestSandbox, orderId: string): Promise<void> {
  while (!(sandbox.app.exchange as SandboxExchange).orders.has(orderId)) await Bun.sleep(50);
}
