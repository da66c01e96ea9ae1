/**
 * The risk guardian's state for the loop's hot path: the same numbers as
 * core/risk/store-state.ts `loadRiskState` (a test compares them on random stores), read with
 * cached raw statements and only the columns the guardian uses, with decimal texts parsed once and
 * reused. `loadRiskState` maps every column of every position and order of the mode through drizzle
 * — about 10 ms at a few hundred orders, growing with the store's history — on every order; here
 * the same reads cost a fraction of a millisecond. Same connection and transaction as the engine's.
 *
 * The stops (kill switch, drawdown halt) and the high-water mark use the guardian's own readers
 * and writer (core/risk/stops.ts), through the engine's transaction.
 */
import type { Database, Statement } from "bun:sqlite";
import { Decimal, ZERO } from "../decimal.ts";
import { UNRESOLVED, UNSETTLED_FILLS } from "../positions/ledger.ts";
import type { RiskLimits } from "../risk/limits.ts";
import { equity, type RiskState } from "../risk/state.ts";
import { getHalt, getHighWaterMark, getKillSwitch, setHighWaterMark } from "../risk/stops.ts";
import { startOfUtcDay } from "../risk/store-state.ts";
import type { Queryable } from "../store/tx.ts";
import { buyCost } from "../trade/amounts.ts";
import type { TradeMode } from "../trade/client-order-id.ts";

type PositionRow = { realised_pnl: string; closed_at: number | null; status: string; size: string; cost: string; fees: string; mark_price: string | null; condition_id: string; token_id: string };
type OrderRow = { id: number; condition_id: string; token_id: string; status: string; created_at: number; max_cost: string | null; size: string; limit_price: string };
type FillRow = { order_id: number; size: string; price: string; fee: string };

const list = (values: readonly string[]) => values.map((value) => `'${value}'`).join(", ");

export class FastRiskState {
  private readonly positions: Statement<PositionRow, [string]>;
  private readonly orders: Statement<OrderRow, [string]>;
  private readonly fills: Statement<FillRow, [string]>;
  private readonly decimals = new Map<string, Decimal>();

  constructor(sqlite: Database) {
    this.positions = sqlite.query("SELECT realised_pnl, closed_at, status, size, cost, fees, mark_price, condition_id, token_id FROM positions WHERE mode = ?");
    this.orders = sqlite.query("SELECT id, condition_id, token_id, status, created_at, max_cost, size, limit_price FROM orders WHERE mode = ?");
    this.fills = sqlite.query(
      `SELECT f.order_id, f.size, f.price, f.fee FROM fills f JOIN orders o ON o.id = f.order_id WHERE o.mode = ? AND o.status NOT IN (${list(UNRESOLVED)}) AND f.status IN (${list(UNSETTLED_FILLS)})`,
    );
  }

  /** A decimal column's text as a Decimal, parsed once (values repeat: sizes, prices, zeros). */
  private dec(text: string): Decimal {
    let value = this.decimals.get(text);
    if (!value) {
      if (this.decimals.size > 50_000) this.decimals.clear();
      value = new Decimal(text);
      this.decimals.set(text, value);
    }
    return value;
  }

  /** `loadRiskState(db, mode, limits, now)`, read through `db` (the engine's transaction) and the raw connection. */
  load(db: Queryable, mode: TradeMode, limits: RiskLimits, now: Date): RiskState {
    const exposure = new Map<string, Decimal>();
    const openTokens = new Set<string>();
    const add = (market: string, amount: Decimal) => exposure.set(market, (exposure.get(market) ?? ZERO).plus(amount));

    let realised = ZERO;
    let realisedToday = ZERO;
    let unrealised = ZERO;
    const dayStart = startOfUtcDay(now).getTime();
    for (const position of this.positions.all(mode)) {
      const pnl = this.dec(position.realised_pnl);
      realised = realised.plus(pnl);
      if (position.closed_at !== null && position.closed_at >= dayStart) realisedToday = realisedToday.plus(pnl);
      const size = this.dec(position.size);
      if (position.status !== "open" || !size.gt(ZERO)) continue;
      const cost = this.dec(position.cost);
      const fees = this.dec(position.fees);
      add(position.condition_id, cost.plus(fees));
      openTokens.add(position.token_id);
      if (position.mark_price !== null) unrealised = unrealised.plus(size.times(this.dec(position.mark_price)).minus(cost).minus(fees));
    }

    const lastOrderAt = new Map<string, number>();
    const conditionOf = new Map<number, OrderRow>();
    for (const order of this.orders.all(mode)) {
      if ((lastOrderAt.get(order.condition_id) ?? -Infinity) < order.created_at) lastOrderAt.set(order.condition_id, order.created_at);
      if ((UNRESOLVED as string[]).includes(order.status)) {
        add(order.condition_id, order.max_cost !== null ? this.dec(order.max_cost) : this.dec(order.size).times(this.dec(order.limit_price)).times(2));
        openTokens.add(order.token_id);
      } else conditionOf.set(order.id, order);
    }
    for (const fill of this.fills.all(mode)) {
      const order = conditionOf.get(fill.order_id);
      if (!order) continue;
      add(order.condition_id, buyCost(this.dec(fill.size), this.dec(fill.price)).plus(this.dec(fill.fee)));
      openTokens.add(order.token_id);
    }

    const base: RiskState = {
      exposureByMarket: exposure,
      openTokens,
      realisedPnl: realised,
      realisedPnlToday: realisedToday,
      unrealisedPnl: unrealised,
      highWaterMark: limits.bankroll,
      lastOrderAt,
      killSwitch: getKillSwitch(db),
      halt: getHalt(db, mode),
    };
    const stored = getHighWaterMark(db, mode);
    const current = equity(base, limits);
    let hwm = stored ?? limits.bankroll;
    if (current.gt(hwm)) {
      hwm = current;
      setHighWaterMark(db, mode, hwm, now);
    }
    return { ...base, highWaterMark: hwm };
  }
}
