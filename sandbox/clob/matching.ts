/**
 * Walking the makers' book, best price first. Pure: given levels and an order's limit and amount,
 * returns the fills and what is left. A BUY sized in collateral (market BUY: FOK/FAK) spends its
 * budget; anything sized in shares (limit BUY, every SELL) fills shares. Taker BUYs pay at each
 * level's price rounded up to the micro-unit; SELLs receive it rounded down.
 */
import { Decimal } from "../../core/decimal.ts";
import type { BookLevel } from "../types.ts";
import { decimalToMicro, microToDecimal, notionalMicro, toMicro } from "./amounts.ts";

export type Fill = { price: string; shares: bigint; collateral: bigint };

export type Amount = { kind: "collateral"; budget: bigint } | { kind: "shares"; shares: bigint };

export type WalkResult = { fills: Fill[]; remaining: bigint; shares: bigint; collateral: bigint };

/** True when a level's price is inside the order's limit. */
function withinLimit(side: "BUY" | "SELL", levelPrice: string, limit: Decimal): boolean {
  const price = new Decimal(levelPrice);
  return side === "BUY" ? price.lte(limit) : price.gte(limit);
}

/** Levels sorted best-first for a taker on `side` (asks ascending for BUY, bids descending for SELL). */
function bestFirst(side: "BUY" | "SELL", levels: BookLevel[]): BookLevel[] {
  return [...levels].sort((a, b) => (side === "BUY" ? new Decimal(a.price).cmp(b.price) : new Decimal(b.price).cmp(a.price)));
}

export function walkBook(side: "BUY" | "SELL", levels: BookLevel[], limit: Decimal, amount: Amount): WalkResult {
  const fills: Fill[] = [];
  let remaining = amount.kind === "collateral" ? amount.budget : amount.shares;
  for (const level of bestFirst(side, levels)) {
    if (remaining <= 0n || !withinLimit(side, level.price, limit)) break;
    const available = toMicro(level.size);
    if (available <= 0n) continue;
    if (amount.kind === "collateral") {
      const levelCost = notionalMicro(available, level.price, Decimal.ROUND_UP);
      if (levelCost <= remaining) {
        fills.push({ price: level.price, shares: available, collateral: levelCost });
        remaining -= levelCost;
      } else {
        const shares = decimalToMicro(microToDecimal(remaining).div(level.price), Decimal.ROUND_DOWN);
        if (shares <= 0n) break;
        fills.push({ price: level.price, shares, collateral: remaining });
        remaining = 0n;
      }
    } else {
      // biome-ignore lint/complexity/useMathMinMax: bigint micro-units, which Math.min does not take
      const shares = available < remaining ? available : remaining;
      const collateral = notionalMicro(shares, level.price, side === "BUY" ? Decimal.ROUND_UP : Decimal.ROUND_DOWN);
      fills.push({ price: level.price, shares, collateral });
      remaining -= shares;
    }
  }
  return {
    fills,
    remaining,
    shares: fills.reduce((sum, fill) => sum + fill.shares, 0n),
    collateral: fills.reduce((sum, fill) => sum + fill.collateral, 0n),
  };
}

/** Aggregates fills per price level for `BookModel.consume` (sizes as decimal strings). */
export function consumedLevels(fills: Fill[]): BookLevel[] {
  const byPrice = new Map<string, bigint>();
  for (const fill of fills) byPrice.set(fill.price, (byPrice.get(fill.price) ?? 0n) + fill.shares);
  return [...byPrice].map(([price, shares]) => ({ price, size: microToDecimal(shares).toString() }));
}
