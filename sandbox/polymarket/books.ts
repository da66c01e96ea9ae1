/**
 * Simulated market makers' books (`app.books`). Makers quote each outcome around the fair
 * probability they compute from a *lagged* view of the spot (`t − lagMs`): `halfSpread` either side,
 * `levels` levels a cent apart, `depth` shares a level (seeded jitter, growing with distance), on the
 * market's tick and clamped to [tick, 1 − tick]. Prices move every simulated second, sizes are
 * redrawn every few seconds (which restores liquidity taken by `consume`), and the exchange's resting
 * user orders are merged in. Same seed and time → same book. A 0.01-tick market quotes on 0.001
 * while its fair probability is beyond 0.04 / 0.96, as the live venue narrows ticks near 0 and 1.
 */
import { createRng, hash32 } from "../rng.ts";
import type { SandboxInstance } from "../server.ts";
import type { BookLevel, OrderBook } from "../types.ts";
import type { Catalog, CatalogMarket } from "./catalog.ts";
import { fairFirst } from "./fair.ts";
import { bookHash, formatMicro, formatMils, toMicro, toMils } from "./wire.ts";

/** Makers re-price every simulated second (each market at its own millisecond within it)… */
export const QUOTE_MS = 1000;
/** …and redraw sizes (restoring taken liquidity) every five. */
export const REQUOTE_MS = 5000;
const LEVEL_STEP_MILS = 10;

type Side = "bids" | "asks";
type Consumed = { epoch: number; bids: Map<number, number>; asks: Map<number, number> };
export type TradeNote = { price: string; t: number; side?: "BUY" | "SELL"; size?: string; seq: number };

export class MakerBooks {
  private readonly consumed = new Map<string, Consumed>();
  private readonly touched = new Map<string, number>();
  private readonly trades = new Map<string, TradeNote>();
  private tradeSeq = 0;
  private readonly halfSpreadMils: number;
  private readonly depth: number;

  constructor(
    private readonly app: SandboxInstance,
    private readonly catalog: Catalog,
  ) {
    this.halfSpreadMils = Math.round(Number(app.options.halfSpread) * 1000);
    this.depth = Number(app.options.depth);
  }

  /**
   * When the makers last re-priced a market at or before t: once a second, at a millisecond within
   * it fixed by (seed, market, second), so book timestamps carry milliseconds as the live venue's do.
   */
  quotedAt(market: CatalogMarket, t: number): number {
    const at = (second: number) => second * QUOTE_MS + (hash32(`quote:${this.app.options.seed}:${market.conditionId}:${second}`) % QUOTE_MS);
    const second = Math.floor(t / QUOTE_MS);
    return at(second) <= t ? at(second) : at(second - 1);
  }

  /** Fair probability of outcome 0 as the makers see it at t (their lagged view, per quote step). */
  makersFair(market: CatalogMarket, t: number): number {
    const quoted = this.quotedAt(market, t);
    return fairFirst(market, this.prices(), quoted - this.app.options.lagMs, this.app.options.volatility);
  }

  /** The tick the market trades on at t. */
  tickSize(tokenId: string, t: number): string | undefined {
    const market = this.catalog.byToken(tokenId);
    return market ? formatMils(this.tickMils(market, this.makersFair(market, t))) : undefined;
  }

  /** The book at t, levels best-first, the exchange's resting user orders merged in. */
  book(tokenId: string, t: number): OrderBook | undefined {
    const market = this.catalog.byToken(tokenId);
    if (!market || t >= market.end) return undefined;
    const index = market.tokenIds[0] === tokenId ? 0 : 1;
    const first = this.makersFair(market, t);
    const tick = this.tickMils(market, first);
    const fair = index === 0 ? first : 1 - first;
    const epoch = Math.floor(t / REQUOTE_MS);
    const rng = createRng(this.app.options.seed, `depth:${tokenId}:${epoch}`);
    const [bestBid, bestAsk] = this.touch(fair * 1000, tick, index);
    const bids = new Map<number, number>();
    const asks = new Map<number, number>();
    for (let k = 0; k < this.app.options.levels; k++) {
      const bid = bestBid - k * LEVEL_STEP_MILS;
      const ask = bestAsk + k * LEVEL_STEP_MILS;
      const bidSize = this.levelSize(rng.next(), k);
      const askSize = this.levelSize(rng.next(), k);
      if (bid >= tick) bids.set(bid, bidSize);
      if (ask <= 1000 - tick) asks.set(ask, askSize);
    }
    this.subtractConsumed(tokenId, epoch, bids, asks);
    const resting = this.app.exchange?.restingLevels(tokenId);
    if (resting) {
      mergeLevels(bids, resting.bids);
      mergeLevels(asks, resting.asks);
    }
    const touchedAt = this.touched.get(tokenId);
    const trade = this.trades.get(tokenId);
    const book: OrderBook = {
      tokenId,
      conditionId: market.conditionId,
      bids: levels(bids, "bids"),
      asks: levels(asks, "asks"),
      timestamp: Math.max(this.quotedAt(market, t), touchedAt !== undefined && touchedAt <= t ? touchedAt : 0, trade && trade.t <= t ? trade.t : 0),
      hash: "",
      tickSize: formatMils(tick),
      minSize: market.minSize,
      negRisk: market.negRisk,
      lastTradePrice: trade && trade.t <= t ? trade.price : this.syntheticLastTrade(market, index, t, tick),
    };
    book.hash = bookHash(book);
    return book;
  }

