/**
 * The opportunity desk: what the loop does with the opportunities one re-pricing found.
 * 1. First sight of each id (counted, probed) while its window is tracked;
 * 2. the hand-off to risk and the executor (core/run/engine-driver.ts), unless the opportunity was already
 *    handled, its market has an order in flight, its opening reference is a proxy, or its data
 *    feeds are down (fail closed);
 * 3. the `opportunity` record and its store row, after the hand-offs and off the order path (rows
 *    go in one transaction on the next turn of the event loop).
 * In-flight trades are tracked so a stop can wait for them.
 */
import type { RecordEnvelope } from "../cli/output.ts";
import { Decimal } from "../decimal.ts";
import { clientOrderId } from "../ledger/client-order-id.ts";
import type { Market } from "../model/market.ts";
import type { OpportunityRecord } from "../records/opportunity.ts";
import type { Store } from "../store/open.ts";
import { opportunities } from "../store/schema.ts";
import { withTransaction } from "../store/tx.ts";
import type { TradeOutcome } from "../trade/engine.ts";
import type { EngineDriver } from "./engine-driver.ts";
import type { Tradability } from "./feeds.ts";
import type { RunMode } from "./loop-heartbeat.ts";

export type DeskOptions = {
  mode: RunMode;
  store: Store;
  engine: EngineDriver;
  quiet: boolean;
  emit: (record: RecordEnvelope & Record<string, unknown>) => void;
  market: (id: string) => Market | undefined;
  /** Whether the market's feeds allow trading now. */
  tradable: (market: Market) => Tradability;
  stopping: () => boolean;
  onFirstSight: (msSinceTick: number) => void;
  onTraded: (outcome: TradeOutcome | undefined) => void;
  log: { debug(message: string): void };
  noteError: (message: string) => void;
};

export class OpportunityDesk {
  private readonly seen = new Map<string, Set<string>>();
  private readonly handled = new Set<string>();
  private readonly inFlight = new Map<string, number>();
  private readonly tickByOrder = new Map<string, number>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly rows: (typeof opportunities.$inferInsert)[] = [];
  private flushScheduled = false;
  /** Why opportunities went untraded, with how many times (`--once` says it at the end). */
  readonly notTraded = new Map<string, number>();

  constructor(private readonly options: DeskOptions) {}

  /** One re-pricing's opportunities (already stamped), found from a tick at `t0` (performance.now). */
  handle(records: readonly OpportunityRecord[], t0: number, now: number): void {
    const fresh = new Set(records.filter((record) => this.firstSight(record, t0)).map((record) => record.id));
    for (const record of records) this.maybeTrade(record, t0);
    for (const record of records) if (fresh.has(record.id)) this.record(record, now);
  }

  /** A window ended: forget its opportunities. */
  forget(conditionId: string): void {
    for (const id of this.seen.get(conditionId) ?? []) this.handled.delete(id);
    this.seen.delete(conditionId);
  }

  /** Tick time behind the order in flight for a market (the latency probe's start). */
  tickStart(conditionId: string): number | undefined {
    return this.inFlight.get(conditionId);
  }

  /** Tick time behind an order in flight, by client order id. */
  tickStartByOrder(clientOrderIdHex: string): number | undefined {
    return this.tickByOrder.get(clientOrderIdHex);
  }

  /** Waits for every trade in flight. */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  /** Writes the opportunity rows not written yet. */
  flush(): void {
    this.flushScheduled = false;
    if (this.rows.length === 0) return;
    const rows = this.rows.splice(0);
    try {
      withTransaction(this.options.store, (tx) => {
        for (const row of rows) tx.insert(opportunities).values(row).onConflictDoNothing().run();
      });
    } catch (error) {
      this.options.noteError(`store opportunities: ${(error as Error).message}`);
    }
  }

  private firstSight(record: OpportunityRecord, t0: number): boolean {
    const ids = this.seen.getOrInsertComputed(record.condition_id, () => new Set());
    if (ids.has(record.id)) return false;
    ids.add(record.id);
    this.options.onFirstSight(performance.now() - t0);
    return true;
  }

  private pass(slug: string, reason: string): void {
    this.notTraded.set(reason, (this.notTraded.get(reason) ?? 0) + 1);
    this.options.log.debug(`${slug}: not traded (${reason})`);
  }

  private record(record: OpportunityRecord, now: number): void {
    if (!this.options.quiet) this.options.emit(record);
    this.rows.push({
      id: record.id,
      seenAt: new Date(now),
      conditionId: record.condition_id,
      marketSlug: record.slug,
      tokenId: record.token_id,
      outcome: record.outcome,
      netEdge: new Decimal(record.net_edge),
      payload: record,
    });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setTimeout(() => this.flush(), 0);
    }
  }

  private maybeTrade(record: OpportunityRecord, t0: number): void {
    if (this.options.stopping() || this.handled.has(record.id) || this.inFlight.has(record.condition_id)) return;
    const market = this.options.market(record.market_id);
    if (!market) return;
    // A window's opening reference not taken from the stream that settles it (the loop started
    // after the window opened) is an estimate whose error can exceed the edge: priced, not traded.
    if (record.inputs?.reference_proxy === true) {
      this.pass(record.slug, "opening reference is a proxy (the loop started after the window opened)");
      return;
    }
    const tradable = this.options.tradable(market);
    if (!tradable.ok) {
      this.pass(record.slug, tradable.reason);
      return;
    }
    this.handled.add(record.id);
    this.inFlight.set(record.condition_id, t0);
    const coid = clientOrderId(record.id, this.options.mode);
    this.tickByOrder.set(coid, t0);
    const work = this.options.engine
      .trade(record)
      .then((outcome) => {
        const why = untradedReason(outcome);
        if (why) this.pass(record.slug, why);
        this.options.onTraded(outcome);
      })
      .finally(() => {
        this.inFlight.delete(record.condition_id);
        this.tickByOrder.delete(coid);
        this.pending.delete(work);
      });
    this.pending.add(work);
  }
}

/** Why the engine placed nothing for an opportunity, in a few words; undefined when it placed an order. */
function untradedReason(outcome: TradeOutcome | undefined): string | undefined {
  if (!outcome || outcome.kind === "placed") return undefined;
  if (outcome.kind === "risk_rejected") {
    const codes = outcome.decision.reasons.filter((reason) => reason.kind === "reject").map((reason) => reason.code);
    return `risk: ${codes.join(", ") || "rejected"}`;
  }
  if (outcome.kind === "duplicate") return "already ordered (duplicate)";
  return `${outcome.kind}: ${outcome.reason}`;
}
