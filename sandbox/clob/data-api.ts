/**
 * The Data API (`/data-api`): `GET /positions?user=`, `GET /trades?user=`, `GET /activity?user=`,
 * built from the exchange's balances, trades and redemptions. Like the real one it answers with
 * JSON numbers and lower-case wallet addresses; `user` is the funding (proxy) wallet. Failed (ghost)
 * trades are left out. Positions turn `redeemable` once their market has a winner, and disappear
 * when the venue redeems them (see resolution.ts). Also `GET /value?user=` (the current value of a
 * wallet's positions, `[{user, value}]`), `GET /holders?market=<condition ids>&limit=` (per outcome
 * token, its largest holders, biggest first) and `GET /` (a health answer, `{"data": "OK"}` —
 * assumed, the live body is not documented).
 */
import { Decimal } from "../../core/decimal.ts";
import { commaList } from "../spot/common.ts";
import type { SandboxMarket } from "../types.ts";
import { microToDecimal } from "./amounts.ts";
import type { SandboxExchange } from "./exchange.ts";
import { type Clob, venueError } from "./http.ts";
import type { VenueTrade } from "./state.ts";

function num(value: Decimal): number {
  return Number(value.toDecimalPlaces(6).toString());
}

function marketFields(market: SandboxMarket, tokenId: string) {
  const index = market.tokenIds.indexOf(tokenId);
  return {
    conditionId: market.conditionId,
    title: market.question,
    slug: market.slug,
    icon: "",
    eventSlug: market.slug,
    outcome: market.outcomes[index] ?? "",
    outcomeIndex: index,
  };
}

function settledTrades(ex: SandboxExchange, user: string): VenueTrade[] {
  return ex.trades.filter((trade) => trade.funder === user && trade.status !== "FAILED");
}

/** Current price of an outcome: 1/0 once resolved, else the book's mid (or last trade). */
function currentPrice(ex: SandboxExchange, market: SandboxMarket, tokenId: string): Decimal {
  if (market.winner !== undefined) return new Decimal(market.tokenIds.indexOf(tokenId) === market.winner ? 1 : 0);
  const book = ex.book(tokenId, ex.app.clock.now());
  const bid = book?.bids.reduce<Decimal | undefined>((best, level) => (best === undefined || new Decimal(level.price).gt(best) ? new Decimal(level.price) : best), undefined);
  const ask = book?.asks.reduce<Decimal | undefined>((best, level) => (best === undefined || new Decimal(level.price).lt(best) ? new Decimal(level.price) : best), undefined);
  if (bid && ask) return bid.add(ask).div(2);
  return new Decimal(book?.lastTradePrice ?? 0);
}

function positions(ex: SandboxExchange, user: string) {
  return ex.accounts.holdings(user).flatMap(({ tokenId, amount }) => {
    const market = ex.market(tokenId);
    if (!market) return [];
    let size = new Decimal(0);
    let cost = new Decimal(0);
    let bought = new Decimal(0);
    let realized = new Decimal(0);
    for (const trade of settledTrades(ex, user).filter((t) => t.tokenId === tokenId)) {
      const shares = microToDecimal(trade.shares);
      const collateral = microToDecimal(trade.collateral);
      if (trade.side === "BUY") {
        size = size.add(shares);
        cost = cost.add(collateral);
        bought = bought.add(shares);
      } else if (size.gt(0)) {
        const average = cost.div(size);
        realized = realized.add(collateral.sub(average.mul(shares)));
        cost = cost.sub(average.mul(shares));
        size = size.sub(shares);
      }
    }
    const held = microToDecimal(amount);
    const avgPrice = size.gt(0) ? cost.div(size) : new Decimal(0);
    const curPrice = currentPrice(ex, market, tokenId);
    const initialValue = held.mul(avgPrice);
    const currentValue = held.mul(curPrice);
    const index = market.tokenIds.indexOf(tokenId);
    return [
      {
        proxyWallet: user,
        asset: tokenId,
        size: num(held),
        avgPrice: num(avgPrice),
        initialValue: num(initialValue),
        currentValue: num(currentValue),
        cashPnl: num(currentValue.sub(initialValue)),
        percentPnl: initialValue.gt(0) ? num(currentValue.sub(initialValue).div(initialValue).mul(100)) : 0,
        totalBought: num(bought),
        realizedPnl: num(realized),
        percentRealizedPnl: 0,
        curPrice: num(curPrice),
        redeemable: market.winner !== undefined,
        mergeable: false,
        ...marketFields(market, tokenId),
        oppositeOutcome: market.outcomes[1 - index] ?? "",
        oppositeAsset: market.tokenIds[1 - index] ?? "",
        endDate: new Date(market.end).toISOString(),
        negativeRisk: market.negRisk,
      },
    ];
  });
}

