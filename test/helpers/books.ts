/**
 * The books of a trading session add up in its store (run's e2e sessions, backtest's replays).
 */
import { expect } from "bun:test";
import { Decimal } from "../../core/decimal.ts";
import { buyCost } from "../../core/ledger/amounts.ts";
import { storeRows } from "./store.ts";

type OrderRow = { id: number; status: string; filled_size: string; fee: string };
type FillRow = { order_id: number; token_id: string; price: string; size: string; fee: string; status: string };
type PositionRow = { token_id: string; status: string; size: string; cost: string; fees: string; payout: string | null; realised_pnl: string };

/**
 * The session's books add up in the store: every filled order's fills carry its size and a fee;
 * each position is the sum of its token's confirmed fills; each settled one paid its size or
 * nothing and booked payout − cost − fees; the final summary totals them.
 */
export function expectBooksAddUp(db: string, summary: Record<string, any>): void {
  const orders = storeRows<OrderRow>(db, "SELECT id, status, filled_size, fee FROM orders");
  const fills = storeRows<FillRow>(db, "SELECT order_id, token_id, price, size, fee, status FROM fills");
  const positions = storeRows<PositionRow>(db, "SELECT token_id, status, size, cost, fees, payout, realised_pnl FROM positions");
  const sum = (values: string[]) => values.reduce((total, value) => total.plus(value), new Decimal(0));

  const filled = orders.filter((order) => order.status === "filled");
  expect(filled.length).toBeGreaterThan(0);
  for (const order of filled) {
    const own = fills.filter((fill) => fill.order_id === order.id && fill.status !== "failed");
    expect(own.length).toBeGreaterThan(0);
    expect(sum(own.map((fill) => fill.size)).toString()).toBe(new Decimal(order.filled_size).toString());
    expect(sum(own.map((fill) => fill.fee)).toString()).toBe(new Decimal(order.fee).toString());
    expect(new Decimal(order.fee).gt(0)).toBe(true);
  }

  expect(positions.length).toBeGreaterThan(0);
  for (const position of positions) {
    const own = fills.filter((fill) => fill.token_id === position.token_id && fill.status === "confirmed");
    expect([position.token_id, new Decimal(position.size).toString(), new Decimal(position.cost).toString(), new Decimal(position.fees).toString()]).toEqual([
      position.token_id,
      sum(own.map((fill) => fill.size)).toString(),
      own.reduce((total, fill) => total.plus(buyCost(new Decimal(fill.size), new Decimal(fill.price))), new Decimal(0)).toString(),
      sum(own.map((fill) => fill.fee)).toString(),
    ]);
  }
  const settled = positions.filter((position) => position.status === "settled");
  expect(settled.length).toBeGreaterThan(0);
  for (const position of settled) {
    expect([position.size, "0"].map((value) => new Decimal(value).toString())).toContain(new Decimal(position.payout!).toString());
    expect(new Decimal(position.realised_pnl).toString()).toBe(new Decimal(position.payout!).minus(position.cost).minus(position.fees).toString());
  }

  expect(summary.settled_positions).toBe(settled.length);
  expect(summary.wins + summary.losses).toBe(settled.length);
  expect(new Decimal(summary.realised_pnl).toString()).toBe(
    sum(settled.map((position) => position.realised_pnl))
      .toDecimalPlaces(6)
      .toString(),
  );
  expect(new Decimal(summary.fees_paid).toString()).toBe(
    sum(fills.filter((fill) => fill.status !== "failed").map((fill) => fill.fee))
      .toDecimalPlaces(6)
      .toString(),
  );
}
