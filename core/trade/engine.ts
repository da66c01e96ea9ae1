/**
 * One opportunity through risk and an executor, with the store as the source of truth — what
 * `trade` streams over and `run` calls per tick. Order of business:
 *   1. the client order id from the opportunity id: already in the store → `duplicate`, nothing sent;
 *   2. live: an unresolved order in the same market is reconciled first; still unknown → `blocked`;
 *   3. in one write transaction: the guardian on the store's state, the intent planned and written
 *      as `pending` — two processes cannot both pass the limits, and the unique client order id
 *      stops a second copy. Live, the order is prepared in the same transaction (venue id known
 *      before the signature), the row written marked sent, and the commit synced: the one write that
 *      must survive a power loss before the order may leave (core/store/tx.ts `durably`);
 *   4. the executor — live, not while the venue has asked to wait (venue-hold.ts): `held`, nothing
 *      written or sent;
 *   5. the answer recorded in one transaction; live fills are followed to settlement for a bounded
 *      time; a ghost fill is reversed and alerted.
 * Never throws for a venue problem: every ending is an outcome with a status and a reason.
 */
import { and, eq, inArray, isNotNull, or } from "drizzle-orm";
import type { Venue } from "../adapters/venue.ts";
import { Alerter } from "../alerts/alerter.ts";
import { alerts as catalog } from "../alerts/catalog.ts";
import { type AlertSink, filledOrderAlert, ghostFillAlert, lateFillAlert } from "../alerts/order-alerts.ts";
import type { Decimal } from "../decimal.ts";
import { clientOrderId, type TradeMode } from "../ledger/client-order-id.ts";
import type { Execution } from "../ledger/execution.ts";
import { type OrderIntent, type OrderType, planIntent } from "../ledger/intent.ts";
import { findOrder, insertIntent, type RecordedExecution, recordExecution, UNKNOWN, UNRESOLVED, UNSETTLED_FILLS, unknownInMarket } from "../ledger/ledger.ts";
import type { TokenMarkets } from "../markets/token-markets.ts";
import type { TradeCandidate } from "../model/candidate.ts";
import { evaluateRisk, type RiskDecision } from "../risk/guardian.ts";
import type { RiskLimits } from "../risk/limits.ts";
import { setHalt } from "../risk/stops.ts";
import { loadRiskState } from "../risk/store-state.ts";
import type { Parsed } from "../safe-parse.ts";
import type { Store } from "../store/open.ts";
import { type Fill, fills, type Order, orders } from "../store/schema.ts";
import { durably, withTransaction } from "../store/tx.ts";
import { executeLive, prepareLive } from "./live-executor.ts";
import { executePaper } from "./paper-executor.ts";
import { ABSENT_GRACE_MS, examineOrders } from "./reconcile.ts";
import { activeHold, describeHold, heldReason, holdFrom, setHold, type VenueHold } from "./venue-hold.ts";

export type EngineContext = {
  store: Store;
  limits: RiskLimits;
  orderType: OrderType;
  venue: Venue;
  /** Where the market of a token is established (never the record's word); none: nothing is traded. */
  markets?: TokenMarkets;
  now: () => Date;
  /** Where alerts go; default: an Alerter that only records them in the store. */
  alerter?: AlertSink;
  sleep?: (ms: number) => Promise<void>;
};

export type TradeOutcome =
  /** `atVenue`: the store had no such order, but the venue answered "Duplicated" (placed through another store or process). */
  | { kind: "duplicate"; clientOrderId: string; order: Order; atVenue?: true }
  | { kind: "risk_rejected"; clientOrderId: string; decision: RiskDecision }
  | { kind: "refused"; clientOrderId: string; decision: RiskDecision; reason: string }
  | { kind: "blocked"; clientOrderId: string; reason: string; blocking: Order }
  /** Not sent, not written: the venue asked to wait (core/trade/venue-hold.ts). */
  | { kind: "held"; clientOrderId: string; decision: RiskDecision; hold: VenueHold; reason: string }
  /** `venueHold`: this order's answer put the venue on hold (already alerted). */
  | { kind: "placed"; order: Order; fills: Fill[]; reversed: Fill[]; decision: RiskDecision; intent: OrderIntent; venueHold?: VenueHold };

export type CandidateOptions = { budgetCap?: Decimal };

const defaultSinks = new WeakMap<Store, AlertSink>();

function alerter(ctx: EngineContext): AlertSink {
  if (ctx.alerter) return ctx.alerter;
  return defaultSinks.getOrInsertComputed(ctx.store, () => new Alerter({ store: ctx.store.db, now: ctx.now }));
}

export function alertReversed(ctx: EngineContext, order: Order, reversed: readonly Fill[]): void {
  for (const fill of reversed) alerter(ctx).raise(ghostFillAlert(order, fill));
}

