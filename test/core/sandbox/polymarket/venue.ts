/**
 * Shared fixture for the Polymarket sandbox suites: the full venue (`startVenue` from
 * core/sandbox, with the real price model) on port 0 with a frozen clock, plus small HTTP helpers.
 */
import { type SandboxHandle, type SandboxOptions, startVenue as startFullVenue } from "../../../../core/sandbox/index.ts";

export const START = Date.UTC(2026, 10, 25, 12, 0, 0);

export type Venue = SandboxHandle;

export function startVenue(overrides: Partial<SandboxOptions> = {}): Promise<Venue> {
  return startFullVenue({ port: 0, seed: 7, speed: 0, startAt: START, ...overrides });
}

export async function getJson<T = any>(url: string, init?: RequestInit): Promise<{ status: number; body: T; text: string }> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, body, text };
}

export function postJson<T = any>(url: string, payload: unknown) {
  return getJson<T>(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(payload) });
}

export async function advance(venue: Venue, ms: number): Promise<void> {
  await postJson(`${venue.url}/admin/clock`, { advance_ms: ms });
}

export async function addFault(venue: Venue, spec: string): Promise<void> {
  await postJson(`${venue.url}/admin/faults`, { add: [spec] });
}

export async function clearFaults(venue: Venue): Promise<void> {
  await postJson(`${venue.url}/admin/faults`, { clear: true });
}

/** A market row's token ids, whatever the encoding. */
export function tokenIdsOf(row: Record<string, unknown>): string[] {
  const value = row.clobTokenIds;
  return typeof value === "string" ? (JSON.parse(value) as string[]) : (value as string[]);
}

/** The first listed open market whose slug matches. */
export async function openMarket(venue: Venue, slugPart: string): Promise<Record<string, any>> {
  const { body } = await getJson<Record<string, any>[]>(`${venue.url}/gamma/markets?closed=false&limit=500`);
  const row = body.find((market) => String(market.slug).includes(slugPart) && market.acceptingOrders);
  if (!row) throw new Error(`no open market matching ${slugPart}`);
  return row;
}
