import { describe, expect, test } from "bun:test";
import { clientOrderId, isClientOrderId } from "../../../core/ledger/client-order-id.ts";
import { planIntent } from "../../../core/ledger/intent.ts";
import { candidate, d } from "../trade/fixtures.ts";

describe("client order id", () => {
  test("deterministic per opportunity and mode, bytes32 hex", () => {
    const a = clientOrderId("opp-1", "live");
    expect(isClientOrderId(a)).toBe(true);
    expect(clientOrderId("opp-1", "live")).toBe(a);
    expect(clientOrderId("opp-2", "live")).not.toBe(a);
    expect(clientOrderId("opp-1", "paper")).not.toBe(a);
  });
});

describe("planIntent", () => {
  test("a clean opportunity becomes a FOK BUY at its limit, sized in whole cents", () => {
    const planned = planIntent(candidate({ limitPrice: d("0.53") }), d("3.65"), { mode: "paper", orderType: "FOK" });
    expect(planned.ok).toBe(true);
    if (!planned.ok) return;
    const intent = planned.value;
    expect(intent.clientOrderId).toBe(clientOrderId("opp-btc-15m-1", "paper"));
    expect(intent.price.toString()).toBe("0.53");
    expect(intent.budget.toString()).toBe("3.65");
    expect(intent.takerAmount.toString()).toBe("6.8867");
    expect(intent.adjustments).toEqual([]);
    // 3.65 + 3.65 × 0.072 × (1 − 0.01) = 0.260172 + slack 0.0001
    expect(intent.maxCost.toString()).toBe("3.910272");
  });

  test("price off tick is floored and the budget cut to whole cents, both noted", () => {
    const planned = planIntent(candidate({ limitPrice: d("0.537") }), d("3.659"), { mode: "live", orderType: "FAK" });
    expect(planned.ok).toBe(true);
    if (!planned.ok) return;
    expect(planned.value.price.toString()).toBe("0.53");
    expect(planned.value.budget.toString()).toBe("3.65");
    expect(planned.value.adjustments.length).toBe(2);
  });

  test.each([
    ["below minimum size at the limit", "0.53", "2.5", "0.01", "below the market's minimum order size"],
    ["under the $1 minimum", "0.05", "0.95", "0.01", "$1 minimum"],
    ["price at 1", "1", "10", "0.01", "outside the venue's range"],
    ["price below one tick", "0.004", "10", "0.01", "outside the venue's range"],
  ])("refused: %s", (_, price, budget, tick, reason) => {
    const planned = planIntent(candidate({ limitPrice: d(price), tickSize: d(tick) }), d(budget), { mode: "paper", orderType: "FOK" });
    expect(planned.ok).toBe(false);
    if (!planned.ok) expect(planned.error).toContain(reason);
  });
});
