/**
 * The CLOB market channel, `ws://…/clob-ws/ws/market`. A client sends
 * `{"assets_ids":[…],"type":"market"}` (later `{"assets_ids":[…],"operation":"subscribe"|"unsubscribe"}`)
 * and gets a JSON array of `book` snapshots for the assets it added, then, as the makers requote,
 * `price_change` (levels that changed, grouped by market), `tick_size_change`, `last_trade_price`
 * followed by a fresh `book` after a trade and — with `custom_feature_enabled: true`, as live —
 * `best_bid_ask` and `market_resolved`. Text `PING` answers `PONG`. Everything goes through
 * `app.publish`, so `clob-ws:silent` mutes it and `clob-ws:drop` closes it.
 */
import { clobSocketMessage } from "../clob-socket.ts";
import type { SandboxInstance } from "../server.ts";
import type { OrderBook, SandboxSocket } from "../types.ts";
import { type MakerBooks, QUOTE_MS } from "./books.ts";
import type { Catalog } from "./catalog.ts";
import { bookViewTime } from "./stale.ts";
import { wireBook } from "./wire.ts";

const SERVICE = "clob-ws";

type Seen = { bids: Map<string, string>; asks: Map<string, string>; tick: string; bestBid: string; bestAsk: string; tradeSeq: number };
type Subscription = { assets: Set<string>; custom: boolean; seen: Map<string, Seen>; resolvedSent: Set<string> };
type PriceChange = { asset_id: string; price: string; size: string; side: "BUY" | "SELL"; hash: string; best_bid: string; best_ask: string };

function subscriptionOf(ws: SandboxSocket): Subscription {
  const state = ws.data.state as { subscription?: Subscription };
  state.subscription ??= { assets: new Set(), custom: false, seen: new Map(), resolvedSent: new Set() };
  return state.subscription;
}

/** The REST book without its market-info fields, tagged as a `book` event. */
function bookEvent(book: OrderBook) {
  const { min_order_size: _minSize, neg_risk: _negRisk, ...event } = wireBook(book);
  return { ...event, event_type: "book" };
}

function seenOf(book: OrderBook, tradeSeq: number): Seen {
  return {
    bids: new Map(book.bids.map((level) => [level.price, level.size])),
    asks: new Map(book.asks.map((level) => [level.price, level.size])),
    tick: book.tickSize,
    bestBid: book.bids[0]?.price ?? "0",
    bestAsk: book.asks[0]?.price ?? "1",
    tradeSeq,
  };
}

function levelChanges(before: Map<string, string>, after: Map<string, string>, side: "BUY" | "SELL", book: OrderBook, seen: Seen): PriceChange[] {
  const out: PriceChange[] = [];
  const prices = new Set([...before.keys(), ...after.keys()]);
  for (const price of prices) {
    const size = after.get(price) ?? "0";
    if ((before.get(price) ?? "0") !== size) out.push({ asset_id: book.tokenId, price, size, side, hash: book.hash, best_bid: seen.bestBid, best_ask: seen.bestAsk });
  }
  return out;
}

