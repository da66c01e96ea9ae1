/**
 * Which markets have resolved, read from Gamma: `GET {gamma}/markets?condition_ids=…` (batched) →
 * a row that is `closed` with `outcomePrices` of exactly 1 and 0 names its winner; the outcome's
 * token is paired by index with `clobTokenIds`. Anything else (open, unresolved, a 50/50 void) is
 * left unsettled — never guessed.
 */
import { fetchJson } from "../../../http/fetch-json.ts";
import { parseStringArray } from "../../../safe-parse.ts";

export type Resolved = { conditionId: string; winners: Set<string>; tokens: string[] };

export function resolutionOfRow(row: unknown): Resolved | undefined {
  if (!row || typeof row !== "object") return undefined;
  const record = row as Record<string, unknown>;
  if (record.closed !== true || typeof record.conditionId !== "string") return undefined;
  const prices = parseStringArray(record.outcomePrices);
  const tokens = parseStringArray(record.clobTokenIds);
  if (!prices.ok || !tokens.ok || prices.value.length !== tokens.value.length || tokens.value.length === 0) return undefined;
  const values = prices.value.map((price) => price.trim());
  if (!values.every((value) => /^(1|0)(\.0+)?$/.test(value)) || values.filter((value) => value.startsWith("1")).length !== 1) return undefined;
  const winners = new Set(tokens.value.filter((_, i) => values[i]!.startsWith("1")));
  return { conditionId: record.conditionId, winners, tokens: tokens.value };
}

export async function fetchResolutions(gammaUrl: string, conditionIds: readonly string[], timeoutMs: number): Promise<Map<string, Resolved>> {
  const out = new Map<string, Resolved>();
  const unique = [...new Set(conditionIds)];
  for (let i = 0; i < unique.length; i += 50) {
    const batch = unique.slice(i, i + 50);
    const query = batch.map((id) => `condition_ids=${encodeURIComponent(id)}`).join("&");
    const rows = await fetchJson(`${gammaUrl}/markets?${query}&closed=true&limit=${batch.length}`, { venue: "gamma", timeoutMs });
    if (!Array.isArray(rows)) continue;
    for (const row of rows) {
      const resolved = resolutionOfRow(row);
      if (resolved) out.set(resolved.conditionId, resolved);
    }
  }
  return out;
}
