/**
 * Which series and symbol a traded market belongs to, for grouping P&L: from the opportunity that
 * led to the order when the store has it (symbol, kind, window), else from the market's slug
 * (`btc-updown-15m-1767200400` → `btc-updown-15m`, BTC).
 */
export type MarketSeries = { series: string; symbol: string };

const UPDOWN_SLUG = /^([a-z]+)-updown-(\w+?)-\d+$/;

export function seriesOf(payload: unknown, slug: string | null): MarketSeries {
  const record = (payload ?? {}) as { symbol?: unknown; kind?: unknown; window?: unknown };
  if (typeof record.symbol === "string" && typeof record.kind === "string") {
    const symbol = record.symbol.toUpperCase();
    const series = [symbol.toLowerCase(), record.kind, typeof record.window === "string" ? record.window : undefined].filter(Boolean).join("-");
    return { series, symbol };
  }
  const match = slug?.match(UPDOWN_SLUG);
  if (match) return { series: `${match[1]}-updown-${match[2]}`, symbol: match[1]!.toUpperCase() };
  return { series: slug ?? "unknown", symbol: "?" };
}
