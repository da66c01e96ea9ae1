/**
 * An outcome token's order book as pm-arb uses it: Decimal levels, asks sorted best (lowest) first,
 * bids best (highest) first — the REST book has listed best prices last, so order is never assumed.
 */

import { VenueError } from "../../../cli/errors.ts";
import type { Decimal } from "../../../decimal.ts";
import { fetchJson } from "../../../http/fetch-json.ts";
import { parseDecimal } from "../../../safe-parse.ts";

type Level = { price: Decimal; size: Decimal };
export type Book = { tokenId: string; asks: Level[]; bids: Level[]; timestamp?: number };

function levels(raw: unknown, what: string): Level[] {
  if (!Array.isArray(raw)) throw new VenueError("clob", `book ${what} is not a list`);
  const out: Level[] = [];
  for (const item of raw) {
    const price = parseDecimal((item as { price?: unknown })?.price);
    const size = parseDecimal((item as { size?: unknown })?.size);
    // A malformed level is dropped, never read as zero.
    if (price.ok && size.ok && price.value.gt(0) && size.value.gt(0)) out.push({ price: price.value, size: size.value });
  }
  return out;
}

/** Parses a CLOB `/book` body; levels sorted best-first. */
export function parseBook(body: unknown, tokenId: string): Book {
  if (!body || typeof body !== "object") throw new VenueError("clob", `book for ${tokenId} is not an object`);
  const record = body as Record<string, unknown>;
  const asks = levels(record.asks ?? [], "asks").sort((a, b) => a.price.comparedTo(b.price));
  const bids = levels(record.bids ?? [], "bids").sort((a, b) => b.price.comparedTo(a.price));
  const ts = typeof record.timestamp === "string" || typeof record.timestamp === "number" ? Number(record.timestamp) : undefined;
  return { tokenId, asks, bids, ...(ts !== undefined && Number.isFinite(ts) ? { timestamp: ts } : {}) };
}

/** `GET {clob}/book?token_id=` → Book. Throws a VenueError (FetchFailure) on any failure. */
export async function fetchBook(clobUrl: string, tokenId: string, timeoutMs = 5000): Promise<Book> {
  const body = await fetchJson(`${clobUrl}/book?token_id=${encodeURIComponent(tokenId)}`, { venue: "clob", timeoutMs });
  return parseBook(body, tokenId);
}
