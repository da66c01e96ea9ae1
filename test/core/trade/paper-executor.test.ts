import { describe, expect, test } from "bun:test";
import { Decimal } from "../../../core/decimal.ts";
import { takerFee } from "../../../core/fees/quote.ts";
import { parseBook } from "../../../core/trade/book.ts";
import { fillTotals } from "../../../core/trade/execution.ts";
import { planIntent, type OrderType } from "../../../core/trade/intent.ts";
import { executePaper, FAK_UNMATCHED, FOK_UNFILLED } from "../../../core/trade/paper-executor.ts";
import { candidate, TOKEN } from "./fixtures.ts";

const d = (value: string) => new Decimal(value);

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

function intent(size: string, orderType: OrderType, price = "0.53") {
  const planned = planIntent(candidate({ limitPrice: d(price) }), d(size), { mode: "paper", orderType });
  if (!planned.ok) throw new Error(planned.error);
  return planned.value;
}

describe("paper executor", () => {
  test("book levels are sorted best first and junk is dropped", () => {
    expect(book.asks.map((level) => level.price.toString())).toEqual(["0.51", "0.53", "0.6"]);
  });

  test("FOK that the book can fill walks the levels and charges each fill's fee", () => {
    const result = executePaper(intent("7", "FOK"), book);
    expect(result.status).toBe("filled");
    expect(result.fills.map((fill) => [fill.price.toString(), fill.size.toString()])).toEqual([
      ["0.51", "3"],
      ["0.53", "4"],
    ]);
    const schedule = candidate().feeSchedule;
    expect(result.fills[0]!.fee).toEqual(takerFee(schedule, d("0.51"), d("3")));
    const totals = fillTotals(result.fills);
    expect(totals.size.toString()).toBe("7");
    expect(totals.cost.toString()).toBe("3.65");
    expect(result.fills.every((fill) => fill.status === "confirmed")).toBe(true);
  });

  test("FOK larger than the liquidity under the limit is killed whole", () => {
    const result = executePaper(intent("8", "FOK"), book);
    expect(result.status).toBe("rejected");
    expect(result.reason).toBe(FOK_UNFILLED);
    expect(result.fills).toEqual([]);
  });

  test("FAK fills what is there and reports partial", () => {
    const result = executePaper(intent("10", "FAK"), book);
    expect(result.status).toBe("partial");
    expect(fillTotals(result.fills).size.toString()).toBe("7");
  });

  test("FAK with nothing under the limit is rejected with the venue's words", () => {
    const result = executePaper(intent("10", "FAK", "0.50"), book);
    expect(result.status).toBe("rejected");
    expect(result.reason).toBe(FAK_UNMATCHED);
  });

  test("the same intent on the same book gives the same fills (ids included)", () => {
    expect(executePaper(intent("7", "FOK"), book)).toEqual(executePaper(intent("7", "FOK"), book));
  });
});
