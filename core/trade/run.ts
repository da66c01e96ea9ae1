/**
 * `pm-arb trade`: a thin streaming wrapper around the engine. Reads `opportunity` records (through
 * the guardian) or `decision` records (re-checked, never enlarged), prints an `order` record (and its
 * `fill`s) for each, and passes other records through. Paper unless core/ledger/mode.ts says live;
 * the live path alone loads the CLOB client and ethers.
 */

import { eq } from "drizzle-orm";
import { fetchBook } from "../adapters/polymarket/market-data/token-book.ts";
import type { Venue, VenueSession } from "../adapters/venue.ts";
import { alerts as catalog } from "../alerts/catalog.ts";
import { alerterFromConfig } from "../alerts/from-config.ts";
import { filledOrderAlert } from "../alerts/order-alerts.ts";
import { UsageError } from "../cli/errors.ts";
import { log } from "../cli/log.ts";
import type { RecordEnvelope } from "../cli/output.ts";
import { readRecords, stdinIsPiped } from "../cli/stdin.ts";
import type { Env } from "../config/env.ts";
import { signatureTypeName } from "../config/signature-type.ts";
import { Decimal } from "../decimal.ts";
import { clientOrderId } from "../ledger/client-order-id.ts";
import { failPendingPaper, fillsOf, UNRESOLVED } from "../ledger/ledger.ts";
import { configuredMode } from "../ledger/mode.ts";
import { venueMarkets } from "../markets/token-markets.ts";
import { candidateFromOpportunity } from "../model/from-opportunity.ts";
import { KNOWN_RECORD_TYPES } from "../records/types.ts";
import { limitsFromConfig, limitsView } from "../risk/limits.ts";
import { openStore, type Store } from "../store/open.ts";
import { type Order, orders } from "../store/schema.ts";
import { type ChannelFills, followUserChannel } from "./channel-fills.ts";
import { type EngineContext, ordersToReconcile, processCandidate, reconcile } from "./engine.ts";
import { holdLiveSession, type LiveHold, openLiveSession } from "./live-session.ts";
import type { TradeOptions } from "./options.ts";
import { fillRecord, orderFromRow, outcomeRecords, unplacedOrder } from "./records.ts";

type Emit = (record: RecordEnvelope & Record<string, unknown>) => void;

const MARKET_MOVED = /FOK orders are fully filled or killed|no orders found to match with FAK order/;

export type TradeDeps = { env?: Env; now?: () => Date; lines?: AsyncIterable<string> };

function emitChanges(emit: Emit, store: Store, changed: { order: Order; before: Order }[], now: Date): void {
  for (const { order, before } of changed) {
    if (order.status === before.status && order.filledSize.eq(before.filledSize) && order.updatedAt.getTime() === before.updatedAt.getTime()) continue;
    const fills = fillsOf(store.db, [order.id]);
    emit(orderFromRow(order, fills, now));
    for (const fill of fills) emit(fillRecord(order, fill, now));
  }
}