  /** Removes taken liquidity (it comes back when makers requote); `side` is the taker's. */
  consume(tokenId: string, side: "BUY" | "SELL", fills: BookLevel[], t: number): void {
    const epoch = Math.floor(t / REQUOTE_MS);
    let record = this.consumed.get(tokenId);
    if (!record || record.epoch !== epoch) {
      record = { epoch, bids: new Map(), asks: new Map() };
      this.consumed.set(tokenId, record);
    }
    const taken = side === "BUY" ? record.asks : record.bids;
    for (const fill of fills) {
      const price = toMils(fill.price);
      taken.set(price, (taken.get(price) ?? 0) + toMicro(fill.size));
    }
    this.touched.set(tokenId, t);
  }

  /** Records the last trade (the market channel and /book report it). */
  noteTrade(tokenId: string, price: string, t: number, detail?: { side: "BUY" | "SELL"; size: string }): void {
    this.trades.set(tokenId, { price, t, side: detail?.side, size: detail?.size, seq: ++this.tradeSeq });
  }

  /** The last trade noted for a token (market channel `last_trade_price`). */
  lastTrade(tokenId: string): TradeNote | undefined {
    return this.trades.get(tokenId);
  }

  private prices() {
    const prices = this.app.prices;
    if (!prices) throw new Error("sandbox: no price model registered (app.prices)");
    return prices;
  }

  private tickMils(market: CatalogMarket, first: number): number {
    if (market.tickSize === "0.001") return 1;
    return first < 0.04 || first > 0.96 ? 1 : 10;
  }

  /** Best bid and ask in mils around a fair price, mirrored exactly between the two outcomes. */
  private touch(fairMils: number, tick: number, index: number): [number, number] {
    let bid = Math.floor((fairMils - this.halfSpreadMils) / tick + 1e-9) * tick;
    let ask = Math.ceil((fairMils + this.halfSpreadMils) / tick - 1e-9) * tick;
    bid = Math.min(Math.max(bid, tick), 1000 - 2 * tick);
    ask = Math.min(Math.max(ask, 2 * tick), 1000 - tick);
    if (ask <= bid) {
      if (index === 0) ask = bid + tick;
      else bid = ask - tick;
    }
    return [bid, ask];
  }

  private levelSize(u: number, k: number): number {
    const shares = this.depth * (0.5 + u) * (1 + 0.5 * k);
    return Math.max(1, Math.round(shares * 100)) * 10_000;
  }

  private subtractConsumed(tokenId: string, epoch: number, bids: Map<number, number>, asks: Map<number, number>): void {
    const record = this.consumed.get(tokenId);
    if (!record || record.epoch !== epoch) return;
    for (const [side, book] of [
      ["bids", bids],
      ["asks", asks],
    ] as const) {
      for (const [price, taken] of record[side]) {
        const left = (book.get(price) ?? 0) - taken;
        if (left > 0) book.set(price, left);
        else book.delete(price);
      }
    }
  }

  /** Without a noted trade: the makers' fair value a minute ago, on the tick. */
  private syntheticLastTrade(market: CatalogMarket, index: number, t: number, tick: number): string {
    const minute = Math.floor(t / 60_000) * 60_000;
    const first = this.makersFair(market, minute);
    const fair = index === 0 ? first : 1 - first;
    const mils = Math.min(Math.max(Math.round((fair * 1000) / tick) * tick, tick), 1000 - tick);
    return formatMils(mils);
  }
}

function mergeLevels(into: Map<number, number>, extra: BookLevel[]): void {
  for (const level of extra) {
    const price = toMils(level.price);
    const size = toMicro(level.size);
    if (size > 0) into.set(price, (into.get(price) ?? 0) + size);
  }
}

/** Model levels, best-first. */
function levels(map: Map<number, number>, side: Side): BookLevel[] {
  return [...map.entries()]
    .filter(([, size]) => size > 0)
    .sort(([a], [b]) => (side === "bids" ? b - a : a - b))
    .map(([price, size]) => ({ price: formatMils(price), size: formatMicro(size) }));
}
