/**
 * Test fixture for the Polymarket sandbox suites: starts a venue on port 0 with a tiny
 * deterministic stand-in price model (until the real one, S1's, is committed), plus small
 * HTTP/WS helpers. The stand-in is a fixture, not part of core/.
 */
import { registerPolymarket } from "../../../../core/sandbox/polymarket/index.ts";
import { startSandbox, type SandboxHandle, type SandboxInstance } from "../../../../core/sandbox/server.ts";
import type { SandboxOptions } from "../../../../core/sandbox/options.ts";
import type { PriceModel } from "../../../../core/sandbox/types.ts";

export const START = Date.UTC(2026, 10, 25, 12, 0, 0);
const BASE: Record<string, number> = { BTC: 97_000, ETH: 3_400, SOL: 240, XRP: 2.4 };

/** Smooth deterministic wiggles, plus an optional jump (fraction) at a fixed time. */
export function standInPrices(options: { jumpAt?: number; jump?: number; offsetBps?: number } = {}): PriceModel {
  const truth = (symbol: string, t: number) => {
    const base = BASE[symbol] ?? 100;
    const s = t / 1000;
    const wiggle = 1 + 0.002 * Math.sin(s / 97 + base) + 0.0007 * Math.sin(s / 13);
    const jumped = options.jumpAt !== undefined && t >= options.jumpAt ? 1 + (options.jump ?? 0) : 1;
    return base * wiggle * jumped;
  };
  const offset = 1 + (options.offsetBps ?? 19) / 10_000;
  return {
    symbols: Object.keys(BASE),
    truth,
    quote: (_provider, symbol, t) => ({ price: truth(symbol, t), ts: t }),
    settlement: (symbol, t) => {
      const ts = Math.floor(t / 1000) * 1000;
      return { price: truth(symbol, ts) * offset, ts };
    },
    candle: (symbol, openTime) => {
      const samples = Array.from({ length: 7 }, (_, i) => truth(symbol, openTime + i * 9_999.83));
      return { open: samples[0]!, high: Math.max(...samples), low: Math.min(...samples), close: samples[6]!, closeTime: openTime + 59_999 };
    },
  };
}

export type Venue = SandboxHandle & { app: SandboxInstance };

export async function startVenue(overrides: Partial<SandboxOptions> = {}, prices: PriceModel = standInPrices()): Promise<Venue> {
  const register = (app: SandboxInstance) => {
    app.prices = prices;
  };
  return startSandbox({ port: 0, seed: 7, speed: 0, startAt: START, ...overrides }, [register, registerPolymarket]);
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