export async function runTrade(options: TradeOptions, emit: Emit, deps: TradeDeps = {}): Promise<void> {
  const env = deps.env ?? process.env;
  const now = deps.now ?? (() => new Date());
  if (!deps.lines && !stdinIsPiped()) throw new UsageError("trade reads opportunity or decision records from stdin: pipe them in, e.g. pm-arb scan | pm-arb trade");
  const { config, mode } = configuredMode(options, env);
  const limits = limitsFromConfig(config);
  const timeoutMs = options.timeoutMs ?? config.request_timeout_ms;
  const orderType = options.partial ? "FAK" : "FOK";

  let session: VenueSession | undefined;
  if (mode === "live") session = await openLiveSession(config, env, timeoutMs);
  const store = openStore(config.db);
  let held: LiveHold | undefined;
  let fills: ChannelFills | undefined;
  const alerter = alerterFromConfig(config, { store: store.db, emit: (record) => emit(record as RecordEnvelope & Record<string, unknown>), now, log: log() });
  try {
    let venue: Venue;
    if (session) {
      const live = session;
      held = holdLiveSession(store, live, { intervalMs: options.heartbeatMs, onError: (message) => log().warn(`heartbeat: ${message}`), now, alerter });
      venue = { mode: "live", session: live, settleTimeoutMs: options.settleTimeoutMs, pollMs: 250, absentGraceMs: config.absent_grace_ms };
      log().info(
        `LIVE trading on ${config.clob_url}: signer ${live.signer}, funds held by ${live.maker}, signature type ${signatureTypeName(live.signatureType as 0)}, API key ${live.apiKey}${live.derived ? " (derived with L1)" : ""}; ${orderType} orders`,
      );
    } else {
      venue = { mode: "paper", book: (tokenId) => fetchBook(config.clob_url, tokenId, timeoutMs) };
      log().info(`paper trading (no order leaves pm-arb; fills against ${config.clob_url} books); ${orderType} orders`);
    }
    log().info(
      `limits: ${Object.entries(limitsView(limits))
        .map(([key, value]) => `${key} ${value}`)
        .join(", ")}`,
    );

    const markets = venueMarkets({ clobUrl: config.clob_url, timeoutMs, store: store.db, now });
    const ctx: EngineContext = { store, limits, orderType, venue, markets, now, alerter };
    // Fills as the venue reports them, from before the first order; REST reconciliation the fallback.
    if (venue.mode === "live") fills = followUserChannel(ctx, { wsUrl: config.clob_ws_url, log: log() });
    if (mode === "paper") {
      // A paper intent left pending was interrupted before its fill was recorded: nothing to ask a venue.
      for (const recorded of failPendingPaper(store, "interrupted before the paper fill was recorded; nothing was placed", now())) emit(orderFromRow(recorded.order, [], now()));
    }
    if (mode === "live") {
      const pending = ordersToReconcile(store, "live");
      if (pending.length > 0) {
        log().info(`reconciling ${pending.length} unresolved live order(s) with the venue before placing anything`);
        emitChanges(emit, store, await reconcile(ctx, pending), now());
      }
    }

    const [{ opportunityRecordSchema }, { decisionRecordSchema }] = await Promise.all([import("../records/opportunity.ts"), import("../records/decision.ts")]);
    const made: Order[] = [];
    for await (const { record } of readRecords<Record<string, unknown>>({
      consumes: { opportunity: opportunityRecordSchema as never, decision: decisionRecordSchema as never },
      knownTypes: KNOWN_RECORD_TYPES,
      passThrough: (record) => emit(record as RecordEnvelope & Record<string, unknown>),
      lines: deps.lines,
    })) {
      const isDecision = record.type === "decision";
      const opportunity = (isDecision ? record.opportunity : record) as import("../records/opportunity.ts").OpportunityRecord;
      const parsed = candidateFromOpportunity(opportunity);
      if (!parsed.ok) {
        log().warn(`${parsed.error}; skipped`);
        continue;
      }
      const candidate = parsed.value;
      if (isDecision && record.approved !== true) {
        const reasons = (record.reasons as { code: string; message: string; kind: string }[]).filter((reason) => reason.kind === "reject");
        emit(
          unplacedOrder(
            candidate,
            mode,
            orderType,
            clientOrderId(candidate.opportunityId, mode),
            `risk (upstream decision): ${reasons.map((reason) => `${reason.code}: ${reason.message}`).join("; ")}`,
            now(),
          ),
        );
        continue;
      }
      const budgetCap = isDecision ? new Decimal(String(record.budget)) : undefined;
      const outcome = await processCandidate(ctx, candidate, { budgetCap });
      for (const out of outcomeRecords(outcome, candidate, mode, orderType, now(), (order) => fillsOf(store.db, [order.id]))) emit(out);
      if (outcome.kind === "placed") {
        made.push(outcome.order);
        const order = outcome.order;
        if (order.status === "filled" || order.status === "partial") {
          alerter.raise(filledOrderAlert(order));
        } else if (!outcome.venueHold && (order.status === "failed" || order.status === "uncertain" || (order.status === "rejected" && !MARKET_MOVED.test(order.reason ?? "")))) {
          // A FOK the book could no longer fill is the market moving, not the venue failing: no alert.
          // An answer that put the venue on hold was alerted once, for the whole hold, by the engine.
          alerter.raise(catalog.orderUnfilled(order.status, order.marketSlug ?? order.conditionId, order.reason ?? order.status, mode));
        }
      }
    }
    if (mode === "live") {
      // A last look at what this run left unknown, so its records end as honest as they can be.
      const unknown = made
        .map((order) => store.db.select().from(orders).where(eq(orders.id, order.id)).get())
        .filter((order): order is Order => Boolean(order && UNRESOLVED.includes(order.status)));
      if (unknown.length > 0) emitChanges(emit, store, await reconcile(ctx, unknown), now());
    }
  } finally {
    await fills?.stop();
    held?.release();
    await alerter.flush(5_000);
    store.close();
  }
}
