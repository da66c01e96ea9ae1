/**
 * A market's own fee schedule, read from the venue (loaded lazily, so zod stays off the plain
 * `fees --price` path): by slug from Gamma's `feeSchedule`, by token from the CLOB's compact `fd`
 * (what the matching engine applies). Fees fail closed: an unknown schedule is an error, never
 * zero; only Gamma's `feesEnabled: false` makes a market fee-free. The CLOB `/fee-rate` `base_fee`
 * is a legacy field, not the rate: it is never used.
 */
import { z } from "zod";
import { VenueError } from "../../../cli/errors.ts";
import { FetchFailure, fetchJson } from "../../../http/fetch-json.ts";
import { type FeeSchedule, feeFreeSchedule, venueSchedule } from "../../../model/fee-schedule.ts";
import { parseStringArray } from "../../../safe-parse.ts";

export type ServiceUrls = { gamma: string; clob: string };
export type VenueDeps = { urls: ServiceUrls; timeoutMs?: number };

const REAL_DEFAULTS: ServiceUrls = { gamma: "https://gamma-api.polymarket.com", clob: "https://clob.polymarket.com" };

/**
 * Gamma and CLOB base URLs: `PM_ARB_GAMMA_URL` / `PM_ARB_CLOB_URL`, else the sandbox's prefixes
 * under `PM_ARB_SANDBOX_URL`, else the real hosts. The config module (`core/config/*`) will
 * supersede this with the full defaults < file < env < flags resolution.
 */
export function serviceUrls(env: Record<string, string | undefined> = process.env): ServiceUrls {
  const trim = (url: string) => url.replace(/\/+$/, "");
  const sandbox = env.PM_ARB_SANDBOX_URL ? trim(env.PM_ARB_SANDBOX_URL) : undefined;
  return {
    gamma: trim(env.PM_ARB_GAMMA_URL || (sandbox ? `${sandbox}/gamma` : REAL_DEFAULTS.gamma)),
    clob: trim(env.PM_ARB_CLOB_URL || (sandbox ? `${sandbox}/clob` : REAL_DEFAULTS.clob)),
  };
}

const feeScheduleSchema = z.looseObject({ rate: z.unknown(), exponent: z.unknown(), takerOnly: z.unknown().optional() });

const gammaRowSchema = z.looseObject({
  slug: z.string().optional(),
  conditionId: z.string().optional(),
  clobTokenIds: z.unknown().optional(),
  feesEnabled: z.boolean().nullish(),
  feeSchedule: feeScheduleSchema.nullish(),
});
type GammaRow = z.infer<typeof gammaRowSchema>;

const clobMarketSchema = z.looseObject({
  t: z.array(z.looseObject({ t: z.union([z.string(), z.number()]).optional() }).nullable()).optional(),
  fd: z.looseObject({ r: z.unknown(), e: z.unknown(), to: z.unknown().optional() }).nullish(),
});

/** GET and parse JSON through the shared fetchJson; failures keep their kind, status and Retry-After, plus the path. */
async function getJson(venue: string, url: string, deps: VenueDeps): Promise<unknown> {
  try {
    return await fetchJson(url, { venue, timeoutMs: deps.timeoutMs ?? 10_000, headers: { accept: "application/json" } });
  } catch (error) {
    if (!(error instanceof FetchFailure)) throw error;
    const detail = error.message.startsWith(`${venue}: `) ? error.message.slice(venue.length + 2) : error.message;
    throw new FetchFailure(venue, error.failure, `GET ${new URL(url).pathname}: ${detail}`, error.status, error.retryAfterMs);
  }
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, venue: string, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
  throw new VenueError(venue, `unexpected ${what}${where}: ${issue?.message ?? "invalid"}`);
}

/** The schedule a Gamma market row publishes. */
function scheduleFromGammaRow(row: GammaRow, source: string): FeeSchedule {
  if (row.feesEnabled === false) return feeFreeSchedule(source);
  if (!row.feeSchedule) {
    const state = row.feesEnabled === true ? "has fees enabled but no feeSchedule" : "states neither feesEnabled nor a feeSchedule";
    throw new VenueError("gamma", `${source.replace(/^gamma:/, "market ")} ${state}; its fee is unknown, refusing to guess`);
  }
  const schedule = venueSchedule(row.feeSchedule, source);
  if (!schedule.ok) throw new VenueError("gamma", `${source.replace(/^gamma:/, "market ")} feeSchedule: ${schedule.error}`);
  return schedule.value;
}

export async function scheduleForMarket(slug: string, deps: VenueDeps): Promise<FeeSchedule> {
  const body = await getJson("gamma", `${deps.urls.gamma}/markets/slug/${encodeURIComponent(slug)}`, deps);
  const row = parseWith(gammaRowSchema, body, "gamma", `market row for ${slug}`);
  return scheduleFromGammaRow(row, `gamma:${slug}`);
}

export async function scheduleForToken(tokenId: string, deps: VenueDeps): Promise<FeeSchedule> {
  const listing = await getJson("gamma", `${deps.urls.gamma}/markets?clob_token_ids=${encodeURIComponent(tokenId)}`, deps);
  const rows = parseWith(z.array(gammaRowSchema), listing, "gamma", `market list for token ${tokenId}`);
  const row = rows.find((candidate) => {
    const ids = parseStringArray(candidate.clobTokenIds);
    return ids.ok && ids.value.includes(tokenId);
  });
  if (!row) throw new VenueError("gamma", `no market lists token ${tokenId}`);
  if (!row.conditionId) throw new VenueError("gamma", `market for token ${tokenId} has no conditionId`);

  const source = `clob:${tokenId}`;
  const body = await getJson("clob", `${deps.urls.clob}/clob-markets/${encodeURIComponent(row.conditionId)}`, deps);
  const market = parseWith(clobMarketSchema, body, "clob", `clob-markets answer for ${row.conditionId}`);
  if (market.t && !market.t.some((token) => token && String(token.t) === tokenId)) {
    throw new VenueError("clob", `market ${row.conditionId} does not list token ${tokenId}`);
  }
  if (!market.fd) {
    if (row.feesEnabled === false) return feeFreeSchedule(source);
    throw new VenueError("clob", `market ${row.conditionId} publishes no fee data (fd) and Gamma does not say it is fee-free; refusing to guess`);
  }
  const schedule = venueSchedule({ rate: market.fd.r, exponent: market.fd.e, takerOnly: market.fd.to }, source);
  if (!schedule.ok) throw new VenueError("clob", `market ${row.conditionId} fee data: ${schedule.error}`);
  return schedule.value;
}
