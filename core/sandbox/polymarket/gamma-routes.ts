/**
 * Gamma API under `/gamma`: `GET /markets`, `GET /events` (events embed their markets),
 * `GET /markets/slug/:slug`, `GET /events/slug/:slug`, `GET /markets/:id`, `GET /events/:id`.
 * Lists read the catalog at the current simulated time; closed markets stay listed for a while.
 */
import type { SandboxApp } from "../types.ts";
import type { Catalog, CatalogEvent, CatalogMarket } from "./catalog.ts";
import { type Filterable, type GammaQuery, matches, orderAndPage, parseGammaQuery } from "./gamma-query.ts";
import { eventRow, marketRow, type RowContext } from "./gamma-rows.ts";

const SERVICE = "gamma";

function json(value: unknown, status = 200): Response {
  return new Response(JSON.stringify(value), { status, headers: { "content-type": "application/json" } });
}

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

/** Explicit lookups (by id, slug, token or condition) reach past the current listing to older windows. */
function explicit(query: GammaQuery): boolean {
  return query.ids.length + query.slugs.length + query.tokenIds.length + query.conditionIds.length > 0;
}

export function registerGamma(app: SandboxApp, catalog: Catalog): void {
  const context = (path: string): RowContext => ({ now: app.clock.now(), books: app.books!, nulls: app.faults.active(SERVICE, "nulls", path) !== undefined });

  app.route(SERVICE, "GET", "/markets", ({ url, path }) => {
    const query = parseGammaQuery(url);
    if (query instanceof Error) return json({ type: "validation error", error: query.message }, 400);
    const ctx = context(path);
    const markets = (explicit(query) ? catalog.all(ctx.now) : catalog.list(ctx.now)).filter((market) => matches(marketFilterable(market), query));
    return orderAndPage(
      markets.map((market) => marketRow(market, ctx)),
      query,
    );
  });

  app.route(SERVICE, "GET", "/markets/slug/:slug", ({ params, path }) => {
    const market = catalog.bySlug(params.slug!);
    return market ? marketRow(market, context(path)) : notFound();
  });

  app.route(SERVICE, "GET", "/markets/:id", ({ params, path }) => {
    const ctx = context(path);
    const market = catalog.all(ctx.now).find((candidate) => candidate.id === params.id);
    return market ? marketRow(market, ctx) : notFound();
  });

  app.route(SERVICE, "GET", "/events", ({ url, path }) => {
    const query = parseGammaQuery(url);
    if (query instanceof Error) return json({ type: "validation error", error: query.message }, 400);
    const ctx = context(path);
    const events = (explicit(query) ? catalog.allEvents(ctx.now) : catalog.listEvents(ctx.now)).filter((event) => matches(eventFilterable(event), query));
    return orderAndPage(
      events.map((event) => eventRow(event, ctx)),
      query,
    );
  });

  app.route(SERVICE, "GET", "/events/slug/:slug", ({ params, path }) => {
    const event = catalog.eventBySlug(params.slug!);
    return event ? eventRow(event, context(path)) : notFound();
  });

  app.route(SERVICE, "GET", "/events/:id", ({ params, path }) => {
    const ctx = context(path);
    const event = catalog.allEvents(ctx.now).find((candidate) => candidate.id === params.id);
    return event ? eventRow(event, ctx) : notFound();
  });
}
