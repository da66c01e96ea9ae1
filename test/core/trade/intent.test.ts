import { describe, expect, test } from "bun:test";
import { Decimal } from "../../../core/decimal.ts";
import { clientOrderId, isClientOrderId } from "../../../core/trade/client-order-id.ts";
import { planIntent } from "../../../core/trade/intent.ts";
import { candidate } from "./fixtures.ts";

const d = (value: string) => new Decimal(value);

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
  test("a clean opportunity becomes a FOK BUY at its limit with exact amounts", () => {
    const planned = planIntent(candidate({ limitPrice: d("0.53") }), d("7"), { mode: "paper", orderType: "FOK" });
    expect(planned.ok).toBe(true);
    if (!planned.ok) return;
    const intent = planned.value;
    expect(intent.clientOrderId).toBe(clientOrderId("opp-btc-15m-1", "paper"));
    expect(intent.price.toString()).toBe("0.53");
    expect(intent.makerAmount.toString()).toBe("3.71");
    expect(intent.takerAmount.toString()).toBe("7");
    expect(intent.adjustments).toEqual([]);
    // 7 × 0.53 + fee 7 × 0.072 × 0.53 × 0.47 = 0.1255464, charged 0.12555 (+ slack 0.0001)
    expect(intent.maxCost.toString()).toBe("3.83565");
  });

  test("price off tick is floored, size rounded to whole cents, both noted", () => {
    const planned = planIntent(candidate({ limitPrice: d("0.537") }), d("7.33"), { mode: "live", orderType: "FAK" });
    expect(planned.ok).toBe(true);
    if (!planned.ok) return;
    expect(planned.value.price.toString()).toBe("0.53");
    expect(planned.value.size.toString()).toBe("7");
    expect(planned.value.adjustments.length).toBe(2);
  });

  test.each([
    ["below minimum after rounding", "0.555", "5.5", "0.001", "below the market's minimum order size"],
    ["price at 1", "1", "10", "0.01", "outside the venue's range"],
    ["price at 0", "0.004", "10", "0.01", "outside the venue's range"],
  ])("refused: %s", (_, price, size, tick, reason) => {
    const planned = planIntent(candidate({ limitPrice: d(price), tickSize: d(tick) }), d(size), { mode: "paper", orderType: "FOK" });
    expect(planned.ok).toBe(false);
    if (!planned.ok) expect(planned.error).toContain(reason);
  });
});
