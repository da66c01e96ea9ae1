/**
 * The positions the venue's Data API lists for a wallet (`GET {data}/positions?user=`): one row per
 * token held. A row without a token id or a readable size is skipped.
 */
import type { Decimal } from "../../../decimal.ts";
import { fetchJson } from "../../../http/fetch-json.ts";
import { parseDecimal } from "../../../safe-parse.ts";

export type VenuePosition = { tokenId: string; conditionId: string; size: Decimal; redeemable: boolean; slug?: string; outcome?: string };

export async function fetchVenuePositions(dataApiUrl: string, user: string, timeoutMs: number): Promise<VenuePosition[]> {
  const rows = await fetchJson(`${dataApiUrl}/positions?user=${encodeURIComponent(user.toLowerCase())}&sizeThreshold=0&limit=500`, { venue: "data-api", timeoutMs });
  if (!Array.isArray(rows)) return [];
  const out: VenuePosition[] = [];
  for (const row of rows) {
    const record = (row ?? {}) as Record<string, unknown>;
    const size = parseDecimal(record.size);
    if (typeof record.asset !== "string" || !size.ok) continue;
    out.push({
      tokenId: record.asset,
      conditionId: String(record.conditionId ?? ""),
      size: size.value,
      redeemable: record.redeemable === true,
      ...(typeof record.slug === "string" ? { slug: record.slug } : {}),
      ...(typeof record.outcome === "string" ? { outcome: record.outcome } : {}),
    });
  }
  return out;
}
