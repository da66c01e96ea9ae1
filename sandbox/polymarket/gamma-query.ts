/**
 * Gamma list queries: `limit` (default 20, at most 500), `offset`, `active`, `closed`, repeatable
 * `id` / `slug` / `clob_token_ids` / `condition_ids`, `tag_id`, `end_date_min` / `end_date_max`,
 * `order` (a row field, e.g. `endDate`, `volumeNum`) with `ascending`. Bad values answer 400.
 */
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 500;

export type GammaQuery = {
  limit: number;
  offset: number;
  active?: boolean;
  closed?: boolean;
  ids: string[];
  slugs: string[];
  tokenIds: string[];
  conditionIds: string[];
  tagId?: string;
  endMin?: number;
  endMax?: number;
  order?: string;
  ascending: boolean;
};

export type Filterable = { id: string; slug: string; end: number; closed: boolean; tagIds: string[]; tokenIds: string[]; conditionIds: string[] };

function flag(url: URL, key: string): boolean | undefined | Error {
  const value = url.searchParams.get(key);
  if (value === null) return undefined;
  if (value === "true") return true;
  if (value === "false") return false;
  return new Error(`invalid boolean for ${key}: ${value}`);
}

function count(url: URL, key: string, fallback: number): number | Error {
  const value = url.searchParams.get(key);
  if (value === null || value === "") return fallback;
  if (!/^\d+$/.test(value)) return new Error(`invalid integer for ${key}: ${value}`);
  return Number(value);
}

function date(url: URL, key: string): number | undefined | Error {
  const value = url.searchParams.get(key);
  if (value === null || value === "") return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? new Error(`invalid date for ${key}: ${value}`) : ms;
}

function many(url: URL, key: string): string[] {
  return url.searchParams
    .getAll(key)
    .flatMap((value) => value.split(","))
    .map((value) => value.trim())
    .filter((value) => value !== "");
}

export function parseGammaQuery(url: URL): GammaQuery | Error {
  const limit = count(url, "limit", DEFAULT_LIMIT);
  const offset = count(url, "offset", 0);
  const active = flag(url, "active");
  const closed = flag(url, "closed");
  const ascending = flag(url, "ascending");
  const endMin = date(url, "end_date_min");
  const endMax = date(url, "end_date_max");
  for (const value of [limit, offset, active, closed, ascending, endMin, endMax]) if (value instanceof Error) return value;
  return {
    limit: Math.min(limit as number, MAX_LIMIT),
    offset: offset as number,
    active: active as boolean | undefined,
    closed: closed as boolean | undefined,
    ids: many(url, "id"),
    slugs: many(url, "slug"),
    tokenIds: many(url, "clob_token_ids"),
    conditionIds: many(url, "condition_ids").map((id) => id.toLowerCase()),
    tagId: url.searchParams.get("tag_id") ?? undefined,
    endMin: endMin as number | undefined,
    endMax: endMax as number | undefined,
    order: url.searchParams.get("order") ?? undefined,
    ascending: (ascending as boolean | undefined) ?? true,
  };
}

export function matches(item: Filterable, query: GammaQuery): boolean {
  if (query.active === false) return false;
  if (query.closed !== undefined && item.closed !== query.closed) return false;
  if (query.ids.length > 0 && !query.ids.includes(item.id)) return false;
  if (query.slugs.length > 0 && !query.slugs.includes(item.slug)) return false;
  if (query.tokenIds.length > 0 && !item.tokenIds.some((token) => query.tokenIds.includes(token))) return false;
  if (query.conditionIds.length > 0 && !item.conditionIds.some((id) => query.conditionIds.includes(id))) return false;
  if (query.tagId !== undefined && !item.tagIds.includes(query.tagId)) return false;
  if (query.endMin !== undefined && item.end < query.endMin) return false;
  if (query.endMax !== undefined && item.end > query.endMax) return false;
  return true;
}

function sortKey(value: unknown): number | string {
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value)) return Date.parse(value);
  return String(value ?? "");
}

/** Orders rows by `order` (default: numeric id), then pages them. */
export function orderAndPage<T extends Record<string, unknown>>(rows: T[], query: GammaQuery): T[] {
  const field = query.order && rows.some((row) => query.order! in row) ? query.order : "id";
  const direction = query.ascending ? 1 : -1;
  const sorted = [...rows].sort((a, b) => {
    const x = sortKey(a[field]);
    const y = sortKey(b[field]);
    return (x < y ? -1 : x > y ? 1 : 0) * direction;
  });
  return sorted.slice(query.offset, query.offset + query.limit);
}
