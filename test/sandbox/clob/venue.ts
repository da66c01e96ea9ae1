/**
 * The full sandbox venue for CLOB tests (S1's helper: port 0, frozen clock), plus lookups of the
 * markets the tests trade and a small independent oracle for book walks and fees.
 */
import type { OrderBookSummary } from "@polymarket/clob-client-v2";
import { Decimal } from "../../../core/decimal.ts";
import type { SandboxOptions } from "../../../sandbox/options.ts";
import type { SandboxMarket } from "../../../sandbox/types.ts";
import { startTestSandbox, type TestSandbox, useTestSandbox } from "../../helpers/sandbox.ts";

const FEE_RATE = "0.072";
const DEFAULTS = { seed: 3, balance: "1000" };

export function startClobSandbox(options: Partial<SandboxOptions> = {}): Promise<TestSandbox> {
  return startTestSandbox({ ...DEFAULTS, ...options });
}

/** A CLOB venue for the enclosing file: started before its tests, stopped after them. */
export function useClobSandbox(options: Partial<SandboxOptions> = {}): TestSandbox {
  return useTestSandbox({ ...DEFAULTS, ...options });
}

/** The window of a series open right now (started, not ended). */
export function openWindow(sandbox: TestSandbox, window: string, symbol = "BTC"): SandboxMarket {
  const now = sandbox.app.clock.now();
  const found = sandbox.app.markets!.list(now).find((market) => market.symbol === symbol && market.window === window && market.windowStart <= now && now < market.end);
  if (!found) throw new Error(`no open ${symbol} ${window} window at ${new Date(now).toISOString()}`);
  return found;
}

/** A window that has ended and resolved. */
export function resolvedWindow(sandbox: TestSandbox): SandboxMarket {
  const found = sandbox.app.markets!.list(sandbox.app.clock.now()).find((market) => market.winner !== undefined);
  if (!found) throw new Error("no resolved window listed");
  return found;
}

export type Level = { price: string; size: string };

/** Wire levels (worst-first) sorted best-first for a taker on `side`. */
export function bestFirst(book: OrderBookSummary, side: "BUY" | "SELL"): Level[] {
  const levels = side === "BUY" ? book.asks : book.bids;
  return [...levels].sort((a, b) => (side === "BUY" ? Number(a.price) - Number(b.price) : Number(b.price) - Number(a.price)));
}

/** Taker fee for fills, computed independently: Σ shares × rate × p(1−p), each rounded to 1e-6. */
export function expectedFee(fills: { shares: string; price: string }[], rate = FEE_RATE): Decimal {
  return fills.reduce((sum, fill) => {
    const p = new Decimal(fill.price);
    return sum.add(
      new Decimal(fill.shares)
        .mul(rate)
        .mul(p.mul(new Decimal(1).sub(p)))
        .toDecimalPlaces(6, Decimal.ROUND_HALF_UP),
    );
  }, new Decimal(0));
}

/** Shares a collateral budget buys at one price, truncated to the micro-share. */
export function sharesFor(amount: string | number, price: string): string {
  return new Decimal(amount).div(price).toDecimalPlaces(6, Decimal.ROUND_DOWN).toString();
}
