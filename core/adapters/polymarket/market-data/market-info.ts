/**
 * The CLOB's compact market info, `GET /clob-markets/{conditionId}` → `{t: [{t, o}], mts, mos, nr,
 * fd: {r, e, to}}`: asked only for markets whose Gamma row lacks a fee schedule, a tick size or a
 * minimum size. `fd` is what the matching engine applies, so a schedule read here is as good as
 * Gamma's; a market with neither stays `unknown` (scan rejects it — fees fail closed).
 */
import type { Decimal } from "../../../decimal.ts";
import { fetchJson } from "../../../http/fetch-json.ts";
import { venueSchedule } from "../../../model/fee-schedule.ts";
import type { FeeState } from "../../../model/market.ts";
import { parseDecimal } from "../../../safe-parse.ts";

export type ClobMarketInfo = { tickSize?: Decimal; minSize?: Decimal; negRisk?: boolean; fee?: FeeState; tokens: string[] };

function parseClobMarket(body: unknown, conditionId: string): ClobMarketInfo {
  const record = body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const tick = parseDecimal(record.mts);
  const min = parseDecimal(record.mos);
  const tokens = Array.isArray(record.t)
    ? record.t.flatMap((item) => {
        const token = item && typeof item === "object" ? (item as Record<string, unknown>).t : undefined;
        return typeof token === "string" ? [token] : [];
      })
    : [];
  const info: ClobMarketInfo = {
    tickSize: tick.ok && tick.value.gt(0) ? tick.value : undefined,
    minSize: min.ok && min.value.gt(0) ? min.value : undefined,
    negRisk: typeof record.nr === "boolean" ? record.nr : undefined,
    tokens,
  };
  const fd = record.fd;
  if (fd && typeof fd === "object" && !Array.isArray(fd)) {
    const raw = fd as Record<string, unknown>;
    const schedule = venueSchedule({ rate: raw.r, exponent: raw.e, takerOnly: raw.to }, `clob:${conditionId}`);
    info.fee = !schedule.ok
      ? { status: "unknown", reason: `CLOB fee data: ${schedule.error}` }
      : schedule.value.rate.isZero()
        ? { status: "disabled" }
        : { status: "enabled", schedule: schedule.value };
  }
  return info;
}

export async function fetchClobMarket(clobUrl: string, conditionId: string, timeoutMs?: number): Promise<ClobMarketInfo> {
  const body = await fetchJson(`${clobUrl}/clob-markets/${encodeURIComponent(conditionId)}`, { venue: "clob", timeoutMs });
  return parseClobMarket(body, conditionId);
}
