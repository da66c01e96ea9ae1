/**
 * A spot venue's order book around its quote: the best bid is the quote rounded down to the tick,
 * the best ask one tick above (as the venues' tickers show), then `levels` levels each side one
 * tick apart, sizes simulated per level and per 100 ms step.
 */
import type { Asset } from "../prices/assets.ts";
import { fixed, tradeSize } from "./common.ts";

export type DepthLevel = { price: string; size: string };

export function spotDepth(seed: number, asset: Asset, price: number, decimals: number, t: number, levels: number, venue: string): { bids: DepthLevel[]; asks: DepthLevel[] } {
  const tick = 10 ** -decimals;
  const bid = Math.floor(price / tick) * tick;
  const step = Math.floor(t / 100);
  const side = (name: string, at: (i: number) => number) =>
    Array.from({ length: levels }, (_, i) => ({ price: fixed(at(i), decimals), size: tradeSize(seed, asset, step * 64 + i, `${venue}-${name}`) }));
  return { bids: side("bid", (i) => bid - i * tick), asks: side("ask", (i) => bid + (i + 1) * tick) };
}
