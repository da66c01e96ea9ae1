/**
 * The loop's driver of the trade engine (core/trade/engine.ts): one opportunity through the risk
 * guardian and the executor, and what the loop says about it: the `decision` and `order` records,
 * and the alerts from the pilot's table — every executed trade with its expected P&L (normal), rejected orders and venue error streaks
 * (high), auth failures and halts (critical). The engine's own alerts (a drawdown halt, a reversed
 * ghost fill) are routed to the alerter too.
 */

import type { Venue } from "../adapters/venue.ts";
import type { Alerter } from "../alerts/alerter.ts";
import { alerts } from "../alerts/catalog.ts";
import type { RecordEnvelope } from "../cli/output.ts";
import { Decimal } from "../decimal.ts";
import type { OrderType } from "../ledger/intent.ts";
import { fillsOf } from "../ledger/ledger.ts";
import type { TokenMarkets } from "../markets/token-markets.ts";
import type { TradeCandidate } from "../model/candidate.ts";
import { candidateFromOpportunity } from "../model/from-opportunity.ts";
import type { OpportunityRecord } from "../records/opportunity.ts";
import type { OrderRecord } from "../records/order.ts";
import type { RiskLimits } from "../risk/limits.ts";
import { decisionRecord } from "../risk/records.ts";
import { loadRiskState } from "../risk/store-state.ts";
import type { Store } from "../store/open.ts";
import { type EngineContext, ordersToReconcile, processCandidate, reconcile, type TradeOutcome } from "../trade/engine.ts";
import { outcomeRecords } from "../trade/records.ts";
import type { RunMode } from "./loop-heartbeat.ts";
import { expectedPnl } from "./records.ts";

export type EngineDriverStats = { decisions: number; orders: number; fills: number; lastOrderAt?: number; lastOrder?: { client_order_id: string; slug: string; status: string } };

export type EngineDriverOptions = {
  store: Store;
  mode: RunMode;
  limits: RiskLimits;
  orderType: OrderType;
  venue: Venue;
  /** The markets of the tokens it may trade (run's universe). */
  markets: TokenMarkets;
  /** Venue time. */
  now: () => number;
  alerter: Alerter;
  emit: (record: RecordEnvelope & Record<string, unknown>) => void;
  quiet: boolean;
  log: { warn(message: string): void; debug(message: string): void };
  /** A venue error streak of this length raises `venue_errors`. */
  errorStreak?: number;
};

const AUTH = /\b(401|unauthori[sz]ed|invalid api key|api key|forbidden)\b/i;

export class EngineDriver {
  readonly stats: EngineDriverStats = { decisions: 0, orders: 0, fills: 0 };
  private streak = 0;
  private reconciling = false;

  constructor(private readonly options: EngineDriverOptions) {}

  private get context(): EngineContext {
    return {
      store: this.options.store,
      limits: this.options.limits,
      orderType: this.options.orderType,
      venue: this.options.venue,
      markets: this.options.markets,
      now: () => new Date(this.options.now()),
      alerter: this.options.alerter,
    };
  }

  /**
   * Reads the guardian's state now, off the order path, so the high-water mark follows equity
   * between orders too (after a settlement, at every heartbeat). Never throws.
   */
  noteEquity(): void {
    try {
      loadRiskState(this.options.store.db, this.options.mode, this.options.limits, new Date(this.options.now()));
    } catch (error) {
      this.options.log.warn(`risk state: ${(error as Error).message}`);
    }
  }

  /**
   * Reconciles what the store leaves open (core/trade/engine.ts `ordersToReconcile`): uncertain
   * orders, unsettled fills, orders judged not placed whose market is still open — so a verdict or a
   * late fill does not wait for the next opportunity in that market, or the next start. `pending`
   * orders are this process's own, in flight: their answer records them. Never throws.
   */
  async reconcileOutstanding(): Promise<void> {
    if (this.reconciling || this.options.venue.mode !== "live") return;
    this.reconciling = true;
    try {
      await reconcile(
        this.context,
        ordersToReconcile(this.options.store, "live").filter((order) => order.status !== "pending"),
      );
    } catch (error) {
      this.options.log.warn(`reconcile: ${(error as Error).message}`);
    } finally {
      this.reconciling = false;
    }
  }