export function registerMarketChannel(app: SandboxInstance, catalog: Catalog, books: MakerBooks): void {
  const tradeSeq = (token: string, t: number) => {
    const trade = books.lastTrade(token);
    return trade && trade.t <= t ? trade.seq : 0;
  };

  app.socket(SERVICE, "/ws/market", {
    open(ws) {
      subscriptionOf(ws);
    },
    message(ws, raw) {
      const message = clobSocketMessage(app, ws, raw);
      if (!message) return;
      const sub = subscriptionOf(ws);
      const ids = (Array.isArray(message.assets_ids) ? message.assets_ids : []).filter((id): id is string => typeof id === "string");
      if (message.custom_feature_enabled === true) sub.custom = true;
      if (message.operation === "unsubscribe") {
        for (const id of ids) {
          sub.assets.delete(id);
          sub.seen.delete(id);
        }
        return;
      }
      const fresh = ids.filter((id) => !sub.assets.has(id));
      for (const id of fresh) sub.assets.add(id);
      if (message.initial_dump === false) return;
      const t = bookViewTime(app);
      const snapshots = [];
      for (const id of fresh) {
        const book = books.book(id, t);
        if (!book) continue;
        sub.seen.set(id, seenOf(book, tradeSeq(id, t)));
        snapshots.push(bookEvent(book));
      }
      if (snapshots.length > 0) app.publish(ws, JSON.stringify(snapshots));
    },
  });

  const pump = () => {
    const t = bookViewTime(app);
    const cache = new Map<string, OrderBook | undefined>();
    const bookAt = (id: string) => cache.getOrInsertComputed(id, () => books.book(id, t));
    for (const ws of app.socketsOf(SERVICE)) {
      const sub = subscriptionOf(ws);
      const out: unknown[] = [];
      const changes = new Map<string, PriceChange[]>();
      for (const id of sub.assets) {
        const book = bookAt(id);
        const before = sub.seen.get(id);
        if (!book) {
          sub.seen.delete(id);
          const market = catalog.byToken(id);
          if (sub.custom && market?.winner !== undefined && !sub.resolvedSent.has(market.conditionId)) {
            sub.resolvedSent.add(market.conditionId);
            out.push({
              id: market.id,
              question: market.question,
              market: market.conditionId,
              slug: market.slug,
              assets_ids: market.tokenIds,
              outcomes: market.outcomes,
              winning_asset_id: market.tokenIds[market.winner],
              winning_outcome: market.outcomes[market.winner],
              event_type: "market_resolved",
              timestamp: String(t),
            });
          }
          continue;
        }
        const seq = tradeSeq(id, t);
        const after = seenOf(book, seq);
        sub.seen.set(id, after);
        if (!before) {
          out.push(bookEvent(book));
          continue;
        }
        if (seq !== before.tradeSeq) {
          const trade = books.lastTrade(id)!;
          out.push({
            asset_id: id,
            event_type: "last_trade_price",
            fee_rate_bps: "0",
            market: book.conditionId,
            price: trade.price,
            side: trade.side ?? "BUY",
            size: trade.size ?? "0",
            timestamp: String(trade.t),
            transaction_hash: `0x${book.hash.padEnd(64, "0")}`,
          });
          out.push(bookEvent(book));
          continue;
        }
        if (after.tick !== before.tick)
          out.push({
            event_type: "tick_size_change",
            asset_id: id,
            market: book.conditionId,
            old_tick_size: before.tick,
            new_tick_size: after.tick,
            timestamp: String(book.timestamp),
          });
        const entries = [...levelChanges(before.bids, after.bids, "BUY", book, after), ...levelChanges(before.asks, after.asks, "SELL", book, after)];
        if (entries.length > 0) changes.set(book.conditionId, [...(changes.get(book.conditionId) ?? []), ...entries]);
        if (sub.custom && (after.bestBid !== before.bestBid || after.bestAsk !== before.bestAsk)) {
          const spread = String((Math.round(Number(after.bestAsk) * 1000) - Math.round(Number(after.bestBid) * 1000)) / 1000);
          out.push({
            event_type: "best_bid_ask",
            market: book.conditionId,
            asset_id: id,
            best_bid: after.bestBid,
            best_ask: after.bestAsk,
            spread,
            timestamp: String(book.timestamp),
          });
        }
      }
      for (const [market, priceChanges] of changes) out.push({ market, price_changes: priceChanges, timestamp: String(t), event_type: "price_change" });
      for (const message of out) app.publish(ws, JSON.stringify(message));
    }
  };

  const speed = app.clock.speed;
  app.every(speed > 0 ? Math.min(500, Math.max(50, QUOTE_MS / speed)) : 200, pump);
}
