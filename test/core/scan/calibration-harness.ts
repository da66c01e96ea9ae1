/**
 * Calibration on the sandbox venue: step the frozen simulated clock, and at each step do what `run`
 * does in-process — discover markets with books, refresh the oracle (Binance + the Chainlink stream,
 * keeping the settlement values it sees as history), load volatility and window openings, and call
 * `scanMarkets`. Every priced market's fair probability and its book's mid are kept per window;
 * once the windows have settled (read back from Gamma), they are scored.
 */

import { fetchResolutions } from "../../../core/adapters/polymarket/gamma/resolutions.ts";
import { fetchKlines } from "../../../core/adapters/spot/binance.ts";
import { Decimal } from "../../../core/decimal.ts";
import { discoverMarkets } from "../../../core/markets/discover.ts";
import type { Market } from "../../../core/model/market.ts";
import { createOracle } from "../../../core/oracle/oracle.ts";
import type { PricePoint } from "../../../core/scan/reference-price.ts";
import { type OpportunityFields, scanMarkets } from "../../../core/scan/scan.ts";
import { loadModelInputs, pricesFromOracle } from "../../../core/scan/sources.ts";
import { startTestSandbox } from "../../helpers/sandbox.ts";

export type CalibrationOptions = { seed: number; lagMs: number; steps: number; stepMs: number; minEdge?: string };

type Sample = { conditionId: string; slug: string; kind: string; fair: number; mid?: number; at: number };

export type Calibration = {
  samples: Sample[];
  opportunities: OpportunityFields[];
  /** condition id → 1 when the first outcome (Up/Yes) won, 0 otherwise. */
  outcomes: Map<string, number>;
  /** Windows (markets) scanned at least once, and those with at least one fair-value opportunity. */
  scannedWindows: Set<string>;
  windowsWithOpportunity: Set<string>;
  evaluations: number;
  evaluationsWithOpportunity: number;
};

function mid(market: Market): number | undefined {
  const book = market.books?.[market.outcomes[0]!.token_id];
  const bid = book?.bids[0]?.price;
  const ask = book?.asks[0]?.price;
  return bid && ask ? bid.plus(ask).dividedBy(2).toNumber() : undefined;
}

export async function calibrate(options: CalibrationOptions): Promise<Calibration> {
  const sandbox = await startTestSandbox({ seed: options.seed, lagMs: options.lagMs, speed: 0 });
  const clock = () => sandbox.app.clock.now();
  const urls = { gammaUrl: `${sandbox.url}/gamma`, clobUrl: `${sandbox.url}/clob` };
  const oracle = createOracle({ providers: ["binance", "rtds"], urls: { binance_url: `${sandbox.url}/binance`, rtds_url: sandbox.ws("/rtds") }, now: clock });
  const history = new Map<string, PricePoint[]>();
  const result: Calibration = {
    samples: [],
    opportunities: [],
    outcomes: new Map(),
    scannedWindows: new Set(),
    windowsWithOpportunity: new Set(),
    evaluations: 0,
    evaluationsWithOpportunity: 0,
  };
  const symbols = ["BTC", "ETH", "SOL", "XRP"];
  const seen = new Map<string, Market>();
  try {
    for (let step = 0; step < options.steps; step++) {
      if (step > 0) await sandbox.admin.advance(options.stepMs);
      const now = clock();
      await oracle.refresh(symbols);
      // The stream ticks every ~150 ms of real time: wait for its value at the new simulated time.
      for (let i = 0; i < 100 && symbols.some((symbol) => oracle.settlement(symbol)?.sourceTs === undefined || now - oracle.settlement(symbol)!.sourceTs! > 1000); i++)
        await Bun.sleep(10);
      await oracle.refresh(symbols);
      for (const symbol of symbols) {
        const settlement = oracle.settlement(symbol);
        if (settlement?.sourceTs !== undefined) history.set(symbol, [...(history.get(symbol) ?? []), { ts: settlement.sourceTs, price: settlement.price }]);
      }
      const discovery = await discoverMarkets({ at: now, books: true, depth: 10 }, { ...urls, now });
      const markets = discovery.markets.filter((market) => market.kind === "updown" || market.kind === "above");
      // The sandbox's spot is a GBM, whose realised volatility is unbiased: priced unscaled (the default scale is fitted to real BTC).
      const model = await loadModelInputs(markets, now, {
        klines: (symbol, query) => fetchKlines(`${sandbox.url}/binance`, symbol, { interval: "1m", ...query }),
        history,
        volScale: 1,
      });
      const scan = scanMarkets(
        markets,
        { spot: pricesFromOracle(oracle, symbols, now), ...model },
        { now, minEdge: new Decimal(options.minEdge ?? "0.02"), maxSize: new Decimal(1000), maxPriceAgeMs: 3000, maxBookAgeMs: 5000, minSecondsLeft: 30, complement: false },
      );
      for (const { market, pricing } of scan.priced) {
        seen.set(market.condition_id, market);
        result.samples.push({ conditionId: market.condition_id, slug: market.slug, kind: market.kind, fair: pricing.fairs[0]!.toNumber(), mid: mid(market), at: now });
        result.scannedWindows.add(market.condition_id);
        result.evaluations++;
        const found = scan.opportunities.filter((opp) => opp.condition_id === market.condition_id && opp.strategy === "fair_value");
        if (found.length > 0) {
          result.evaluationsWithOpportunity++;
          result.windowsWithOpportunity.add(market.condition_id);
        }
      }
      result.opportunities.push(...scan.opportunities);
    }
    // Let every Up/Down window seen end and settle, then read the winners back from Gamma.
    const lastEnd = Math.max(...[...seen.values()].filter((market) => market.kind === "updown").map((market) => market.end));
    if (lastEnd > clock()) await sandbox.admin.advance(lastEnd - clock() + 5_000);
    const ended = [...seen.values()].filter((market) => market.end <= clock()).map((market) => market.condition_id);
    for (const { conditionId, winners, tokens } of (await fetchResolutions(urls.gammaUrl, ended, 5_000)).values())
      result.outcomes.set(conditionId.toLowerCase(), winners.has(tokens[0]!) ? 1 : 0);
    return result;
  } finally {
    await oracle.close();
    await sandbox.stop();
  }
}

/** Mean squared error of probabilities against outcomes, over samples whose window settled (and with a mid). */
export function brier(calibration: Calibration): { fair: number; mid: number; n: number } {
  let fair = 0;
  let mid = 0;
  let n = 0;
  for (const sample of calibration.samples) {
    const outcome = calibration.outcomes.get(sample.conditionId.toLowerCase());
    if (outcome === undefined || sample.mid === undefined) continue;
    fair += (sample.fair - outcome) ** 2;
    mid += (sample.mid - outcome) ** 2;
    n++;
  }
  return { fair: fair / n, mid: mid / n, n };
}
