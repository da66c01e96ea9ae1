/**
 * Reconciliation: what became of orders whose outcome pm-arb does not know (`pending`, `uncertain`,
 * `open`), of fills not yet settled, and of orders judged not placed whose market is still open.
 * The venue's trades and open orders are read once per market and matched by the order hash or the
 * client order id in `metadata`; an order they do not show is looked up by its hash. Nothing is
 * ever re-sent.
 *
 * "Not placed" is concluded only once the order can no longer arrive: a first look that finds no
 * trace stamps the venue's time (`no_trace_since`), and only a later look, at least the request
 * timeout plus a grace period after that, that still finds none makes it `failed`; until then it
 * stays `uncertain` and blocks its market. Such an order is still watched until its market closes:
 * a trade that shows up then is booked as a late fill. An order the venue said `matched` is never
 * judged absent.
 */

import { fillsFromTrades, orderSchedule, tradeOfOrder } from "../adapters/polymarket/execution/trade-fills.ts";
import type { VenueOpenOrder, VenueTrade } from "../adapters/polymarket/execution/venue-reads.ts";
import type { VenueSession } from "../adapters/venue.ts";
import { type Execution, fillTotals } from "../ledger/execution.ts";
import type { Fill, Order } from "../store/schema.ts";

/** Venue time an order with no trace is given, past the request timeout, before it is judged not placed. */
export const ABSENT_GRACE_MS = 60_000;

export type AbsencePolicy = { graceMs: number; timeoutMs: number };

type MarketView = { trades: VenueTrade[]; open: VenueOpenOrder[] };

/** What the venue shows of one order: its market's view, and the lookup by hash when that view shows nothing. */
type Evidence = {
  view: MarketView;
  /** The venue's record of the order; null: not shown; undefined: not asked, or the answer was unreadable. */
  lookup?: VenueOpenOrder | null;
  /** The venue's clock (ms); undefined: unread, and then no absence is concluded. */
  venueNow?: number;
};

/** Reads each market's trades and open orders once; a market whose reads fail is left out. */
async function readMarkets(session: VenueSession, conditionIds: Iterable<string>): Promise<{ views: Map<string, MarketView>; errors: string[] }> {
  const views = new Map<string, MarketView>();
  const errors: string[] = [];
  for (const market of new Set(conditionIds)) {
    try {
      const [trades, open] = await Promise.all([session.trades({ market }), session.openOrders({ market })]);
      views.set(market, { trades, open });
    } catch (error) {
      errors.push(`${market}: ${session.redact((error as Error).message)}`);
    }
  }
  return { views, errors };
}

export type Finding = { order: Order; execution: Execution };

/**
 * What the venue says about each order, as an Execution for the ledger; an order whose market could
 * not be read, or about which nothing was learnt, is left out. `knownFills`: the fills the store holds.
 */
export async function examineOrders(session: VenueSession, orders: readonly Order[], knownFills: (order: Order) => Fill[], policy: AbsencePolicy): Promise<Finding[]> {
  const { views } = await readMarkets(
    session,
    orders.map((order) => order.conditionId),
  );
  let clock: Promise<number | undefined> | undefined;
  const venueNow = () => (clock ??= session.serverTime().catch(() => undefined));
  const out: Finding[] = [];
  for (const order of orders) {
    const view = views.get(order.conditionId);
    if (!view) continue;
    const evidence: Evidence = { view };
    const id = venueId(order);
    if (id && order.sentAt && !shownInView(order, id, view)) {
      evidence.lookup = await session.order(id).then(
        (found) => found ?? null,
        () => undefined,
      );
      evidence.venueNow = await venueNow();
    }
    const execution = reconcileOrder(order, evidence, knownFills(order), policy);
    if (execution) out.push({ order, execution });
  }
  return out;
}

const venueId = (order: Order) => order.venueOrderId ?? order.expectedOrderId ?? undefined;

function restingIn(order: Order, id: string, view: MarketView): VenueOpenOrder | undefined {
  return view.open.find((open) => open.id.toLowerCase() === id.toLowerCase() || (open.metadata !== undefined && open.metadata.toLowerCase() === order.clientOrderId));
}

function shownInView(order: Order, id: string, view: MarketView): boolean {
  return view.trades.some((trade) => tradeOfOrder(trade, id)) || restingIn(order, id, view) !== undefined;
}

/** The venue answered the post itself with `matched`: the order exists, whatever the reads say. */
function venueSaidMatched(order: Order): boolean {
  const answer = order.venueResponse as { status?: unknown } | null;
  return typeof answer?.status === "string" && answer.status.toLowerCase() === "matched";
}

const OPEN_AT_VENUE = new Set(["LIVE", "DELAYED"]);

