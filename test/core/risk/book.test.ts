/**
 * The in-memory book, row by row: after any sequence of changes to orders (any status, fills in any
 * state) and positions (opened, marked, closed, settled, back to zero), the book equals one built
 * from scratch from the final rows — whatever the day it is asked about.
 */
import { describe, expect, test } from "bun:test";
import { Decimal } from "../../../core/decimal.ts";
import { RiskBook, type FillFacts, type OrderFacts, type PositionFacts } from "../../../core/risk/book.ts";
import { createRng } from "../../../core/sandbox/rng.ts";
import { FILL_STATUSES, ORDER_STATUSES, POSITION_STATUSES } from "../../../core/store/schema.ts";

const DAY = 86_400_000;

function view(book: RiskBook, dayStart: number) {
  const state = book.state(dayStart);
  return {
    exposure: [...state.exposureByMarket].map(([key, value]) => `${key}=${value.toString()}`).sort(),
    openTokens: [...state.openTokens].sort(),
    realised: state.realisedPnl.toString(),
    today: state.realisedPnlToday.toString(),
    unrealised: state.unrealisedPnl.toString(),
    lastOrderAt: [...state.lastOrderAt].map(([key, value]) => `${key}=${value}`).sort(),
  };
}

describe("risk book", () => {
  test.each([1, 2, 3, 4, 5, 6, 7, 8])("changed row by row = built from the final rows, seed %i", (seed) => {
    const random = createRng(seed, "book").next;
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const money = () => new Decimal(Math.floor(random() * 2000) - 500).dividedBy(100);
    const orders = new Map<number, { order: OrderFacts; fills: FillFacts[] }>();
    const positions = new Map<number, PositionFacts>();
    const book = new RiskBook();
    // A day the book is asked about now and then, so today's sum is kept across changes and days.
    let day = 0;
    for (let step = 0; step < 300; step++) {
      const roll = random();
      if (roll < 0.5) {
        const id = 1 + Math.floor(random() * 25);
        const market = `0xm${id % 7}`;
        const before = orders.get(id);
        const order: OrderFacts = { id, conditionId: market, tokenId: `t${id % 11}`, status: pick(ORDER_STATUSES), createdAt: before?.order.createdAt ?? Math.floor(random() * 10 * DAY), reserve: money().abs() };
        const fills = Array.from({ length: Math.floor(random() * 3) }, (_, index) => ({ id: id * 10 + index, status: pick(FILL_STATUSES), amount: money().abs() }));
        orders.set(id, { order, fills });
        book.setOrder(order, fills);
      } else if (roll < 0.9) {
        const id = 1 + Math.floor(random() * 15);
        const status = pick(POSITION_STATUSES);
        const position: PositionFacts = {
          id,
          conditionId: `0xm${id % 7}`,
          tokenId: `t${id % 11}`,
          status,
          size: random() < 0.2 ? new Decimal(0) : money().abs(),
          cost: money().abs(),
          fees: money().abs().dividedBy(10),
          realisedPnl: status === "open" && random() < 0.7 ? new Decimal(0) : money(),
          markPrice: random() < 0.5 ? null : new Decimal(Math.floor(random() * 99) + 1).dividedBy(100),
          closedAt: status === "open" ? null : Math.floor(random() * 10 * DAY),
        };
        positions.set(id, position);
        book.setPosition(position);
      } else {
        day = Math.floor(random() * 10) * DAY;
        view(book, day);
      }
      const fresh = new RiskBook();
      for (const position of positions.values()) fresh.setPosition(position);
      for (const { order, fills } of orders.values()) fresh.setOrder(order, fills);
      expect(view(book, day)).toEqual(view(fresh, day));
    }
  });

  test("a state handed out keeps its numbers when the book changes after it", () => {
    const book = new RiskBook();
    const order = (id: number, createdAt: number): OrderFacts => ({ id, conditionId: "0xm", tokenId: "t", status: "pending", createdAt, reserve: new Decimal(5) });
    book.setOrder(order(1, 1_000), []);
    const before = book.state(0);
    book.setOrder(order(2, 2_000), []);
    book.setOrder({ ...order(1, 1_000), status: "filled" }, []);
    expect(before.lastOrderAt.get("0xm")).toBe(1_000);
    expect(before.exposureByMarket.get("0xm")?.toString()).toBe("5");
    expect(book.state(0).lastOrderAt.get("0xm")).toBe(2_000);
  });
});