export async function processCandidate(ctx: EngineContext, candidate: TradeCandidate, options: CandidateOptions = {}): Promise<TradeOutcome> {
  const mode: TradeMode = ctx.venue.mode;
  const coid = clientOrderId(candidate.opportunityId, mode);
  const live = ctx.venue.mode === "live" ? ctx.venue.session : undefined;
  // The token's market, not the record's word: what exposure and cooldown count against, and what
  // the order is stored under (reconciliation reads the venue by it).
  const market: Parsed<string> = ctx.markets ? await ctx.markets.marketOf(candidate.tokenId) : { ok: false, error: "no source of token markets was given" };
  // Each run reads the clock afresh: a retry after reconciliation judges ages and cooldowns then.
  const guarded = () => {
    const now = ctx.now();
    return withTransaction(ctx.store, (db) => {
      const again = findOrder(db, coid);
      if (again) return { kind: "duplicate" as const, order: again };
      const blocking = live && market.ok ? unknownInMarket(db, mode, market.value)[0] : undefined;
      if (blocking) return { kind: "unresolved" as const, blocking };
      const state = loadRiskState(db, mode, ctx.limits, now);
      const decision = evaluateRisk(candidate, state, ctx.limits, now, { market, budgetCap: options.budgetCap });
      if (decision.haltNow) setHalt(db, mode, decision.haltNow, now);
      if (!decision.approved || !market.ok) return { kind: "risk_rejected" as const, decision };
      const hold = live ? activeHold(db, now) : undefined;
      if (hold) return { kind: "held" as const, decision, hold };
      const planned = planIntent({ ...candidate, conditionId: market.value }, decision.budget, { mode, orderType: ctx.orderType });
      if (!planned.ok) return { kind: "refused" as const, decision, reason: planned.error };
      const intent = planned.value;
      const prepared = live ? prepareLive(live, intent) : undefined;
      const sent = prepared?.ok ? { expectedOrderId: prepared.order.orderId } : undefined;
      return { kind: "intent" as const, decision, intent, prepared, order: insertIntent(db, intent, now, sent) };
    });
  };
  // Live, this commit is the sent mark: synced before the order can leave.
  let step = live ? durably(ctx.store, guarded) : guarded();
  // An order of unknown fate in this market (this process's or another's) is reconciled first;
  // while one is left, nothing more goes to the market.
  if (step.kind === "unresolved") {
    await reconcile(ctx, unknownInMarket(ctx.store.db, mode, step.blocking.conditionId));
    step = durably(ctx.store, guarded);
    if (step.kind === "unresolved") {
      const still = step.blocking;
      return {
        kind: "blocked",
        clientOrderId: coid,
        blocking: still,
        reason: `order ${still.clientOrderId.slice(0, 18)}… in this market is still ${still.status} after reconciliation; nothing else is sent to this market until it is resolved`,
      };
    }
  }
  if (step.kind === "duplicate") return { kind: "duplicate", clientOrderId: coid, order: step.order };
  if (step.decision?.haltNow) alerter(ctx).raise(catalog.halted(mode, step.decision.haltNow, "drawdown_halt"));
  if (step.kind === "risk_rejected") return { kind: "risk_rejected", clientOrderId: coid, decision: step.decision };
  if (step.kind === "refused") return { kind: "refused", clientOrderId: coid, decision: step.decision, reason: step.reason };
  if (step.kind === "held") return { kind: "held", clientOrderId: coid, decision: step.decision, hold: step.hold, reason: heldReason(step.hold) };

  const { intent, decision, prepared } = step;
  let order = step.order;
  let execution: Execution;
  let venueResponse: unknown;
  let atVenue: true | undefined;
  if (ctx.venue.mode === "paper") {
    try {
      execution = executePaper(intent, await ctx.venue.book(intent.tokenId));
    } catch (error) {
      execution = { status: "failed", reason: `could not read the book: ${(error as Error).message}`, fills: [] };
    }
  } else if (prepared?.ok) {
    const result = await executeLive(ctx.venue.session, intent, prepared.order);
    execution = result.execution;
    venueResponse = result.venueResponse;
    atVenue = result.duplicate;
  } else execution = prepared!.execution;
  // A 425/429 with a Retry-After holds every order to the venue until then, here and in other processes.
  const hold = live ? holdFrom(execution, ctx.now()) : undefined;
  let recorded = withTransaction(ctx.store, (db) => {
    const written = recordExecution(db, order, execution, ctx.now(), venueResponse);
    if (hold) setHold(db, hold, ctx.now());
    return written;
  });
  if (hold) alerter(ctx).raise(catalog.venueHold(mode, hold, describeHold(hold)));
  if (atVenue) return { kind: "duplicate", clientOrderId: coid, order: recorded.order, atVenue };
  alertReversed(ctx, recorded.order, recorded.reversed);
  const reversed = [...recorded.reversed];
  if (ctx.venue.mode === "live" && recorded.fills.some((fill) => UNSETTLED_FILLS.includes(fill.status))) {
    const followed = await followSettlement(ctx, recorded.order);
    if (followed) {
      recorded = followed;
      reversed.push(...followed.reversed);
    }
  }
  order = recorded.order;
  return { kind: "placed", order, fills: recorded.fills, reversed, decision, intent, ...(hold ? { venueHold: hold } : {}) };
}

