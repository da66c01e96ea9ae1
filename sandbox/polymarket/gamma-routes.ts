/**
 * Gamma API under `/gamma`: `GET /markets`, `GET /events` (events embed their markets), their
 * keyset-paged twins `/markets/keyset` (at most 100 a page) and `/events/keyset` (500), which
 * refuse `offset` and answer `{markets|events, next_cursor}` (no cursor on the last page),
 * `GET /markets/slug/:slug`, `GET /events/slug/:slug`, `GET /markets/:id`, `GET /events/:id`,
 * `GET /series`, `GET /tags` and `GET /public-search?q=`. Lists read the catalog at the current
 * simulated time; closed markets stay listed for a while.
 */
import { json, type SandboxInstance } from "../server.ts";
import type { MakerBooks } from "./books.ts";
import type { Catalog, CatalogEvent, CatalogMarket } from "./catalog.ts";
import { type Filterable, type GammaQuery, matches, orderAndPage, parseGammaQuery } from "./gamma-query.ts";
import { eventRow, marketRow, type Row, type RowContext } from "./gamma-rows.ts";
import type { GammaTag } from "./series.ts";

const SERVICE = "gamma";

const notFound = () => json({ type: "not found error", error: "record not found" }, 404);
const invalid = (message: string) => json({ type: "validation error", error: message }, 400);
/** Largest keyset page per kind. */
const KEYSET_LIMITS: Record<string, number> = { markets: 100, events: 500 };
/**
 * The plain `/markets` listing as live since May 2026 (reported by API users; Polymarket documents
 * 100 as the keyset page maximum): `limit` silently capped at 100, an offset past 10,000 refused
 * with 422. `/events` keeps the older 500 cap (assumed).
 */
const LISTING_LIMITS: Record<string, number> = { markets: 100, events: 500 };
const MAX_LISTING_OFFSET = 10_000;

/** What the filters read off a market or an event: closed once all its markets (one, or the event's) are. */
function filterable({ id, slug, end }: CatalogMarket | CatalogEvent, tags: GammaTag[], markets: CatalogMarket[]): Filterable {
  return {
    id,
    slug,
    end,
    closed: markets.every((market) => market.winner !== undefined),
    tagIds: tags.map((tag) => tag.id),
    tokenIds: markets.flatMap((market) => market.tokenIds),
    conditionIds: markets.map((market) => market.conditionId),
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
    const select = (query: GammaQuery, ctx: RowContext) =>
      (explicit(query) ? find.all(ctx.now) : find.listed(ctx.now)).filter((item) => matches(filterable(item), query)).map((item) => row(item, ctx));
    app.route(SERVICE, "GET", `/${kind}`, ({ url, path }) => {
      const query = parseGammaQuery(url);
      if (query instanceof Error) return invalid(query.message);
      if (kind === "markets" && query.offset > MAX_LISTING_OFFSET) return json({ type: "validation error", error: `offset must be at most ${MAX_LISTING_OFFSET}` }, 422);
      return orderAndPage(select(query, context(path)), { ...query, limit: Math.min(query.limit, LISTING_LIMITS[kind]!) });
    });
    // The cursor is the offset of the next page, opaque to clients (base64, as cursors look live).
    app.route(SERVICE, "GET", `/${kind}/keyset`, ({ url, path }) => {
      if (url.searchParams.has("offset")) return invalid("offset is not supported on keyset endpoints; use cursor");
      const query = parseGammaQuery(url);
      if (query instanceof Error) return invalid(query.message);
      const cursor = url.searchParams.get("cursor");
      const offset = cursor ? Number(Buffer.from(cursor, "base64url").toString()) : 0;
      if (!Number.isInteger(offset) || offset < 0) return invalid("invalid cursor");
      const limit = Math.min(query.limit, KEYSET_LIMITS[kind]!);
      const rows = select(query, context(path));
      const page = orderAndPage(rows, { ...query, offset, limit });
      const next = offset + limit < rows.length ? Buffer.from(String(offset + limit)).toString("base64url") : undefined;
      return next ? { [kind]: page, next_cursor: next } : { [kind]: page };
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
  records("markets", markets, (market) => filterable(market, market.event.tags, [market]), marketRow);
  records("events", events, (event) => filterable(event, event.tags, event.markets), eventRow);
  registerGammaCatalogRoutes(app, catalog, (path) => context(path));
}

/** `/series`, `/tags` and `/public-search`: what the catalog's events are grouped and found by. */
function registerGammaCatalogRoutes(app: SandboxInstance, catalog: Catalog, context: (path: string) => RowContext): void {
  const seriesOf = (now: number) => [...new Map(catalog.listEvents(now).map((event) => [event.series.id, event])).values()];
  app.route(SERVICE, "GET", "/series", ({ url }) => {
    const query = parseGammaQuery(url);
    if (query instanceof Error) return invalid(query.message);
    const slugs = url.searchParams.getAll("slug");
    const rows = seriesOf(app.clock.now())
      .filter((event) => slugs.length === 0 || slugs.includes(event.series.slug))
      .map((event) => ({ ...event.series, seriesType: "single", active: true, closed: false, archived: false, tags: event.tags.map((tag) => ({ ...tag })) }));
    return orderAndPage(rows, query);
  });
  app.route(SERVICE, "GET", "/tags", ({ url }) => {
    const query = parseGammaQuery(url);
    if (query instanceof Error) return invalid(query.message);
    const tags = new Map(catalog.listEvents(app.clock.now()).flatMap((event) => event.tags.map((tag) => [tag.id, tag] as const)));
    const rows = [...tags.values()].map((tag) => ({ ...tag }));
    return orderAndPage(rows, query);
  });
  app.route(SERVICE, "GET", "/public-search", ({ url, path }) => {
    const q = (url.searchParams.get("q") ?? "").trim().toLowerCase();
    if (q === "") return invalid("q is required");
    const limit = Math.min(Number(url.searchParams.get("limit_per_type") ?? 10) || 10, 50);
    const ctx = context(path);
    const found = catalog.listEvents(ctx.now).filter((event) => `${event.title} ${event.slug}`.toLowerCase().includes(q));
    const tags = new Map(found.flatMap((event) => event.tags.map((tag) => [tag.id, tag] as const)));
    return {
      events: found.slice(0, limit).map((event) => eventRow(event, ctx)),
      tags: [...tags.values()]
        .filter((tag) => tag.label.toLowerCase().includes(q))
        .map((tag) => ({ ...tag, event_count: found.filter((event) => event.tags.includes(tag)).length })),
      profiles: [],
      pagination: { hasMore: found.length > limit, totalResults: found.length },
    };
  });
}
