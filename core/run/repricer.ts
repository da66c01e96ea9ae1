/**
 * Re-pricing, the loop's hot path: a spot tick re-prices its symbol's markets, a book update its one
 * market, with the scan core, in-process. Each market's opportunities go to the desk as soon as that
 * market is priced; the books' lag behind spot is recorded after. A tick also feeds the settlement
 * stream's points to the model (window openings).
 */
import { stamp } from "../cli/output.ts";
import type { Market, OrderBook } from "../model/market.ts";
import type { Oracle, OraclePrice } from "../oracle/oracle.ts";
import type { OpportunityRecord } from "../records/opportunity.ts";
import type { ScanCommandOptions } from "../scan/options.ts";
import { type PricedMarket, scanMarkets } from "../scan/scan.ts";
import { pricesFromOracle, type TickedPrices } from "../scan/sources.ts";
import type { VenueClock } from "../trade/venue-clock.ts";
import type { LagTracker } from "./lag.ts";
import type { HeartbeatValue } from "./loop-heartbeat.ts";
import type { ModelInputs } from "./model-inputs.ts";
import type { OpportunityDesk } from "./opportunity-desk.ts";
import type { Universe } from "./universe.ts";

export type RepricerDeps = {
  /** scan's options, the ages stretched to venue time. */
  scan: ScanCommandOptions;
  universe: Universe;
  model: ModelInputs;
  desk: OpportunityDesk;
  lag: LagTracker;
  clock: VenueClock;
  /** Counts ticks and book updates, and the last tick's time. */
  heartbeat: HeartbeatValue;
  /** The oracle once the loop has started it. */
  oracle: () => Oracle | undefined;
  stopping: () => boolean;
};

const seriesOf = (market: Market) => (market.window ? `${market.kind}-${market.window}` : market.kind);

export class Repricer {
  private readonly lastSettlement = new Map<string, string>();

  constructor(private readonly deps: RepricerDeps) {}

  onTick(price: OraclePrice): void {
    const t0 = performance.now();
    const { heartbeat } = this.deps;
    heartbeat.counts.ticks++;
    heartbeat.last_tick_at = new Date().toISOString();
    const settlement = this.deps.oracle()?.settlement(price.symbol);
    if (settlement && !settlement.stale) {
      const key = `${settlement.sourceTs ?? settlement.receivedAt}`;
      if (this.lastSettlement.get(price.symbol) !== key) {
        this.lastSettlement.set(price.symbol, key);
        this.deps.model.settlementPoint(price.symbol, settlement.sourceTs ?? settlement.receivedAt, settlement.price);
      }
    }
    if (this.deps.stopping()) return;
    this.reprice(this.deps.universe.ofSymbol(price.symbol), t0, { price, settlement });
  }

  onBook(tokenId: string, book: OrderBook): void {
    const market = this.deps.universe.ofToken(tokenId);
    if (!market) return;
    const t0 = performance.now();
    this.deps.heartbeat.counts.book_updates++;
    market.books = { ...market.books, [tokenId]: book };
    if (market.outcomes[0]?.token_id === tokenId && book.bids[0] && book.asks[0])
      this.deps.lag.book(market.id, book.bids[0].price.plus(book.asks[0].price).dividedBy(2), this.deps.clock.now());
    if (!this.deps.stopping()) this.reprice([market], t0);
  }

  /** Prices `markets` (one symbol's) now; `t0` is when the event behind it arrived (performance.now). */
  reprice(markets: readonly Market[], t0: number, ticked?: TickedPrices): void {
    const oracle = this.deps.oracle();
    if (markets.length === 0 || !oracle) return;
    const { model, desk, lag } = this.deps;
    const now = this.deps.clock.now();
    const symbol = markets[0]!.symbol;
    const spot = pricesFromOracle(oracle, [symbol], now, ticked);
    const prices = { spot, vol: model.vol, refs: model.refs };
    const options = { ...this.deps.scan, now };
    const priced: PricedMarket[] = [];
    // Nothing stands between a tick and its order but the pricing of its own market: each market's
    // opportunities go to the desk as soon as it is priced, and a live order is signed and handed to
    // the HTTP client before the symbol's other markets are priced. Records, rows and the lag after.
    for (const market of markets) {
      const result = scanMarkets([market], prices, options);
      if (result.opportunities.length > 0) {
        desk.handle(
          result.opportunities.map((fields) => stamp("opportunity", fields, new Date(now)) as OpportunityRecord),
          t0,
          now,
        );
      }
      priced.push(...result.priced);
    }
    for (const { market, pricing } of priced) {
      const fair = pricing.fairs[0];
      if (fair) lag.fair(market.id, market.symbol, seriesOf(market), fair, now);
    }
  }
}
