/**
 * One way to call a venue or provider over HTTP: a per-request timeout, a body that is read as text
 * and parsed without throwing, and every failure classified into a `VenueError` with the HTTP status
 * and `Retry-After` (ms) so callers can back off, fail over, or disable a geo-blocked provider.
 */
import { VenueError } from "../cli/errors.ts";
import { parseJson } from "../safe-parse.ts";

export type FetchJsonOptions = {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  /** Names the service in error messages ("binance", "gamma", …). */
  venue: string;
};

export type FetchFailureKind = "timeout" | "network" | "rate-limit" | "banned" | "geo-block" | "forbidden" | "not-ready" | "server" | "client" | "bad-payload";

/** A VenueError that also says what kind of failure it was. */
export class FetchFailure extends VenueError {
  constructor(
    venue: string,
    readonly failure: FetchFailureKind,
    message: string,
    status?: number,
    retryAfterMs?: number,
  ) {
    super(venue, message, status, retryAfterMs);
  }
}

/** `Retry-After` as seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function classify(status: number): FetchFailureKind {
  if (status === 429) return "rate-limit";
  if (status === 418) return "banned";
  if (status === 451) return "geo-block";
  if (status === 403) return "forbidden";
  if (status === 425) return "not-ready";
  if (status >= 500) return "server";
  return "client";
}

/** The venue's own error text from a JSON error body (`error`, `errorMsg`, `msg`, `message`). */
function errorText(body: unknown): string | undefined {
  if (!body || typeof body !== "object") return undefined;
  const record = body as Record<string, unknown>;
  const text = record.errorMsg ?? record.error ?? record.msg ?? record.message;
  return typeof text === "string" && text !== "" ? text : undefined;
}

/** Fetches and parses JSON; throws `FetchFailure` for any non-2xx, timeout, network error or bad body. */
export async function fetchJson(url: string, options: FetchJsonOptions): Promise<unknown> {
  const { venue, timeoutMs = 5000 } = options;
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: options.method ?? "GET",
      headers: options.body === undefined ? options.headers : { "content-type": "application/json", ...options.headers },
      body: options.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const name = (error as Error).name;
    if (name === "TimeoutError" || name === "AbortError") throw new FetchFailure(venue, "timeout", `no answer within ${timeoutMs} ms`);
    throw new FetchFailure(venue, "network", `request failed: ${(error as Error).message}`);
  }
  const parsed = parseJson(text);
  if (!response.ok) {
    const kind = classify(response.status);
    const detail = parsed.ok ? errorText(parsed.value) : undefined;
    throw new FetchFailure(venue, kind, `HTTP ${response.status}${detail ? `: ${detail}` : ""}`, response.status, retryAfterMs(response.headers.get("retry-after")));
  }
  if (!parsed.ok) throw new FetchFailure(venue, "bad-payload", parsed.error, response.status);
  return parsed.value;
}
