/**
 * `GET /clob/prices-history?market=<token>`: the makers' fair price of the token as `{t, p}` points
 * (`t` unix seconds), one every `fidelity` minutes (default 1), with the rules the live endpoint
 * applies (observed, not documented by Polymarket):
 * - `interval` is a window ending now: `1h`, `6h`, `1d`, `1w`, `1m` (one month, 30 days), `max`/`all`
 *   (the whole history); `1w` needs a fidelity of at least 5 and `1m` at least 10, also when
 *   `startTs`/`endTs` are given with it (400 "invalid filters: minimum 'fidelity' for '1m' range is 10");
 * - `startTs`/`endTs` (unix seconds) may span at most 15 days (`startTs` alone: up to now); a longer
 *   window, or milliseconds, is a 400 "… interval is too long"; `endTs` without `startTs` is a 400;
 * - the series ends with one more point at the current time while the market trades;
 * - at most MAX_POINTS points, the most recent.
 * Assumed (no live wording found): the messages for an unknown interval and for `endTs` alone.
 */
import { json, type SandboxInstance } from "../server.ts";
import type { MakerBooks } from "./books.ts";
import type { Catalog } from "./catalog.ts";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const MAX_WINDOW_MS = 15 * DAY_MS;
const MAX_POINTS = 4300;
const INTERVALS: Record<string, { spanMs: number; minFidelity: number }> = {
  "1h": { spanMs: 3_600_000, minFidelity: 1 },
  "6h": { spanMs: 6 * 3_600_000, minFidelity: 1 },
  "1d": { spanMs: DAY_MS, minFidelity: 1 },
  "1w": { spanMs: 7 * DAY_MS, minFidelity: 5 },
  "1m": { spanMs: 30 * DAY_MS, minFidelity: 10 },
  max: { spanMs: Number.POSITIVE_INFINITY, minFidelity: 1 },
  all: { spanMs: Number.POSITIVE_INFINITY, minFidelity: 1 },
};

const invalid = (why: string) => json({ error: `invalid filters: ${why}` }, 400);

function seconds(text: string | null): number | undefined {
  return text === null || text === "" ? undefined : Number(text);
}

export function registerPricesHistory(app: SandboxInstance, catalog: Catalog, books: MakerBooks): void {
  app.route("clob", "GET", "/prices-history", ({ url }) => {
    const q = url.searchParams;
    const intervalName = q.get("interval");
    const interval = intervalName === null ? undefined : INTERVALS[intervalName];
    if (intervalName !== null && !interval) return invalid(`'interval' must be one of ${Object.keys(INTERVALS).join(", ")}`);
    const fidelity = Number(q.get("fidelity") ?? 1);
    if (!Number.isInteger(fidelity) || fidelity < 1) return invalid("'fidelity' must be a positive integer");
    if (interval && fidelity < interval.minFidelity) return invalid(`minimum 'fidelity' for '${intervalName}' range is ${interval.minFidelity}`);
    const now = app.clock.now();
    const startS = seconds(q.get("startTs"));
    const endS = seconds(q.get("endTs"));
    if (endS !== undefined && startS === undefined) return invalid("'endTs' needs 'startTs'");
    if (startS !== undefined && (!Number.isFinite(startS) || (endS !== undefined && !Number.isFinite(endS)))) return invalid("'startTs' and 'endTs' must be unix seconds");
    if (startS !== undefined && (endS ?? now / 1000) - startS > MAX_WINDOW_MS / 1000) return invalid("'startTs' and 'endTs' interval is too long");

    const token = q.get("market") ?? "";
    const market = catalog.byToken(token);
    if (!market) return { history: [] };
    const first = market.tokenIds[0] === token;
    const price = (t: number) => {
      const fair = books.makersFair(market, t);
      return Number((first ? fair : 1 - fair).toFixed(4));
    };
    const to = Math.min(now, market.end, endS === undefined ? now : endS * 1000);
    const from = Math.max(market.listedFrom, startS !== undefined ? startS * 1000 : to - (interval?.spanMs ?? Number.POSITIVE_INFINITY));
    const step = fidelity * MINUTE_MS;
    const history: { t: number; p: number }[] = [];
    for (let t = Math.max(Math.ceil(from / step), Math.floor(to / step) - MAX_POINTS + 1) * step; t <= to; t += step) history.push({ t: Math.floor(t / 1000), p: price(t) });
    if (now < market.end && history.at(-1)?.t !== Math.floor(now / 1000)) history.push({ t: Math.floor(now / 1000), p: price(now) });
    return { history };
  });
}
