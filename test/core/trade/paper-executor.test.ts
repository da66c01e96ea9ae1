import { describe, expect, test } from "bun:test";
import { parseBook } from "../../../core/adapters/polymarket/market-data/token-book.ts";
import { fillTotals } from "../../../core/ledger/execution.ts";
import { type OrderType, planIntent } from "../../../core/ledger/intent.ts";
import { takerFee } from "../../../core/model/fee-quote.ts";
import { executePaper, FAK_UNMATCHED, FOK_UNFILLED } from "../../../core/trade/paper-executor.ts";
import { candidate, d, TOKEN } from "./fixtures.ts";

// Levels deliberately listed worst-first, as the REST book has done.
const book = parseBook(
  {
    asks: [
      { price: "0.60", size: "100" },
      { price: "0.53", size: "4" },
      { price: "0.51", size: "3" },
      { price: "junk", size: "5" },
    ],
    bids: [{ price: "0.40", size: "10" }],
  },
  TOKEN,
);

function intent(budget: string, orderType: OrderType, price = "0.53") {
  const planned = planIntent(candidate({ limitPrice: d(price) }), d(budget), { mode: "paper", orderType });
  if (!planned.ok) throw new Error(planned.error);
  return planned.value;
}

describe("paper executor", () => {
  test("book levels are sorted best first and junk is dropped", () => {
    expect(book.asks.map((level) => level.price.toString())).toEqual(["0.51", "0.53", "0.6"]);
  });

  test("FOK spends its budget walking the levels and charges each fill's fee at its price", () => {
    const result = executePaper(intent("3.65", "FOK"), book);
    expect(result.status).toBe("filled");
    expect(result.fills.map((fill) => [fill.price.toString(), fill.size.toString(), fill.cost.toString()])).toEqual([
      ["0.51", "3", "1.53"],
      ["0.53", "4", "2.12"],
    ]);
    const schedule = candidate().feeSchedule;
    expect(result.fills[0]!.fee).toEqual(takerFee(schedule, d("0.51"), d("3")));
    const totals = fillTotals(result.fills);
    expect(totals.size.toString()).toBe("7");
    expect(totals.cost.toString()).toBe("3.65");
    expect(result.fills.every((fill) => fill.status === "confirmed")).toBe(true);
  });

  test("a better price buys more shares; the last level takes the rest of the budget", () => {
    const result = executePaper(intent("3.00", "FOK"), book);
    expect(result.status).toBe("filled");
    expect(result.fills.map((fill) => [fill.size.toString(), fill.cost.toString()])).toEqual([
      ["3", "1.53"],
      ["2.773584", "1.47"],
    ]);
  });

  test("FOK larger than the liquidity under the limit is killed whole", () => {
    const result = executePaper(intent("3.66", "FOK"), book);
    expect(result.status).toBe("rejected");
    expect(result.reason).toBe(FOK_UNFILLED);
    expect(result.fills).toEqual([]);
  });

  test("FAK spends what it can and reports partial", () => {
    const result = executePaper(intent("5", "FAK"), book);
    expect(result.status).toBe("partial");
    expect(fillTotals(result.fills).cost.toString()).toBe("3.65");
  });

  test("FAK with nothing under the limit is rejected with the venue's words", () => {
    const result = executePaper(intent("5", "FAK", "0.50"), book);
    expect(result.status).toBe("rejected");
    expect(result.reason).toBe(FAK_UNMATCHED);
  });

  test("the same intent on the same book gives the same fills (ids included)", () => {
    expect(executePaper(intent("3.65", "FOK"), book)).toEqual(executePaper(intent("3.65", "FOK"), book));
  });
});