  /** Never throws; returns the engine's outcome (undefined when the record could not be read). */
  async trade(opportunity: OpportunityRecord): Promise<TradeOutcome | undefined> {
    const candidate = candidateFromOpportunity(opportunity);
    if (!candidate.ok) {
      this.options.log.warn(candidate.error);
      return undefined;
    }
    let outcome: TradeOutcome;
    try {
      outcome = await processCandidate(this.context, candidate.value);
    } catch (error) {
      // The engine reports venue problems as outcomes; a throw here is a store or program error.
      this.options.log.warn(`trade ${opportunity.slug}: ${(error as Error).message}`);
      this.options.alerter.raise(alerts.venueErrors("engine", 1, (error as Error).message));
      return undefined;
    }
    this.report(opportunity, candidate.value, outcome);
    return outcome;
  }

  private report(opportunity: OpportunityRecord, candidate: TradeCandidate, outcome: TradeOutcome): void {
    const now = new Date(this.options.now());
    const mode = this.options.mode;
    if (outcome.kind !== "duplicate" && outcome.kind !== "blocked") {
      this.stats.decisions++;
      if (!this.options.quiet) this.options.emit(decisionRecord(opportunity, outcome.decision, now));
    }
    if (outcome.kind === "risk_rejected") {
      const daily = outcome.decision.reasons.find((reason) => reason.code === "daily_loss" && reason.kind === "reject");
      if (daily) this.options.alerter.raise(alerts.halted(mode, daily.message, "daily_loss_halt"));
      return;
    }
    if (outcome.kind === "refused" || outcome.kind === "blocked" || outcome.kind === "held") {
      this.options.log.debug(`${opportunity.slug}: ${outcome.reason}`);
      return;
    }
    // Risk rejections are in the decision record; an order record is for what reached the order stage.
    if (outcome.kind !== "placed" && outcome.kind !== "duplicate") return;
    // A placed order's fills came back with it; only a duplicate's are read.
    const records = outcomeRecords(outcome, candidate, mode, this.options.orderType, now, (order) =>
      outcome.kind === "placed" ? outcome.fills : fillsOf(this.options.store.db, [order.id]),
    );
    for (const record of records) if (record.type === "order" || !this.options.quiet) this.options.emit(record);
    const order = records[0] as OrderRecord;
    if (outcome.kind !== "placed") return;
    this.stats.orders++;
    this.stats.fills += outcome.fills.length;
    this.stats.lastOrderAt = Date.now();
    this.stats.lastOrder = { client_order_id: order.client_order_id, slug: opportunity.slug, status: order.status };
    const status = outcome.order.status;
    if (status === "filled" || status === "partial") {
      this.streak = 0;
      const filled = outcome.fills.filter((fill) => fill.status !== "failed");
      this.options.alerter.raise(
        alerts.trade({
          mode,
          slug: opportunity.slug,
          outcome: opportunity.outcome,
          side: "BUY",
          size: new Decimal(order.filled_size),
          price: new Decimal(order.avg_price ?? order.limit_price),
          fee: new Decimal(order.fee),
          clientOrderId: order.client_order_id,
          expectedPnl: expectedPnl(new Decimal(opportunity.fair), filled).toDecimalPlaces(6),
        }),
      );
      return;
    }
    // An answer that put the venue on hold was alerted once, for the whole hold, by the engine.
    if (!outcome.venueHold && (status === "rejected" || status === "failed" || status === "uncertain")) {
      const reason = outcome.order.reason ?? status;
      if (AUTH.test(reason)) this.options.alerter.raise(alerts.authFailure("clob", reason));
      // A FOK that found the book gone is the market moving, not the venue failing.
      const venueFault = status !== "rejected" || !/FOK|FAK|fully filled|no orders found/i.test(reason);
      if (venueFault) {
        this.streak++;
        this.options.alerter.raise(alerts.orderUnfilled(status, opportunity.slug, reason, mode));
        if (this.streak >= (this.options.errorStreak ?? 3)) this.options.alerter.raise(alerts.venueErrors("clob", this.streak, reason));
      }
    }
  }
}
