/**
 * Gamma API under `/gamma`: `GET /markets`, `GET /events` (events embed their markets),
 * `GET /markets/slug/:slug`, `GET /events/slug/:slug`, `GET /markets/:id`, `GET /events/:id`.
 * Lists read the catalog at the current simulated time; closed markets stay listed for a while.
 */
import { json, type SandboxInstance } from "../server.ts";
import type { MakerBooks } from "./books.ts";
import type { Catalog, CatalogEvent, CatalogMarket } from "./catalog.ts";
import { type Filterable, type GammaQuery, matches, orderAndPage, parseGammaQuery } from "./gamma-query.ts";
import { eventRow, marketRow, type Row, type RowContext } from "./gamma-rows.ts";

const SERVICE = "gamma";

const notFound = () => json({ type: "not found error", error: "record not found" }, 404);

function marketFilterable(market: CatalogMarket): Filterable {
  return {
    id: market.id,
    slug: market.slug,
    end: market.end,
    closed: market.winner !== undefined,
    tagIds: market.event.tags.map((tag) => tag.id),
    tokenIds: [...market.tokenIds],
    conditionIds: [market.conditionId],
  };
}

function eventFilterable(event: CatalogEvent): Filterable {
  return {
    id: event.id,
    slug: event.slug,
    end: event.end,
    closed: event.markets.every((market) => market.winner !== undefined),
    tagIds: event.tags.map((tag) => tag.id),
    tokenIds: event.markets.flatMap((market) => market.tokenIds),
    conditionIds: event.markets.map((market) => market.conditionId),
  };
}

type Finders<T> = { listed(now: number): T[]; all(now: number): T[]; bySlug(slug: string): T | undefined };

/** Explicit lookups (by id, slug, token or condition) reach past the current listing to older windows. */
function explicit(query: GammaQuery): boolean {
  return query.ids.length + query.slugs.length + query.tokenIds.length + query.conditionIds.length > 0;
}

export function registerGamma(app: SandboxInstance, catalog: Catalog, books: MakerBooks): void {
  const context = (path: string): RowContext => ({ now: app.clock.now(), books, nulls: app.faults.active(SERVICE, "nulls", path) !== undefined });

  /** `GET /{kind}` (listed, or every one ever listed for explicit lookups), `/{kind}/slug/:slug` and `/{kind}/:id`. */
  const records = <T extends { id: string }>(kind: string, find: Finders<T>, filterable: (item: T) => Filterable, row: (item: T, ctx: RowContext) => Row) => {
    app.route(SERVICE, "GET", `/${kind}`, ({ url, path }) => {
      const query = parseGammaQuery(url);
      if (query instanceof Error) return json({ type: "validation error", error: query.message }, 400);
      const ctx = context(path);
      const items = (explicit(query) ? find.all(ctx.now) : find.listed(ctx.now)).filter((item) => matches(filterable(item), query));
      const rows = items.map((item) => row(item, ctx));
      return orderAndPage(rows, query);
    });
    app.route(SERVICE, "GET", `/${kind}/slug/:slug`, ({ params, path }) => {
      const item = find.bySlug(params.slug!);
      return item ? row(item, context(path)) : notFound();
    });
    app.route(SERVICE, "GET", `/${kind}/:id`, ({ params, path }) => {
      const ctx = context(path);
      const item = find.all(ctx.now).find((candidate) => candidate.id === params.id);
      return item ? row(item, ctx) : notFound();
    });
  };
  const markets = { listed: (now: number) => catalog.list(now), all: (now: number) => catalog.all(now), bySlug: (slug: string) => catalog.bySlug(slug) };
  const events = { listed: (now: number) => catalog.listEvents(now), all: (now: number) => catalog.allEvents(now), bySlug: (slug: string) => catalog.eventBySlug(slug) };
  records("markets", markets, marketFilterable, marketRow);
  records("events", events, eventFilterable, eventRow);
}
