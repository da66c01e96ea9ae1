/**
 * The market (condition id) an outcome token belongs to, from a source pm-arb trusts — never the
 * condition id a record claims: the guardian counts exposure and cooldown against it. `run` knows
 * its markets from discovery; `risk` and `trade` ask the venue. A token's market never changes, so
 * answers are kept in memory and the store: one request per market, ever. Fails closed: no answer,
 * or one that does not name the token, leaves the market unknown, and the token is not traded.
 */
import { CONDITION_ID, fetchMarketByToken } from "../adapters/polymarket/market-data/market-by-token.ts";
import type { Parsed } from "../safe-parse.ts";
import { getState, type Queryable, setState } from "../store/tx.ts";

export interface TokenMarkets {
  /** The condition id of the market `tokenId` belongs to, or why it cannot be established. */
  marketOf(tokenId: string): Promise<Parsed<string>>;
}

/** Markets the caller already knows (discovered from the venue): a lookup, no I/O. */
export function knownMarkets(lookup: (tokenId: string) => string | undefined, source: string): TokenMarkets {
  return {
    marketOf: async (tokenId) => {
      const market = lookup(tokenId);
      return market !== undefined ? { ok: true, value: market } : { ok: false, error: `token not among the markets ${source}` };
    },
  };
}

const stateKey = (tokenId: string) => `token_market:${tokenId}`;

export type VenueMarketsOptions = { clobUrl: string; timeoutMs: number; store?: Queryable; now?: () => Date };

export function venueMarkets(options: VenueMarketsOptions): TokenMarkets {
  const known = new Map<string, string>();
  const asking = new Map<string, Promise<Parsed<string>>>();
  const ask = async (tokenId: string): Promise<Parsed<string>> => {
    const answer = await fetchMarketByToken(options.clobUrl, tokenId, options.timeoutMs);
    if (!answer.ok) return answer;
    const { conditionId, tokens } = answer.value;
    for (const token of tokens) {
      known.set(token, conditionId);
      if (options.store) setState(options.store, stateKey(token), conditionId, options.now?.());
    }
    return { ok: true, value: conditionId };
  };
  return {
    marketOf: async (tokenId) => {
      const remembered = known.get(tokenId) ?? stored(options.store, tokenId);
      if (remembered !== undefined) {
        known.set(tokenId, remembered);
        return { ok: true, value: remembered };
      }
      return asking.getOrInsertComputed(tokenId, () => {
        const pending = ask(tokenId);
        void pending.finally(() => asking.delete(tokenId));
        return pending;
      });
    },
  };
}

function stored(store: Queryable | undefined, tokenId: string): string | undefined {
  if (!store) return undefined;
  const value = getState(store, stateKey(tokenId));
  return typeof value === "string" && CONDITION_ID.test(value) ? value : undefined;
}
