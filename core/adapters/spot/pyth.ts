/** Pyth Hermes: one request per cycle for every feed; the value is price × 10^expo, in Decimal. */
import { Decimal } from "../../decimal.ts";
import { FetchFailure } from "../../http/fetch-json.ts";
import { parseDecimal } from "../../safe-parse.ts";
import { batchProvider } from "./batch.ts";
import { type BatchResult, batchResult, epochMs, isRecord, joinUrl, preview, type RestProvider } from "./types.ts";

const VENUE = "pyth";

/** Pyth mainnet price feed ids (Crypto.X/USD), hex without the 0x prefix. */
const FEEDS: Record<string, string> = {
  BTC: "e62df6c8b4a85fe1a67db44dc12de5db330f7ac66b72dc658afedf0f4a415b43",
  ETH: "ff61491a931112ddf1bd8147cd1b641375f79f5825126d665480874634fd0ace",
  SOL: "ef0d8b6fda2ceba41da15d4095d1da392a0d2f8ed0c6c7bc0f4cfac8c280b56d",
  XRP: "ec5d399846a9209f3fe5881d70aae9268c94339ff9817e8d18ff19fa05eea1c8",
};

/** "BTC" → its feed id (hex, no 0x); undefined for a symbol without a known feed. */
export function pythFeedId(symbol: string): string | undefined {
  return FEEDS[symbol];
}

export function pythUrl(baseUrl: string, symbols: readonly string[]): string {
  const ids = symbols.map(pythFeedId).filter((id): id is string => id !== undefined);
  return joinUrl(baseUrl, `/v2/updates/price/latest?${ids.map((id) => `ids[]=0x${id}`).join("&")}&parsed=true`);
}

/** price × 10^expo in Decimal; an error for a missing, non-integer or non-positive value. */
function pythValue(price: unknown): { ok: true; value: Decimal; publishTime?: number } | { ok: false; error: string } {
  if (!isRecord(price)) return { ok: false, error: `missing price object (${preview(price)})` };
  const mantissa = parseDecimal(price.price);
  if (!mantissa.ok) return { ok: false, error: `bad price ${preview(price.price)} (${mantissa.error})` };
  if (!mantissa.value.isInteger() || mantissa.value.lte(0)) return { ok: false, error: `bad price ${preview(price.price)} (not a positive integer)` };
  if (typeof price.expo !== "number" || !Number.isInteger(price.expo) || Math.abs(price.expo) > 30) return { ok: false, error: `bad expo ${preview(price.expo)}` };
  return { ok: true, value: mantissa.value.times(new Decimal(10).pow(price.expo)), publishTime: epochMs(price.publish_time, "s") };
}

export function parsePyth(body: unknown, symbols: readonly string[], receivedAt: number): BatchResult {
  const parsed = isRecord(body) ? body.parsed : undefined;
  if (!Array.isArray(parsed)) throw new FetchFailure(VENUE, "bad-payload", `expected {parsed: [...]}, got ${preview(body)}`);
  const byId = new Map(symbols.map((symbol) => [pythFeedId(symbol), symbol]));
  const priced = parsed.map((entry) => {
    const symbol = isRecord(entry) && typeof entry.id === "string" ? byId.get(entry.id.toLowerCase().replace(/^0x/, "")) : undefined;
    if (symbol === undefined) return undefined;
    const price = pythValue(entry.price);
    return { symbol, price, sourceTs: price.ok ? price.publishTime : undefined };
  });
  return batchResult(VENUE, symbols, receivedAt, priced);
}

export const pyth: RestProvider = batchProvider({ name: VENUE, supports: (symbol) => pythFeedId(symbol) !== undefined, url: pythUrl, parse: parsePyth });
