/**
 * Market discovery from Gamma: `/events` (events embed their markets), then `/markets` (rows not
 * reached through an event), 100 a page until an empty page or one of ids already seen. Gamma caps
 * a page below what is asked without saying so (`/markets` at 100 since May 2026), so a short page
 * does not mean the end. Rows come back raw with their event's title; parsing and classification
 * happen elsewhere.
 */
import { fetchJson } from "../../../http/fetch-json.ts";

const GAMMA_PAGE_SIZE = 100;
/** Guard against a server that ignores `offset`: never more pages than this per listing. */
const MAX_PAGES = 200;

export type GammaFilter = {
  /** Markets ending after this time (ms). */
  endMin: number;
  /** …and no later than this, when set. */
  endMax?: number;
  /** Only open markets (`closed=false`); false for replays of the past. */
  openOnly: boolean;
  tagId?: string;
};

export type GammaDeps = {
  gammaUrl: string;
  timeoutMs?: number;
  pageSize?: number;
  /** Called after each page with running totals. */
  onProgress?: (progress: GammaProgress) => void;
};

export type GammaProgress = { listing: "events" | "markets"; pages: number; events: number; rows: number };

type RawRow = { raw: unknown; eventTitle?: string };

export type GammaListing = { rows: RawRow[]; pages: number; events: number };

function query(filter: GammaFilter, limit: number, offset: number): string {
  const params = new URLSearchParams({ limit: String(limit), offset: String(offset), active: "true" });
  if (filter.openOnly) params.set("closed", "false");
  params.set("end_date_min", new Date(filter.endMin).toISOString());
  if (filter.endMax !== undefined) params.set("end_date_max", new Date(filter.endMax).toISOString());
  if (filter.tagId) params.set("tag_id", filter.tagId);
  return params.toString();
}

const idOf = (value: unknown) => (value && typeof value === "object" ? (value as Record<string, unknown>).id : undefined);

/** Pages one listing, by the number of rows that came back; stops on an empty page or a page of ids already seen. */
async function pages(path: "events" | "markets", filter: GammaFilter, deps: GammaDeps, each: (item: unknown) => void, progress: () => void): Promise<number> {
  const limit = deps.pageSize ?? GAMMA_PAGE_SIZE;
  const seen = new Set<unknown>();
  let count = 0;
  for (let offset = 0; count < MAX_PAGES; ) {
    const body = await fetchJson(`${deps.gammaUrl}/${path}?${query(filter, limit, offset)}`, { venue: "gamma", timeoutMs: deps.timeoutMs });
    count++;
    const items = Array.isArray(body) ? body : [];
    const fresh = items.filter((item) => !seen.has(idOf(item) ?? item));
    for (const item of fresh) {
      seen.add(idOf(item) ?? item);
      each(item);
    }
    progress();
    if (fresh.length === 0) break;
    offset += items.length;
  }
  return count;
}

/** Every market row Gamma lists for the filter: through events first, then the plain listing. */
export async function listGammaRows(filter: GammaFilter, deps: GammaDeps): Promise<GammaListing> {
  const rows: RawRow[] = [];
  const byKey = new Set<string>();
  let events = 0;
  let pageCount = 0;
  const keyOf = (raw: unknown) => {
    const row = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
    return String(row.conditionId ?? row.id ?? JSON.stringify(raw).slice(0, 200)).toLowerCase();
  };
  const add = (raw: unknown, eventTitle?: string) => {
    const key = keyOf(raw);
    if (byKey.has(key)) return;
    byKey.add(key);
    rows.push({ raw, eventTitle });
  };
  const report = (listing: "events" | "markets") => () => {
    pageCount++;
    deps.onProgress?.({ listing, pages: pageCount, events, rows: rows.length });
  };
  await pages(
    "events",
    filter,
    deps,
    (event) => {
      events++;
      const record = event && typeof event === "object" ? (event as Record<string, unknown>) : {};
      const title = typeof record.title === "string" ? record.title : undefined;
      if (Array.isArray(record.markets)) for (const market of record.markets) add(market, title);
    },
    report("events"),
  );
  await pages("markets", filter, deps, (market) => add(market), report("markets"));
  return { rows, pages: pageCount, events };
}
