/**
 * The Data API's totals and holder lists: `GET /value?user=` (the current value of a wallet's
 * positions, `[{user, value}]`), `GET /holders?market=<condition ids>&limit=` (per outcome token,
 * its largest holders, biggest first) and `GET /` (a health answer, `{"data": "OK"}` — assumed, the
 * live body is not documented). Numbers and lower-case addresses, as the live API sends them.
 */
import { Decimal } from "../../core/decimal.ts";
import { microToDecimal } from "./amounts.ts";
import { positions } from "./data-api.ts";
import { type Clob, venueError } from "./http.ts";

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
          amount: Number(microToDecimal(amount).toDecimalPlaces(6).toString()),
          displayUsernamePublic: true,
          outcomeIndex,
          name: "",
          profileImage: "",
          profileImageOptimized: "",
        })),
    }));
  });
}

export function registerDataApiHolders(clob: Clob): void {
  const { app, ex } = clob;
  app.route("data-api", "GET", "/", () => ({ data: "OK" }));
  app.route("data-api", "GET", "/value", ({ url }) => {
    ex.sweep(app.clock.now());
    const user = url.searchParams.get("user");
    if (!user || !/^0x[0-9a-fA-F]{40}$/.test(user)) return venueError(400, "required query param 'user' not provided or invalid");
    const value = positions(ex, user.toLowerCase()).reduce((sum, row) => sum.add(row.currentValue), new Decimal(0));
    return [{ user: user.toLowerCase(), value: Number(value.toDecimalPlaces(6).toString()) }];
  });
  app.route("data-api", "GET", "/holders", ({ url }) => {
    ex.sweep(app.clock.now());
    const market = url.searchParams.get("market");
    if (!market) return venueError(400, "required query param 'market' not provided");
    const limit = Math.min(MAX_HOLDERS, Math.max(1, Number(url.searchParams.get("limit") ?? DEFAULT_HOLDERS) || DEFAULT_HOLDERS));
    return holders(
      clob,
      market
        .toLowerCase()
        .trim()
        .split(/\s*,\s*/)
        .filter(Boolean),
      limit,
    );
  });
}
