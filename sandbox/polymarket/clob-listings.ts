/**
 * The CLOB's paged market listings under `/clob`: `GET /markets` (classic objects),
 * `/simplified-markets`, and `/sampling-markets` / `/sampling-simplified-markets` (the markets of a
 * liquidity-rewards programme: none in the sandbox, so their pages are empty). As live: 1000 markets
 * a page, closed ones included, cursors are base64 offsets ("MA==" first), the last page says
 * "LTE=", and sending "LTE=" back is a 400.
 */
import { json, type SandboxInstance } from "../server.ts";
import type { MakerBooks } from "./books.ts";
import type { Catalog, CatalogMarket } from "./catalog.ts";
import { marketViews } from "./clob-markets.ts";

const SERVICE = "clob";
const END_CURSOR = "LTE=";
const PAGE = 1000;

/** One page of `items` from a `next_cursor`; a 400 for the end marker or a cursor that is not an offset. */
function listingPage<T>(items: T[], cursor: string | null): Response | { limit: number; count: number; next_cursor: string; data: T[] } {
  const decoded = cursor ? Buffer.from(cursor, "base64").toString("utf8") : "0";
  if (!/^-?\d+$/.test(decoded)) return json({ error: "invalid next_cursor" }, 400);
  const offset = Number(decoded);
  if (offset < 0) return json({ error: "next item should be greater than or equal to 0" }, 400);
  const data = items.slice(offset, offset + PAGE);
  const next = offset + PAGE >= items.length ? END_CURSOR : Buffer.from(String(offset + PAGE)).toString("base64");
  return { limit: PAGE, count: data.length, next_cursor: next, data };
}

export function registerClobListings(app: SandboxInstance, catalog: Catalog, books: MakerBooks): void {
  const { classic, simplified } = marketViews(app, books);
  const listing = (path: string, markets: () => CatalogMarket[], view: (market: CatalogMarket) => unknown) =>
    app.route(SERVICE, "GET", path, ({ url }) => {
      const page = listingPage(markets(), url.searchParams.get("next_cursor"));
      return page instanceof Response ? page : { ...page, data: page.data.map(view) };
    });
  const listed = () => catalog.list(app.clock.now());
  const rewarded = (): CatalogMarket[] => [];
  listing("/markets", listed, classic);
  listing("/simplified-markets", listed, simplified);
  listing("/sampling-markets", rewarded, classic);
  listing("/sampling-simplified-markets", rewarded, simplified);
}
