/**
 * The guardian's book of business in memory, for one mode: what each position, unresolved order and
 * unsettled fill contributes to the risk state, kept row by row so a change to one order or one
 * position costs a few map updates instead of a re-read of the whole history. No I/O: the store's
 * reader (store-state.ts) feeds it rows, the same way on a full rebuild and after its own writes.
 *
 * What counts (the rules `loadRiskState` has always applied):
 * - at risk per market: open positions (size > 0) at cost plus fees; the whole reserve (max cost) of
 *   every order whose outcome is not final; fills of final orders still on their way to settlement;
 * - tokens held or on order: the tokens of those same rows;
 * - realised P&L over every position, and today's (UTC day, by close time);
 * - unrealised P&L of open positions at their last mark; the newest order time per market.
 */
import { type Decimal, ZERO } from "../decimal.ts";
import { UNRESOLVED, UNSETTLED_FILLS } from "../positions/ledger.ts";
import type { FillStatus, OrderStatus, PositionStatus } from "../store/schema.ts";
import type { RiskState } from "./state.ts";

export type OrderFacts = {
  id: number;
  conditionId: string;
  tokenId: string;
  status: OrderStatus;
  createdAt: number;
  /** What an unresolved order keeps reserved: its max cost (older rows: size × limit × 2). */
  reserve: Decimal;
};

/** A fill with what it commits: cost at its price plus its fee. */
export type FillFacts = { id: number; status: FillStatus; amount: Decimal };

export type PositionFacts = {
  id: number;
  conditionId: string;
  tokenId: string;
  status: PositionStatus;
  size: Decimal;
  cost: Decimal;
  fees: Decimal;
  realisedPnl: Decimal;
  markPrice: Decimal | null;
  closedAt: number | null;
};

type Held = { conditionId: string; tokenId: string; amount: Decimal };
type OpenPosition = Held & { unrealised?: Decimal };
type Realised = { pnl: Decimal; closedAt: number | null };

const unresolved = (status: OrderStatus) => UNRESOLVED.includes(status);
const unsettled = (status: FillStatus) => UNSETTLED_FILLS.includes(status);

export class RiskBook {
  private readonly open = new Map<number, OpenPosition>();
  private readonly realised = new Map<number, Realised>();
  private readonly reserved = new Map<number, Held>();
  /** Per final order: its fills not yet settled. */
  private readonly settling = new Map<number, Held[]>();
  private lastOrderAt = new Map<string, number>();
  /** The map was handed out in a RiskState: copy before changing it. */
  private lastOrderAtShared = false;
  private realisedTotal: Decimal = ZERO;
  private today?: { dayStart: number; sum: Decimal };

  /** An order as it now stands, with its fills (all of them, or at least every unsettled one). */
  setOrder(order: OrderFacts, fills: readonly FillFacts[]): void {
    this.noteOrderTime(order.conditionId, order.createdAt);
    const held = { conditionId: order.conditionId, tokenId: order.tokenId };
    if (unresolved(order.status)) {
      this.reserved.set(order.id, { ...held, amount: order.reserve });
      this.settling.delete(order.id);
      return;
    }
    this.reserved.delete(order.id);
    const pending = fills.filter((fill) => unsettled(fill.status)).map((fill) => ({ ...held, amount: fill.amount }));
    if (pending.length > 0) this.settling.set(order.id, pending);
    else this.settling.delete(order.id);
  }

  /** An order placed at `at` in this market (whatever became of it). */
  noteOrderTime(conditionId: string, at: number): void {
    if ((this.lastOrderAt.get(conditionId) ?? -Infinity) >= at) return;
    if (this.lastOrderAtShared) {
      this.lastOrderAt = new Map(this.lastOrderAt);
      this.lastOrderAtShared = false;
    }
    this.lastOrderAt.set(conditionId, at);
  }

  /** A position as it now stands. */
  setPosition(position: PositionFacts): void {
    const before = this.realised.get(position.id);
    const after: Realised = { pnl: position.realisedPnl, closedAt: position.closedAt };
    this.realisedTotal = this.realisedTotal.minus(before?.pnl ?? ZERO).plus(after.pnl);
    if (this.today) this.today.sum = this.today.sum.minus(this.todayPart(before, this.today.dayStart)).plus(this.todayPart(after, this.today.dayStart));
    // Zero P&L counts for nothing in either sum: only rows that move them are kept.
    if (after.pnl.isZero()) this.realised.delete(position.id);
    else this.realised.set(position.id, after);

    if (position.status !== "open" || !position.size.gt(ZERO)) {
      this.open.delete(position.id);
      return;
    }
    const amount = position.cost.plus(position.fees);
    const unrealised = position.markPrice ? position.size.times(position.markPrice).minus(amount) : undefined;
    this.open.set(position.id, { conditionId: position.conditionId, tokenId: position.tokenId, amount, ...(unrealised ? { unrealised } : {}) });
  }

  private todayPart(row: Realised | undefined, dayStart: number): Decimal {
    return row && row.closedAt !== null && row.closedAt >= dayStart ? row.pnl : ZERO;
  }

  private realisedSince(dayStart: number): Decimal {
    if (this.today?.dayStart !== dayStart) {
      let sum = ZERO;
      for (const row of this.realised.values()) sum = sum.plus(this.todayPart(row, dayStart));
      this.today = { dayStart, sum };
    }
    return this.today.sum;
  }

  /** Everything the guardian reads except the stops and the high-water mark; `dayStart` begins today (UTC). */
  state(dayStart: number): Omit<RiskState, "highWaterMark" | "killSwitch" | "halt"> {
    const exposure = new Map<string, Decimal>();
    const openTokens = new Set<string>();
    const add = (held: Held) => {
      exposure.set(held.conditionId, (exposure.get(held.conditionId) ?? ZERO).plus(held.amount));
      openTokens.add(held.tokenId);
    };
    let unrealised = ZERO;
    for (const position of this.open.values()) {
      add(position);
      if (position.unrealised) unrealised = unrealised.plus(position.unrealised);
    }
    for (const order of this.reserved.values()) add(order);
    for (const fills of this.settling.values()) for (const fill of fills) add(fill);
    this.lastOrderAtShared = true;
    return {
      exposureByMarket: exposure,
      openTokens,
      realisedPnl: this.realisedTotal,
      realisedPnlToday: this.realisedSince(dayStart),
      unrealisedPnl: unrealised,
      lastOrderAt: this.lastOrderAt,
    };
  }
}
