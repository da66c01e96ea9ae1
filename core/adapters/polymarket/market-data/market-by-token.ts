/**
 * The market of an outcome token, as the CLOB answers it: `GET {clob}/markets-by-token/{token}` →
 * `{condition_id, primary_token_id, secondary_token_id}`. An answer that does not name the token,
 * or none, is an error: the caller leaves the market unknown.
 */
import { fetchJson } from "../../../http/fetch-json.ts";
import type { Parsed } from "../../../safe-parse.ts";

/** A condition id as the venue writes it: 0x + 64 lower-case hex digits. */
export const CONDITION_ID = /^0x[0-9a-f]{64}$/;

/** The venue's `markets-by-token` answer for `tokenId`: its condition id and the market's tokens. */
export function parseMarketByToken(body: unknown, tokenId: string): Parsed<{ conditionId: string; tokens: string[] }> {
  const record = body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const conditionId = typeof record.condition_id === "string" ? record.condition_id.toLowerCase() : "";
  if (!CONDITION_ID.test(conditionId)) return { ok: false, error: `the venue's answer has no condition id: ${JSON.stringify(body).slice(0, 200)}` };
  const tokens = [record.primary_token_id, record.secondary_token_id].filter((token): token is string => typeof token === "string" && /^\d{1,100}$/.test(token));
  if (!tokens.includes(tokenId)) return { ok: false, error: `the venue's answer for market ${conditionId} does not name the token` };
  return { ok: true, value: { conditionId, tokens } };
}

/** Asks the venue for the market of `tokenId`; never throws. */
export async function fetchMarketByToken(clobUrl: string, tokenId: string, timeoutMs: number): Promise<Parsed<{ conditionId: string; tokens: string[] }>> {
  let body: unknown;
  try {
    body = await fetchJson(`${clobUrl}/markets-by-token/${encodeURIComponent(tokenId)}`, { venue: "clob", timeoutMs });
  } catch (error) {
    return { ok: false, error: `markets-by-token: ${(error as Error).message}` };
  }
  return parseMarketByToken(body, tokenId);
}
