/**
 * The CLOB user channel, `ws://…/clob-ws/ws/user`: a client sends
 * `{"auth": {"apiKey", "secret", "passphrase"}, "markets": [condition ids], "type": "user"}` and then
 * gets the orders and trades of that API key as they change, from that moment on (what came before
 * is for REST): `order` messages (`type` PLACEMENT when an order rests on the book, UPDATE when it
 * matches more, CANCELLATION when it is cancelled; an order filled or killed as it arrived shows only
 * its trades) and `trade` messages (on the match, then on each status change: MINED, CONFIRMED,
 * RETRYING, FAILED). An empty `markets` means every market; later
 * `{"markets": […], "operation": "subscribe"|"unsubscribe"}` edits the list. Text `PING` answers
 * `PONG`. Sent through `app.publish`, so `clob-ws:silent` mutes it and `clob-ws:drop` closes it.
 * Assumed where the venue does not document it: credentials it does not know close the socket
 * (1008, "invalid credentials"), and message timestamps are unix seconds, as in its examples.
 */
import { clobSocketMessage } from "../clob-socket.ts";
import type { SandboxSocket } from "../types.ts";
import type { ApiKey } from "./auth.ts";
import type { Clob } from "./http.ts";
import type { VenueOrder, VenueTrade } from "./state.ts";
import { openOrderJson, tradeJson } from "./wire.ts";

const SERVICE = "clob-ws";
/** How often (wall-clock ms) subscribers are told what changed. */
const PUMP_MS = 100;

type Watch = {
  key?: ApiKey;
  /** Condition ids to report (undefined: every market), minus those unsubscribed from. */
  markets?: Set<string>;
  excluded: Set<string>;
  /** What the subscriber was last told: an order's status and matched shares, a trade's status. */
  orders: Map<string, string>;
  trades: Map<string, string>;
};

function watchOf(ws: SandboxSocket): Watch {
  const state = ws.data.state as { watch?: Watch };
  state.watch ??= { excluded: new Set(), orders: new Map(), trades: new Map() };
  return state.watch;
}

function idsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === "string") : [];
}

/** A trade's statuses in order: settled on chain, or a fill that fails there. */
const LIFECYCLES: string[][] = [
  ["MATCHED", "MINED", "CONFIRMED"],
  ["MATCHED", "RETRYING", "FAILED"],
];

const orderState = (order: VenueOrder) => `${order.status}:${order.matchedShares}`;

export function registerUserChannel(clob: Clob): void {
  const { app, ex } = clob;
  const seconds = () => String(Math.floor(app.clock.now() / 1000));
  const watched = (watch: Watch, record: VenueOrder | VenueTrade) =>
    record.apiKey === watch.key?.key && (!watch.markets || watch.markets.has(record.market.conditionId)) && !watch.excluded.has(record.market.conditionId);
  const own = (watch: Watch) => ({
    orders: [...ex.orders.values()].filter((order) => watched(watch, order)),
    trades: ex.trades.filter((trade) => watched(watch, trade)),
  });
  /** Marks everything the subscriber can see now as told, so only later changes are sent. */
  const baseline = (watch: Watch) => {
    const { orders, trades } = own(watch);
    for (const order of orders) if (!watch.orders.has(order.id)) watch.orders.set(order.id, ex.isOpen(order) ? orderState(order) : "done");
    for (const trade of trades) if (!watch.trades.has(trade.id)) watch.trades.set(trade.id, trade.status);
  };

  const orderMessage = (order: VenueOrder, type: "PLACEMENT" | "UPDATE" | "CANCELLATION") => {
    const wire = openOrderJson(order);
    return { event_type: "order", type, ...wire, order_owner: wire.owner, created_at: String(wire.created_at), timestamp: seconds() };
  };
  const tradeMessage = (trade: VenueTrade) => {
    const wire = tradeJson(trade);
    return { event_type: "trade", type: "TRADE", ...wire, trade_owner: wire.owner, timestamp: seconds() };
  };

  /** What changed since the subscriber was last told, oldest first. */
  const changes = (watch: Watch): unknown[] => {
    const { orders, trades } = own(watch);
    const out: unknown[] = [];
    for (const order of orders.sort((a, b) => a.createdAt - b.createdAt)) {
      const told = watch.orders.get(order.id);
      const now = orderState(order);
      if (told === now || told === "done") continue;
      if (told === undefined && !ex.isOpen(order)) {
        watch.orders.set(order.id, "done");
        continue;
      }
      if (told === undefined) out.push(orderMessage(order, "PLACEMENT"));
      else if (order.status === "CANCELED") out.push(orderMessage(order, "CANCELLATION"));
      else if (now !== told) out.push(orderMessage(order, "UPDATE"));
      watch.orders.set(order.id, ex.isOpen(order) ? now : "done");
    }
    for (const trade of trades) {
      const told = watch.trades.get(trade.id);
      if (told === trade.status) continue;
      watch.trades.set(trade.id, trade.status);
      // Each status the trade went through since, even when simulated time jumped past some.
      const path = LIFECYCLES.find((statuses) => statuses.includes(trade.status)) ?? [trade.status];
      const passed = path.slice(told === undefined ? 0 : path.indexOf(told) + 1, path.indexOf(trade.status) + 1);
      for (const status of passed) out.push({ ...tradeMessage(trade), status });
    }
    return out;
  };

  app.socket(SERVICE, "/ws/user", {
    open(ws) {
      watchOf(ws);
    },
    message(ws, raw) {
      const message = clobSocketMessage(app, ws, raw);
      if (!message) return;
      const watch = watchOf(ws);
      if (message.auth !== undefined) {
        const auth = (message.auth ?? {}) as Record<string, unknown>;
        const key = typeof auth.apiKey === "string" ? ex.keys.get(auth.apiKey) : undefined;
        if (!key || key.secret !== auth.secret || key.passphrase !== auth.passphrase) return ws.close(1008, "invalid credentials");
        watch.key = key;
        const markets = idsOf(message.markets);
        watch.markets = markets.length > 0 ? new Set(markets) : undefined;
        return baseline(watch);
      }
      if (!watch.key) return;
      const markets = idsOf(message.markets);
      if (message.operation === "unsubscribe") {
        for (const id of markets) {
          watch.markets?.delete(id);
          watch.excluded.add(id);
        }
      } else if (message.operation === "subscribe") {
        for (const id of markets) {
          watch.markets?.add(id);
          watch.excluded.delete(id);
        }
        baseline(watch);
      }
    },
  });

  app.every(PUMP_MS, () => {
    for (const ws of app.socketsOf(SERVICE)) {
      if (ws.data.handlerKey !== `${SERVICE} /ws/user`) continue;
      const watch = watchOf(ws);
      if (!watch.key) continue;
      for (const message of changes(watch)) app.publish(ws, JSON.stringify(message));
    }
  });
}
