/**
 * The recurring crypto series the sandbox lists: per-symbol names and data-stream ids, the series
 * kinds (5m/15m/hourly Up or Down, daily "above" strikes), Gamma tags, and the strike grid.
 * Tag and series ids are the sandbox's own stable numbers, shaped like Gamma's.
 */
export type SymbolInfo = {
  symbol: string;
  /** Name used in titles and long slugs: "Bitcoin". */
  name: string;
  /** Short slug prefix: "btc". */
  short: string;
  /** Chainlink data stream path: "btc-usd". */
  stream: string;
  /** Binance pair, as in its web URL: "BTC_USDT". */
  binancePair: string;
  tag: GammaTag;
};

export type GammaTag = { id: string; label: string; slug: string };

export const TAGS = {
  crypto: { id: "21", label: "Crypto", slug: "crypto" },
  cryptoPrices: { id: "1312", label: "Crypto Prices", slug: "crypto-prices" },
  upOrDown: { id: "102127", label: "Up or Down", slug: "up-or-down" },
  m5: { id: "102892", label: "5M", slug: "5M" },
  m15: { id: "102467", label: "15M", slug: "15M" },
  h1: { id: "102175", label: "1H", slug: "1H" },
  daily: { id: "102531", label: "Daily", slug: "daily" },
} satisfies Record<string, GammaTag>;

export const SYMBOLS: readonly SymbolInfo[] = [
  { symbol: "BTC", name: "Bitcoin", short: "btc", stream: "btc-usd", binancePair: "BTC_USDT", tag: { id: "235", label: "Bitcoin", slug: "bitcoin" } },
  { symbol: "ETH", name: "Ethereum", short: "eth", stream: "eth-usd", binancePair: "ETH_USDT", tag: { id: "39", label: "Ethereum", slug: "ethereum" } },
  { symbol: "SOL", name: "Solana", short: "sol", stream: "sol-usd", binancePair: "SOL_USDT", tag: { id: "818", label: "Solana", slug: "solana" } },
  { symbol: "XRP", name: "XRP", short: "xrp", stream: "xrp-usd", binancePair: "XRP_USDT", tag: { id: "101267", label: "XRP", slug: "xrp" } },
];

/** The series kinds, each with its slot in id derivation and its listing shape. */
export type SeriesKind = "5m" | "15m" | "1h" | "above";

export const UPDOWN_SERIES: readonly { kind: "5m" | "15m" | "1h"; lengthMs: number; ahead: number; behind: number; tag: GammaTag; slot: number }[] = [
  { kind: "5m", lengthMs: 5 * 60_000, ahead: 2, behind: 3, tag: TAGS.m5, slot: 0 },
  { kind: "15m", lengthMs: 15 * 60_000, ahead: 2, behind: 3, tag: TAGS.m15, slot: 1 },
  { kind: "1h", lengthMs: 60 * 60_000, ahead: 1, behind: 2, tag: TAGS.h1, slot: 2 },
];

/** Daily "above" events: how many strikes, and how long a settled event stays listed. */
export const ABOVE = { strikes: 11, retentionMs: 6 * 3_600_000, firstSlot: 3 } as const;

/** A round strike spacing of about 1% of the price: 1, 2 or 5 times a power of ten. */
export function strikeStep(price: number): { step: number; decimals: number } {
  const target = price * 0.01;
  let power = Math.floor(Math.log10(target));
  let mantissa = [1, 2, 5, 10].find((m) => m * 10 ** power >= target * 0.999) ?? 10;
  if (mantissa === 10) {
    mantissa = 1;
    power += 1;
  }
  const decimals = Math.max(0, -power);
  return { step: Number((mantissa * 10 ** power).toFixed(decimals)), decimals };
}

/** "$96,000", "$2.25". */
export function dollars(value: number, decimals: number): string {
  return `$${value.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals })}`;
}

/** Strike as it appears in slugs: 96000 → "96k", 3050 → "3050", 2.25 → "2pt25". */
export function strikeSlug(value: number, decimals: number): string {
  if (decimals === 0 && value >= 1000 && value % 1000 === 0) return `${value / 1000}k`;
  return value.toFixed(decimals).replace(".", "pt");
}
