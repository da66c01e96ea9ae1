/**
 * Discovery as one step: list Gamma rows, parse, drop closed or expired ones as of `at`, classify,
 * filter, complete markets whose row lacks a fee schedule, tick or minimum size from the CLOB, and
 * optionally attach order books.
 */

import { type GammaProgress, listGammaRows } from "../adapters/polymarket/gamma/client.ts";
import { parseGammaRow } from "../adapters/polymarket/gamma/row.ts";
import { attachBooks } from "../adapters/polymarket/market-data/books.ts";
import { type ClobMarketInfo, fetchClobMarket } from "../adapters/polymarket/market-data/market-info.ts";
import { log } from "../cli/log.ts";
import { mapLimit } from "../concurrency.ts";
import type { Market, MarketKind } from "../model/market.ts";
import { type ClassifiedMarket, classify } from "./classify.ts";
import { matchesFilters } from "./options.ts";

export type DiscoverOptions = {
  /** Evaluate as of this time (ms). */
  at: number;
  symbols?: readonly string[];
  kinds?: readonly MarketKind[];
  /** Only markets ending within this many ms of `at`. */
  endsWithinMs?: number;
  books?: boolean;
  depth?: number;
  tagId?: string;
};

export type DiscoverDeps = {
  gammaUrl: string;
  clobUrl: string;
  timeoutMs?: number;
  /** Real time, for deciding whether `at` is a replay of the past. */
  now?: number;
  onProgress?: (progress: GammaProgress) => void;
};

type Skipped = { slug: string; question: string; reason: string };

export type Discovery = {
  markets: Market[];
  skipped: Skipped[];
  malformed: string[];
  /** Rows dropped as closed or already ended at `at`, and by the filters. */
  closed: number;
  filtered: number;
  rows: number;
  requests: { gamma: number; clobMarkets: number; books: number };
  bookProblems: string[];
};

/** Gamma's and the CLOB's views of a market, combined; a contradiction about fees stays unknown. */
function complete(market: ClassifiedMarket, info: ClobMarketInfo | undefined): Market | string {
  let fee = market.fee;
  if (fee.status === "unknown" && info?.fee) {
    fee =
      info.fee.status === "disabled" && /fees enabled/.test(fee.reason)
        ? { status: "unknown", reason: "Gamma says fees are enabled but the CLOB's fee data charges nothing" }
        : info.fee;
  }
  const tick = market.tick_size ?? info?.tickSize;
  const min = market.min_size ?? info?.minSize;
  if (!tick) return "no tick size from Gamma or the CLOB";
  if (!min) return "no minimum order size from Gamma or the CLOB";
  return { ...market, fee, tick_size: tick, min_size: min, neg_risk: market.neg_risk || (info?.negRisk ?? false) };
}

export async function discoverMarkets(options: DiscoverOptions, deps: DiscoverDeps): Promise<Discovery> {
  const now = deps.now ?? Date.now();
  const openOnly = options.at >= now - 60_000;
  const listing = await listGammaRows(
    { endMin: options.at, endMax: options.endsWithinMs === undefined ? undefined : options.at + options.endsWithinMs, openOnly, tagId: options.tagId },
    { gammaUrl: deps.gammaUrl, timeoutMs: deps.timeoutMs, onProgress: deps.onProgress },
  );
  const result = emptyDiscovery(listing.rows.length);
  result.requests.gamma = listing.pages;
  const classified = classifyRows(listing.rows, options, openOnly, result);

  const needInfo = classified.filter((market) => market.fee.status === "unknown" || !market.tick_size || !market.min_size);
  const infos = new Map<string, ClobMarketInfo>();
  await mapLimit(needInfo, 8, async (market) => {
    result.requests.clobMarkets++;
    try {
      infos.set(market.condition_id, await fetchClobMarket(deps.clobUrl, market.condition_id, deps.timeoutMs));
    } catch (error) {
      log().debug(`clob-markets ${market.condition_id}: ${(error as Error).message}`);
    }
  });
  completeMarkets(classified, infos, result);

  if (options.books && result.markets.length > 0) {
    const fetched = await attachBooks(result.markets, { clobUrl: deps.clobUrl, timeoutMs: deps.timeoutMs }, options.depth);
    result.requests.books = fetched.requests;
    result.bookProblems = fetched.problems;
  }
  return result;
}

export function emptyDiscovery(rows: number): Discovery {
  return { markets: [], skipped: [], malformed: [], closed: 0, filtered: 0, rows, requests: { gamma: 0, clobMarkets: 0, books: 0 }, bookProblems: [] };
}

/** Gamma rows → the markets they describe as of `options.at` (no requests); what is dropped is counted in `result`. */
export function classifyRows(rows: readonly { raw: unknown; eventTitle?: string }[], options: DiscoverOptions, openOnly: boolean, result: Discovery): ClassifiedMarket[] {
  const classified: ClassifiedMarket[] = [];
  for (const { raw, eventTitle } of rows) {
    const row = parseGammaRow(raw, eventTitle);
    if (!row.ok) {
      result.malformed.push(row.error);
      continue;
    }
    const value = row.value;
    if (value.endDate <= options.at || (openOnly && value.closed === true)) {
      result.closed++;
      continue;
    }
    const outcome = classify(value);
    if (!outcome.ok) {
      result.skipped.push({ slug: value.slug, question: value.question, reason: outcome.reason });
      continue;
    }
    if (!matchesFilters(outcome.market, options, options.at)) {
      result.filtered++;
      continue;
    }
    classified.push(outcome.market);
  }
  return classified;
}

/** Classified markets completed with the CLOB's info where it was read; one still incomplete is skipped with why. */
export function completeMarkets(classified: readonly ClassifiedMarket[], infos: ReadonlyMap<string, ClobMarketInfo>, result: Discovery): void {
  for (const market of classified) {
    const completed = complete(market, infos.get(market.condition_id));
    if (typeof completed === "string") result.skipped.push({ slug: market.slug, question: market.question, reason: completed });
    else result.markets.push(completed);
  }
}