/** When nothing more can arrive for the order: its market has closed, plus the grace. */
function watchEnds(order: Order, policy: AbsencePolicy): number {
  const end = Date.parse(String(order.intent?.end ?? ""));
  return (Number.isFinite(end) ? end : (order.noTraceSince?.getTime() ?? 0)) + policy.graceMs;
}

const seconds = (ms: number) => Math.round(ms / 1000);

/** What the venue says about one order, as an Execution for the ledger; undefined: nothing learnt, leave it as it is. */
function reconcileOrder(order: Order, evidence: Evidence, knownFills: readonly Fill[], policy: AbsencePolicy): Execution | undefined {
  const id = venueId(order);
  const unresolved = order.status === "pending" || order.status === "uncertain";
  if (!order.sentAt) {
    if (order.status !== "pending") return undefined;
    // Written, never marked sent: the order never left, so nothing can arrive.
    return { status: "failed", reason: "reconciled: the process stopped before the order was signed and sent; it was not placed", fills: [] };
  }
  // Sent without a venue id (no row is written so): nothing to look for; it stays as it is.
  if (!id) return undefined;
  const { view, lookup, venueNow } = evidence;
  const schedule = orderSchedule(order);
  const trades = view.trades.filter((trade) => tradeOfOrder(trade, id));
  const fills = schedule ? fillsFromTrades(trades, id, schedule) : [];
  const resting = restingIn(order, id, view) ?? (lookup && OPEN_AT_VENUE.has(lookup.status) ? lookup : undefined);
  const lateFill = order.status === "failed" && order.noTraceSince !== null;
  const found = { venueOrderId: id, noTraceSince: null };
  if (fills.length > 0) {
    const spent = fillTotals(fills).cost;
    const status: Execution["status"] = resting ? "open" : order.orderType === "FOK" || (order.budget && spent.gte(order.budget)) ? "filled" : "partial";
    const reason = lateFill ? "late fill: the venue filled it after it had been judged not placed; booked" : unresolved ? "reconciled: found at the venue" : order.reason;
    return { status, ...found, venueStatus: "matched", fills, ...(reason ? { reason } : {}) };
  }
  if (knownFills.length > 0) {
    // Fills we recorded but the venue no longer lists with this order: keep them, unchanged.
    return { status: unresolved ? "filled" : (order.status as Execution["status"]), ...found, fills: [], ...(order.reason ? { reason: order.reason } : {}) };
  }
  if (trades.length > 0) {
    return {
      status: "uncertain",
      ...found,
      fills: [],
      reason: "the venue lists trades of this order that book no fill (unreadable fee schedule or amounts); left for a person to check",
    };
  }
  if (resting) return { status: "open", ...found, venueStatus: resting.status.toLowerCase(), fills: [], reason: `open at the venue (${resting.status.toLowerCase()})` };
  if (lookup?.status === "MATCHED" || venueSaidMatched(order)) {
    return {
      status: "uncertain",
      ...found,
      venueStatus: "matched",
      fills: [],
      reason: "matched at the venue, but no trade lists it yet; it stays uncertain until its trades are read",
    };
  }
  if (lookup)
    return {
      status: "rejected",
      ...found,
      venueStatus: lookup.status.toLowerCase(),
      fills: [],
      reason: `reconciled: the venue has it as ${lookup.status.toLowerCase()}, never matched`,
    };
  // No trace at all. Only an explicit "not shown" for its hash counts, read with the venue's clock.
  if (lookup === undefined) return undefined;
  if (order.status === "open") return { status: "rejected", ...found, fills: [], reason: "reconciled: no longer open at the venue and never matched (killed or cancelled)" };
  if (venueNow === undefined) return undefined;
  if (order.status === "failed") {
    // Judged not placed earlier: the watch ends once its market has closed.
    return venueNow >= watchEnds(order, policy) ? { status: "failed", fills: [], noTraceSince: null, ...(order.reason ? { reason: order.reason } : {}) } : undefined;
  }
  const since = order.noTraceSince?.getTime() ?? venueNow;
  const waited = venueNow - since;
  if (waited >= policy.timeoutMs + policy.graceMs) {
    return {
      status: "failed",
      fills: [],
      noTraceSince: venueNow >= watchEnds(order, policy) ? null : new Date(since),
      reason: `reconciled: not placed — no trace at the venue (by its hash, among trades and open orders) for ${seconds(waited)} s of venue time; watched for a late fill until its market closes`,
    };
  }
  if (order.noTraceSince !== null && order.status === "uncertain") return undefined;
  const before = order.reason ?? "the process stopped after sending, before the venue's answer";
  return {
    status: "uncertain",
    fills: [],
    noTraceSince: new Date(since),
    reason: `${before} — no trace at the venue yet; it may still arrive: judged not placed only after ${seconds(policy.timeoutMs + policy.graceMs)} s of venue time without a trace`,
  };
}
