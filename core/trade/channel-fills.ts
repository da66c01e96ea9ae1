/**
 * The live path's fills as the venue reports them on the user channel
 * (core/adapters/polymarket/channels/user-channel.ts): a resting, delayed or uncertain order's trade
 * is booked when its message arrives, not at the next REST reconciliation. REST stays the fallback
 * and the authority (core/trade/reconcile.ts, run's 15 s timer, every start):
 * - the channel only ever adds what it shows: its silence, a drop or a gap concludes nothing, and an
 *   order is never judged not placed from it;
 * - a fill is keyed by the venue's trade id, the same id REST books it under (trade-fills.ts), so
 *   the channel, a repeated message and REST together book it once;
 * - a FAILED trade, a cancelled order, or an order of unknown fate the channel mentions is checked
 *   by REST (that order reconciled), never reversed or closed on the channel's word; a confirmed
 *   fill is never un-booked (core/ledger);
 * - an order still in flight (`pending`) is left to its post's answer.
 */
import { and, eq, inArray, or, sql } from "drizzle-orm";
import { UserChannel, type UserOrder, type UserTrade } from "../adapters/polymarket/channels/user-channel.ts";
import { fillsFromTrades, orderSchedule } from "../adapters/polymarket/execution/trade-fills.ts";
import type { Execution } from "../ledger/execution.ts";
import { fillTotals } from "../ledger/execution.ts";
import { fillsOf, recordExecution, UNKNOWN } from "../ledger/ledger.ts";
import { type Order, orders } from "../store/schema.ts";
import { withTransaction } from "../store/tx.ts";
import { alertResolved, alertReversed, type EngineContext, reconcile } from "./engine.ts";

export type ChannelFillsOptions = {
  /** `{clob_ws_url}`. */
  wsUrl: string;
  log: { warn(message: string): void; debug(message: string): void };
  /** The channel's own settings (tests: faster keep-alive and reconnects). */
  channel?: Pick<ConstructorParameters<typeof UserChannel>[0], "pingEveryMs" | "silenceMs" | "reconnectBaseMs" | "reconnectMaxMs">;
};

export type ChannelFills = { readonly channel: UserChannel; stop(): Promise<void> };

/** Starts the user channel of the live context's session (every market of its key) and books what it reports. */
export function followUserChannel(ctx: EngineContext, options: ChannelFillsOptions): ChannelFills {
  if (ctx.venue.mode !== "live") throw new Error("the user channel follows a live venue");
  const session = ctx.venue.session;
  const checking = new Set<number>();
  let wasUp = true;
  /** REST decides: the order reconciled now (one check per order at a time). */
  const check = (order: Order) => {
    if (checking.has(order.id)) return;
    checking.add(order.id);
    reconcile(ctx, [order])
      .catch((error) => options.log.warn(`user channel: reconciling order ${order.clientOrderId.slice(0, 18)}…: ${session.redact((error as Error).message)}`))
      .finally(() => checking.delete(order.id));
  };
  const guarded =
    <T>(handle: (event: T) => void) =>
    (event: T) => {
      try {
        handle(event);
      } catch (error) {
        options.log.warn(`user channel: ${session.redact((error as Error).message)}`);
      }
    };
  const channel = new UserChannel({
    wsUrl: options.wsUrl,
    credentials: session.credentials,
    ...options.channel,
    onTrade: guarded((trade: UserTrade) => {
      for (const order of ordersOf(ctx, [trade.takerOrderId, ...trade.makerOrders.map((maker) => maker.orderId)])) {
        if (trade.status === "FAILED") check(order);
        else if (!bookTrade(ctx, order, trade)) check(order);
      }
    }),
    onOrder: guarded((update: UserOrder) => {
      for (const order of ordersOf(ctx, [update.id])) if (update.type === "CANCELLATION" || UNKNOWN.includes(order.status)) check(order);
    }),
    onState: (state, reason) => {
      // Once per outage: a channel that cannot get back (refused credentials) retries quietly.
      if (state === "up") wasUp = true;
      if (state !== "down") return;
      const message = `user channel down: ${session.redact(reason)}; fills are learnt by REST until it is back`;
      if (wasUp) options.log.warn(message);
      else options.log.debug(message);
      wasUp = false;
    },
    onProblem: (problem) => options.log.warn(session.redact(problem)),
  });
  channel.start();
  return { channel, stop: () => channel.stop() };
}

/** This store's live orders, not in flight, with one of these venue ids. */
function ordersOf(ctx: EngineContext, venueIds: string[]): Order[] {
  const ids = venueIds.map((id) => id.toLowerCase());
  return ctx.store.db
    .select()
    .from(orders)
    .where(and(eq(orders.mode, "live"), or(inArray(sql`lower(${orders.venueOrderId})`, ids), inArray(sql`lower(${orders.expectedOrderId})`, ids))))
    .all()
    .filter((order) => order.status !== "pending" && order.sentAt !== null);
}

/** Books the trade's fills of the order; false when they cannot be read (left to REST). */
function bookTrade(ctx: EngineContext, order: Order, trade: UserTrade): boolean {
  const id = order.venueOrderId ?? order.expectedOrderId!;
  const schedule = orderSchedule(order);
  const drafts = schedule ? fillsFromTrades([trade], id, schedule) : [];
  if (drafts.length === 0) return false;
  const recorded = withTransaction(ctx.store, (db) => {
    const known = new Map(fillsOf(db, [order.id]).map((fill) => [fill.tradeId, fill]));
    // A MATCHED that arrives after a later status is old news.
    const fresh = drafts.filter((draft) => !(draft.status === "matched" && known.has(draft.fillId)));
    if (fresh.length === 0) return undefined;
    const all = [...known.values(), ...fresh.filter((draft) => !known.has(draft.fillId))];
    const spent = fillTotals(all).cost;
    const full = order.status === "filled" || order.orderType === "FOK" || (order.budget !== null && spent.gte(order.budget));
    const lateFill = order.status === "failed" && order.noTraceSince !== null;
    const reason = lateFill
      ? "late fill: the venue filled it after it had been judged not placed; booked from the user channel"
      : order.status === "filled" || order.status === "partial"
        ? (order.reason ?? undefined)
        : "booked from the user channel: the venue reported its trade";
    const execution: Execution = { status: full ? "filled" : "partial", venueOrderId: id, venueStatus: "matched", fills: fresh, noTraceSince: null, ...(reason ? { reason } : {}) };
    return recordExecution(db, order, execution, ctx.now());
  });
  if (recorded) {
    alertReversed(ctx, recorded.order, recorded.reversed);
    alertResolved(ctx, order, recorded);
  }
  return true;
}
