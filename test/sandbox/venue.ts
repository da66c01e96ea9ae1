/**
 * Shared fixture for the sandbox suites: the full venue (with the real price model) on
 * port 0 with a frozen clock, plus small HTTP helpers.
 */
import type { SandboxOptions } from "../../sandbox/index.ts";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox.ts";

export const START = Date.UTC(2026, 10, 25, 12, 0, 0);

export type Venue = TestSandbox;

export function startVenue(overrides: Partial<SandboxOptions> = {}): Promise<Venue> {
  return startTestSandbox({ seed: 7, startAt: START, ...overrides });
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

/** A market row's token ids, whatever the encoding. */
export function tokenIdsOf(row: Record<string, unknown>): string[] {
  const value = row.clobTokenIds;
  return typeof value === "string" ? (JSON.parse(value) as string[]) : (value as string[]);
}
