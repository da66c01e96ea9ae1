/**
 * What a failed CLOB call outside the order path means, for the person reading the one error line:
 * the venue's failure (down, unreachable, an HTML page from a proxy, rate limited: exit 1, naming
 * the CLOB) or a refusal of our credentials (exit 2, `config credentials`). The official client
 * throws an `ApiError` with the HTTP status, or none when no answer came.
 */
import { ConfigError, VenueError } from "../../../cli/errors.ts";
import type { Redact } from "./venue-errors.ts";

/** The HTTP status a client error carries, if any. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | undefined)?.status;
  return typeof status === "number" ? status : undefined;
}

/** A refusal of the request itself (4xx other than "wait": 408, 425, 429), not a venue failing. */
export function isRefusal(status: number | undefined): boolean {
  return status !== undefined && status >= 400 && status < 500 && ![408, 425, 429].includes(status);
}

/** The venue's words in one short line: an HTML page by its title, anything else cut to 200 characters. */
function venueWords(error: unknown, clean: Redact): string {
  const text = clean(error instanceof Error ? error.message : String(error ?? "")).trim();
  if (/^<(!doctype|html)/i.test(text)) {
    const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
    return `an HTML page${title ? ` (${title})` : ""}, not the CLOB's answer`;
  }
  const line = text.split("\n")[0] ?? "";
  return line === "" ? "no answer" : line.slice(0, 200);
}

/** `what` failed at the CLOB: the venue's failure, with what to do about it. */
export function clobFailure(what: string, error: unknown, clean: Redact): VenueError {
  const status = statusOf(error);
  const said = `${what} failed${status ? ` (${status})` : ""}: ${venueWords(error, clean)}`;
  const hint =
    status === undefined || status >= 500 ? "; the CLOB is down or unreachable from here: retry later, or check clob_url" : status === 429 ? "; rate limited: retry later" : "";
  return new VenueError("clob", `${said}${hint}`, status);
}

/** The CLOB refused to derive or create API credentials for the wallet key: the credentials' problem. */
export function credentialsRefused(error: unknown, clean: Redact): ConfigError {
  const status = statusOf(error);
  return new ConfigError(
    "credentials",
    `the CLOB would neither derive nor create API credentials for this wallet key (L1)${status ? ` (${status})` : ""}: ${venueWords(error, clean)}; check the key and the signature type with pm-arb trade auth`,
  );
}

export const INVALID_HEARTBEAT_ID = "Invalid Heartbeat ID";

/** The venue refused a beat's id; `expectedId` is the one it wants instead ("" for a new chain). */
export class InvalidHeartbeatId extends Error {
  constructor(readonly expectedId: string) {
    super(`${INVALID_HEARTBEAT_ID} (the venue expects ${expectedId === "" ? "a new chain" : expectedId})`);
    this.name = "InvalidHeartbeatId";
  }
}
