/**
 * Shared fixture for the sandbox suites: the full venue (with the real price model) on
 * port 0 with a frozen clock, plus small HTTP helpers.
 */
import { afterEach } from "bun:test";
import type { SandboxOptions } from "../../sandbox/index.ts";
import { messages, openSocket, startTestSandbox, type TestSandbox, useTestSandbox } from "../helpers/sandbox.ts";

export const START = Date.UTC(2026, 10, 25, 12, 0, 0);
const DEFAULTS = { seed: 7, startAt: START };

export type Venue = TestSandbox;

/** A venue the test stops itself, or with `await using`. */
export async function startVenue(overrides: Partial<SandboxOptions> = {}): Promise<Venue & AsyncDisposable> {
  const venue = await startTestSandbox({ ...DEFAULTS, ...overrides });
  return { ...venue, [Symbol.asyncDispose]: venue.stop };
}

/** A venue for the enclosing file or describe block: started before its tests, stopped after them. */
export function useVenue(overrides: Partial<SandboxOptions> = {}): Venue {
  return useTestSandbox({ ...DEFAULTS, ...overrides });
}

/** Opens WebSockets, each with its inbox, and closes them after each test. */
export function useSockets() {
  const open: WebSocket[] = [];
  afterEach(() => {
    for (const ws of open.splice(0)) ws.close();
  });
  return async (url: string) => {
    const ws = await openSocket(url);
    open.push(ws);
    return { ws, inbox: messages(ws) };
  };
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
