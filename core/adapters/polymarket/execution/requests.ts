/**
 * Requests to the CLOB for the live session, each bounded by its own timeout. The official client
 * sends through axios's shared default instance, with no timeout and no way to hand one in, and
 * setting one on axios's global defaults would change every other user of it in the process. So the
 * reads go out through `fetch`, like orders and heartbeats: the client's endpoints, parameters and
 * cursor paging (clob-client-v2 1.1.0), with its own L1 headers and L2 headers held to its by a test.
 */
import type { ApiKeyCreds } from "@polymarket/clob-client-v2";
import { VenueError } from "../../../cli/errors.ts";
import { clobFailure, credentialsRefused, isRefusal, statusOf } from "./session-errors.ts";
import type { Redact } from "./venue-errors.ts";

/** The client's cursors: the first page, and the answer that says there is no next one. */
export const INITIAL_CURSOR = "MA==";
export const END_CURSOR = "LTE=";

export type Query = Record<string, string | number | undefined>;
export type Headers = Record<string, string>;

export type ClobRequests = {
  /** One request: the response as it came, or a thrown fetch error (a TimeoutError after `timeoutMs`). */
  send(method: "GET" | "POST", path: string, init?: { headers?: Headers; query?: Query; body?: string }): Promise<Response>;
  /** A GET's parsed body; a non-2xx answer throws an Error carrying the venue's words and `status`. */
  read(path: string, headers?: Headers, query?: Query): Promise<unknown>;
};

/** A JSON body, or the text itself when it is not JSON. */
export function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The venue's own words in an error answer (`error`, `errorMsg`, `error_msg`), or the text. */
function errorText(body: unknown, status: number): string {
  if (typeof body === "string") return body.trim() === "" ? `HTTP ${status}` : body.slice(0, 300);
  const record = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  for (const key of ["error", "errorMsg", "error_msg", "message"]) if (typeof record[key] === "string" && record[key] !== "") return String(record[key]).slice(0, 300);
  return `HTTP ${status}`;
}

export function clobRequests(host: string, timeoutMs: number): ClobRequests {
  const send: ClobRequests["send"] = (method, path, init = {}) => {
    const url = new URL(`${host}${path}`);
    for (const [name, value] of Object.entries(init.query ?? {})) if (value !== undefined) url.searchParams.set(name, String(value));
    const headers: Headers = { ...init.headers, accept: "application/json", ...(init.body !== undefined ? { "content-type": "application/json" } : {}) };
    return fetch(url, { method, headers, body: init.body, signal: AbortSignal.timeout(timeoutMs) }).catch((error: Error) => {
      throw error.name === "TimeoutError" ? Object.assign(new Error(`no answer within ${timeoutMs} ms`), { name: "TimeoutError" }) : error;
    });
  };
  return {
    send,
    async read(path, headers, query) {
      const response = await send("GET", path, { headers, query });
      const body = parsed(await response.text());
      if (!response.ok) throw Object.assign(new Error(errorText(body, response.status)), { status: response.status });
      return body;
    },
  };
}

/** Every page of a cursor-paged read (`{data, next_cursor}`), in order; a page without a new cursor ends it. */
export async function allPages<T>(page: (cursor: string) => Promise<unknown>): Promise<T[]> {
  const out: T[] = [];
  const seen = new Set<string>();
  for (let cursor = INITIAL_CURSOR; cursor !== END_CURSOR && !seen.has(cursor); ) {
    seen.add(cursor);
    const answer = (await page(cursor)) as { data?: unknown; next_cursor?: unknown } | undefined;
    if (Array.isArray(answer?.data)) out.push(...(answer.data as T[]));
    if (typeof answer?.next_cursor !== "string") break;
    cursor = answer.next_cursor;
  }
  return out;
}

/**
 * Derives (or, for a new wallet, creates) the L2 API key with an L1 signature: `GET
 * /auth/derive-api-key`, then `POST /auth/api-key`, each with fresh L1 headers (nonce 0). The CLOB
 * refusing both is the credentials' problem (exit 2); a CLOB that fails or cannot be reached is the
 * venue's (exit 1).
 */
export async function deriveApiCreds(requests: ClobRequests, l1Headers: () => Promise<Headers>, clean: Redact): Promise<ApiKeyCreds> {
  let refusal: unknown;
  for (const [method, path] of [
    ["GET", "/auth/derive-api-key"],
    ["POST", "/auth/api-key"],
  ] as const) {
    try {
      const response = await requests.send(method, path, { headers: await l1Headers() });
      const body = parsed(await response.text());
      if (!response.ok) throw Object.assign(new Error(errorText(body, response.status)), { status: response.status });
      const creds = body as { apiKey?: unknown; secret?: unknown; passphrase?: unknown } | undefined;
      if (typeof creds?.apiKey === "string" && typeof creds.secret === "string" && typeof creds.passphrase === "string" && creds.apiKey && creds.secret && creds.passphrase) {
        return { key: creds.apiKey, secret: creds.secret, passphrase: creds.passphrase };
      }
    } catch (error) {
      if (!isRefusal(statusOf(error))) throw clobFailure(`${method} ${path}`, error, clean);
      refusal = error;
    }
  }
  if (refusal !== undefined) throw credentialsRefused(refusal, clean);
  throw new VenueError("clob", "deriving and creating the API key both answered without credentials; retry later");
}