function tradeRows(ex: SandboxExchange, user: string) {
  return settledTrades(ex, user).map((trade) => ({
    proxyWallet: user,
    side: trade.side,
    asset: trade.tokenId,
    size: num(microToDecimal(trade.shares)),
    price: num(microToDecimal(trade.collateral).div(microToDecimal(trade.shares))),
    timestamp: Math.floor(trade.matchTime / 1000),
    ...marketFields(trade.market, trade.tokenId),
    name: "",
    pseudonym: "",
    bio: "",
    profileImage: "",
    profileImageOptimized: "",
    transactionHash: trade.transactionHash,
  }));
}

function activityRows(ex: SandboxExchange, user: string) {
  const trades = tradeRows(ex, user).map((row) => ({ ...row, type: "TRADE", usdcSize: num(new Decimal(row.size).mul(row.price)) }));
  const redeems = ex.redemptions
    .filter((entry) => entry.funder === user)
    .map((entry) => ({
      proxyWallet: user,
      timestamp: Math.floor(entry.time / 1000),
      type: "REDEEM",
      size: num(microToDecimal(entry.shares)),
      usdcSize: num(microToDecimal(entry.payout)),
      transactionHash: entry.transactionHash,
      price: entry.shares > 0n ? num(microToDecimal(entry.payout).div(microToDecimal(entry.shares))) : 0,
      asset: entry.tokenId,
      side: "",
      ...marketFields(entry.market, entry.tokenId),
      name: "",
      pseudonym: "",
    }));
  return [...trades, ...redeems];
}

function newestFirst<T extends { timestamp: number }>(rows: T[], url: URL): T[] {
  const limit = Math.min(Number(url.searchParams.get("limit") ?? 100) || 100, 500);
  const offset = Number(url.searchParams.get("offset") ?? 0) || 0;
  return [...rows].sort((a, b) => b.timestamp - a.timestamp).slice(offset, offset + limit);
}

const DEFAULT_HOLDERS = 20;
const MAX_HOLDERS = 500;

function holders(clob: Clob, conditionIds: string[], limit: number) {
  const { app, ex } = clob;
  return conditionIds.flatMap((conditionId) => {
    const market = app.markets?.byCondition(conditionId);
    if (!market) return [];
    return market.tokenIds.map((token, outcomeIndex) => ({
      token,
      holders: ex.accounts
        .holdersOf(token)
        .map((wallet) => ({ wallet, amount: ex.accounts.tokens(wallet, token) }))
        .sort((a, b) => (b.amount > a.amount ? 1 : b.amount < a.amount ? -1 : 0))
        .slice(0, limit)
        .map(({ wallet, amount }) => ({
          proxyWallet: wallet,
          bio: "",
          asset: token,
          pseudonym: "",
          amount: num(microToDecimal(amount)),
          displayUsernamePublic: true,
          outcomeIndex,
          name: "",
          profileImage: "",
          profileImageOptimized: "",
        })),
    }));
  });
}

export function registerDataApi(clob: Clob): void {
  const { app, ex } = clob;
  /** A `GET` route for one wallet's records, after the exchange catches up to now. */
  const userRoute = (path: string, build: (user: string, url: URL) => unknown) =>
    app.route("data-api", "GET", path, ({ url }) => {
      ex.sweep(app.clock.now());
      const user = url.searchParams.get("user");
      if (!user || !/^0x[0-9a-fA-F]{40}$/.test(user)) return venueError(400, "required query param 'user' not provided or invalid");
      return build(user.toLowerCase(), url);
    });
  userRoute("/positions", (user, url) => {
    const market = url.searchParams.get("market");
    return positions(ex, user).filter((row) => !market || market.split(",").includes(row.conditionId));
  });
  userRoute("/trades", (user, url) => newestFirst(tradeRows(ex, user), url));
  userRoute("/activity", (user, url) => newestFirst(activityRows(ex, user), url));
  userRoute("/value", (user) => [{ user, value: num(positions(ex, user).reduce((sum, row) => sum.add(row.currentValue), new Decimal(0))) }]);
  app.route("data-api", "GET", "/", () => ({ data: "OK" }));
  app.route("data-api", "GET", "/holders", ({ url }) => {
    ex.sweep(app.clock.now());
    const market = url.searchParams.get("market");
    if (!market) return venueError(400, "required query param 'market' not provided");
    const limit = Math.min(MAX_HOLDERS, Math.max(1, Number(url.searchParams.get("limit") ?? DEFAULT_HOLDERS) || DEFAULT_HOLDERS));
    return holders(clob, commaList(market), limit);
  });
}
