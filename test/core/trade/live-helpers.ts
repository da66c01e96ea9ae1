/**
 * Live-path fixtures on the sandbox venue (real HTTP on 127.0.0.1, signatures verified): a funded
 * wallet's session through the official client, a memory store, and trade candidates built from the
 * sandbox's own catalog and books at its simulated time.
 */
import { Credentials } from "../../../core/credentials.ts";
import { Decimal, ZERO } from "../../../core/decimal.ts";
import { presetSchedule, venueSchedule } from "../../../core/fees/schedule.ts";
import type { SandboxMarket } from "../../../core/sandbox/types.ts";
import type { Store } from "../../../core/store/open.ts";
import type { TradeCandidate } from "../../../core/trade/candidate.ts";
import { openClobSession, type ClobSession } from "../../../core/trade/clob-session.ts";
import type { EngineContext } from "../../../core/trade/engine.ts";
import type { TestSandbox, TestWallet } from "../../helpers/sandbox.ts";
import { limits } from "./fixtures.ts";

export async function liveSession(sandbox: TestSandbox, wallet?: TestWallet, timeoutMs = 2_000): Promise<{ session: ClobSession; wallet: TestWallet; credentials: Credentials }> {
  const funded = wallet ?? (await sandbox.fundedWallet());
  const creds = funded.creds!;
  const credentials = new Credentials(funded.privateKey, { key: creds.apiKey, secret: creds.secret, passphrase: creds.passphrase }, undefined, 0);
  const session = await openClobSession({ clobUrl: `${sandbox.url}/clob`, chainId: 137, credentials, timeoutMs });
  return { session, wallet: funded, credentials };
}

export function liveContext(store: Store, sandbox: TestSandbox, session: ClobSession, overrides: Partial<EngineContext> = {}): EngineContext {
  return {
    store,
    limits: limits({ maxPriceAgeMs: 600_000, maxBookAgeMs: 600_000, cooldownMs: 0 }),
    orderType: "FOK",
    venue: { mode: "live", session, settleTimeoutMs: 0, pollMs: 50 },
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

/**
 * A candidate that takes the best `levels` ask levels of the market's first outcome (cost in whole
 * cents kept under `maxCost`), as a scan would have found them just now.
 */
export function candidateFor(sandbox: TestSandbox, market: SandboxMarket, options: { id?: string; levels?: number; maxCost?: string; outcome?: 0 | 1 } = {}): TradeCandidate {
  const now = sandbox.app.clock.now();
  const index = options.outcome ?? 0;
  const tokenId = market.tokenIds[index];
  const book = sandbox.app.books!.book(tokenId, now)!;
  const asks = [...book.asks].sort((a, b) => new Decimal(a.price).comparedTo(b.price)).slice(0, options.levels ?? 1);
  let size = ZERO;
  let cost = ZERO;
  const cap = new Decimal(options.maxCost ?? "10");
  for (const level of asks) {
    const room = cap.minus(cost);
    if (!room.gt(0)) break;
    const take = Decimal.min(new Decimal(level.size), room.dividedBy(level.price).toDecimalPlaces(2, Decimal.ROUND_DOWN));
    size = size.plus(take);
    cost = cost.plus(take.times(level.price));
  }
  const fee = market.fee ? venueSchedule({ rate: market.fee.rate, exponent: market.fee.exponent, takerOnly: market.fee.takerOnly }, `gamma:${market.slug}`) : { ok: true as const, value: presetSchedule("none") };
  if (!fee.ok) throw new Error(fee.error);
  return {
    opportunityId: options.id ?? `opp_test_${market.conditionId.slice(2, 10)}_${index}`,
    conditionId: market.conditionId,
    marketId: market.id,
    slug: market.slug,
    outcome: market.outcomes[index],
    tokenId,
    side: "BUY",
    limitPrice: new Decimal(asks[asks.length - 1]!.price),
    size,
    cost,
    feeSchedule: fee.value,
    tickSize: new Decimal(book.tickSize),
    minSize: new Decimal(market.minSize),
    negRisk: market.negRisk,
    end: new Date(market.end),
    evaluatedAt: new Date(now),
    priceAgeMs: 100,
    bookAgeMs: 100,
    netEdge: new Decimal("0.05"),
  };
}

/** POST /clob/order requests the venue has seen. */
export async function orderPosts(sandbox: TestSandbox): Promise<number> {
  const counters = await sandbox.admin.counters();
  return counters["/clob/order"]?.requests ?? 0;
}