/** Polls the order's trades until every fill is settled or failed, or the time runs out. */
async function followSettlement(ctx: EngineContext, order: Order) {
  if (ctx.venue.mode !== "live") return undefined;
  const { settleTimeoutMs, pollMs } = ctx.venue;
  const sleep = ctx.sleep ?? ((ms: number) => Bun.sleep(ms));
  const deadline = Date.now() + settleTimeoutMs;
  let last: ReturnType<typeof recordExecution> | undefined;
  while (Date.now() < deadline) {
    await sleep(pollMs);
    const results = await reconcile(ctx, [last?.order ?? order]);
    const result = results[0];
    if (!result) continue;
    last = result;
    if (!result.fills.some((fill) => UNSETTLED_FILLS.includes(fill.status))) break;
  }
  return last;
}

export type Reconciled = ReturnType<typeof recordExecution> & { before: Order };

/**
 * Reconciles live orders against the venue and records what it finds (fills, statuses, ghost
 * reversals with alerts; a late fill of an order judged not placed, alerted). An order whose market
 * could not be read, or about which nothing was learnt, is left as it is.
 */
export async function reconcile(ctx: EngineContext, targets: Order[]): Promise<Reconciled[]> {
  if (ctx.venue.mode !== "live" || targets.length === 0) return [];
  const { session, absentGraceMs } = ctx.venue;
  const current = targets.map((target) => ctx.store.db.select().from(orders).where(eq(orders.id, target.id)).get() ?? target);
  const known = (order: Order) => ctx.store.db.select().from(fills).where(eq(fills.orderId, order.id)).all();
  const findings = await examineOrders(session, current, known, { graceMs: absentGraceMs ?? ABSENT_GRACE_MS, timeoutMs: session.timeoutMs });
  const out: Reconciled[] = [];
  for (const { order: before, execution } of findings) {
    // Written meanwhile (the order's own answer, another reconciliation): this finding is stale.
    if (!unchanged(ctx.store.db.select().from(orders).where(eq(orders.id, before.id)).get(), before)) continue;
    const recorded = withTransaction(ctx.store, (db) => recordExecution(db, before, execution, ctx.now()));
    alertReversed(ctx, recorded.order, recorded.reversed);
    alertResolved(ctx, before, recorded);
    out.push({ ...recorded, before });
  }
  return out;
}

function unchanged(now: Order | undefined, then: Order): boolean {
  return (
    now !== undefined &&
    now.status === then.status &&
    now.reason === then.reason &&
    now.filledSize.eq(then.filledSize) &&
    now.noTraceSince?.getTime() === then.noTraceSince?.getTime()
  );
}

/** A fill found for an order whose outcome was unknown is a trade; one for an order judged not placed, a late fill. */
export function alertResolved(ctx: EngineContext, before: Order, recorded: RecordedExecution): void {
  const after = recorded.order;
  if (!after.filledSize.gt(0)) return;
  if (before.status === "failed" && before.noTraceSince !== null) alerter(ctx).raise(lateFillAlert(after));
  else if (UNKNOWN.includes(before.status)) {
    alerter(ctx).raise(filledOrderAlert(after));
  }
}

/**
 * Start-up: every live order not known to be final, every order judged not placed whose market may
 * still bring a late fill, and every order with unsettled fills.
 */
export function ordersToReconcile(store: Store, mode: TradeMode): Order[] {
  const watched = and(eq(orders.status, "failed"), isNotNull(orders.noTraceSince));
  const unresolved = store.db
    .select()
    .from(orders)
    .where(and(eq(orders.mode, mode), or(inArray(orders.status, UNRESOLVED), watched)))
    .all();
  const unsettled = store.db
    .select({ orderId: fills.orderId })
    .from(fills)
    .where(inArray(fills.status, UNSETTLED_FILLS))
    .all()
    .map((row) => row.orderId);
  const seen = new Set(unresolved.map((order) => order.id));
  const more =
    unsettled.length > 0
      ? store.db
          .select()
          .from(orders)
          .where(and(eq(orders.mode, mode), inArray(orders.id, [...new Set(unsettled)])))
          .all()
      : [];
  return [...unresolved, ...more.filter((order) => !seen.has(order.id))];
}
