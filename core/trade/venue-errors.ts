/**
 * What a venue answer means for an order. Every way `POST /order` can end maps to one status and a
 * reason a person can act on; nothing is retried here.
 *
 * - 200 with `success: true` → accepted (`matched`, `live`, `delayed`, `unmatched`): the live
 *   executor turns it into filled / partial / open / rejected with the trades.
 * - 200 with `success: false`, or 400, with the venue's `errorMsg`/`error` → `rejected`: the venue
 *   looked at the order and said no (precision, tick, min size, balance, FOK not fillable, …).
 * - the same, saying `order <id> is invalid. Duplicated.` → `duplicate`: the venue already has
 *   this exact signed order (orders are built deterministically, core/venue/order-signer.ts), so
 *   another store or process on the wallet placed it. Nothing new was placed; what it filled
 *   belongs to whoever placed it, and is recorded (and counted) there, not here.
 * - 401 → `failed`: the API credentials were refused (re-derive: `pm-arb trade auth`).
 * - 403 → `failed`: geo-blocked, or the account is in closed-only mode; the venue's words kept.
 * - 425 → `failed`: the matching engine is restarting; try again later (Retry-After kept).
 * - 429 → `failed`: rate limited (Retry-After kept).
 * - other 4xx → `failed`.
 * - 5xx, a timeout, or a connection that broke after the request went out → `uncertain`: the order
 *   may exist at the venue. It is reconciled (open orders, trades) before anything else is sent to
 *   that market; it is never blindly re-sent.
 * - a connection refused before anything was sent → `failed`.
 * Every reason passes through `redact` so no secret can reach a record, a log or the store.
 */
import type { Execution } from "./execution.ts";

export type PostOutcome =
  | { kind: "answer"; httpStatus: number; body: unknown; retryAfterMs?: number }
  | { kind: "no-answer"; sent: boolean; message: string };

export type Accepted = { kind: "accepted"; venueStatus: string; venueOrderId?: string; body: Record<string, unknown>; tradeIds: string[]; message?: string };
export type Refused = { kind: "refused"; execution: Execution };
/** The venue's "Duplicated": the order was placed before; the execution records it here as `rejected`, with no fills. */
export type AlreadyPlaced = { kind: "duplicate"; execution: Execution };

/** The venue's words for an order hash it has seen (`order 0x… is invalid. Duplicated.`). */
const DUPLICATED = /\binvalid\. Duplicated\b/i;

/** Replaces every occurrence of a secret (and a hex key with or without 0x) by ***. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 6) continue;
    const bare = secret.startsWith("0x") ? secret.slice(2) : secret;
    for (const form of new Set([secret, bare])) out = out.split(form).join("***");
  }
  return out;
}

function venueText(body: unknown): string | undefined {
  if (typeof body === "string") return body.trim() === "" ? undefined : body.slice(0, 300);
  if (!body || typeof body !== "object") return undefined;
  const record = body as Record<string, unknown>;
  for (const key of ["errorMsg", "error", "message", "msg"]) {
    const value = record[key];
    if (typeof value === "string" && value !== "") return value.slice(0, 300);
  }
  return undefined;
}

function retry(ms: number | undefined): string {
  return ms !== undefined ? `; retry after ${Math.ceil(ms / 1000)} s` : "";
}

export function classifyPost(outcome: PostOutcome, secrets: readonly (string | undefined)[] = []): Accepted | Refused | AlreadyPlaced {
  const clean = (text: string) => redact(text, secrets);
  if (outcome.kind === "no-answer") {
    const status = outcome.sent ? "uncertain" : "failed";
    const reason = outcome.sent
      ? `no answer from the venue after sending (${clean(outcome.message)}); the order may exist — reconciling before anything else goes to this market`
      : `the venue could not be reached (${clean(outcome.message)}); nothing was sent`;
    return { kind: "refused", execution: { status, reason, fills: [] } };
  }
  const { httpStatus, body, retryAfterMs } = outcome;
  const text = venueText(body);
  const said = text ? `: ${clean(text)}` : "";
  const refused = (status: Execution["status"], reason: string): Refused => ({
    kind: "refused",
    execution: { status, reason, fills: [], httpStatus, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) },
  });
  const refusedWith400 = httpStatus === 400 || (httpStatus >= 200 && httpStatus < 300 && (body as { success?: unknown } | null)?.success === false);
  if (refusedWith400 && text && DUPLICATED.test(text)) {
    const reason = `the venue already has this exact order (${clean(text)}): it was placed before, by another store or process on this wallet; nothing new was placed, and its fills are that placer's, not counted here`;
    return { kind: "duplicate", execution: { status: "rejected", reason, fills: [], httpStatus } };
  }
  if (httpStatus >= 200 && httpStatus < 300) {
    const record = body && typeof body === "object" ? (body as Record<string, unknown>) : undefined;
    if (!record) return refused("uncertain", `the venue accepted the request but its answer is unreadable; the order may exist — reconciling`);
    const orderId = typeof record.orderID === "string" && record.orderID !== "" ? record.orderID : undefined;
    if (record.success === false) {
      const execution = refused("rejected", `rejected by the venue${said}`).execution;
      return { kind: "refused", execution: { ...execution, ...(orderId ? { venueOrderId: orderId } : {}) } };
    }
    const venueStatus = typeof record.status === "string" ? record.status.toLowerCase() : "unknown";
    const tradeIds = Array.isArray(record.tradeIDs) ? record.tradeIDs.filter((id): id is string => typeof id === "string" && id !== "") : [];
    return { kind: "accepted", venueStatus, venueOrderId: orderId, body: record, tradeIds, ...(text ? { message: clean(text) } : {}) };
  }
  if (httpStatus === 400) return refused("rejected", `rejected by the venue (400)${said}`);
  if (httpStatus === 401) return refused("failed", `the venue refused the API credentials (401)${said}; check them with pm-arb trade auth`);
  if (httpStatus === 403) {
    const lower = (text ?? "").toLowerCase();
    const what = lower.includes("closed") ? "the account is in closed-only mode" : lower.includes("geo") || lower.includes("region") || lower.includes("restricted") ? "trading is geo-blocked from here" : "forbidden";
    return refused("failed", `${what} (403)${said}; nothing was placed`);
  }
  if (httpStatus === 425) return refused("failed", `the matching engine is restarting (425)${said}; nothing was placed${retry(retryAfterMs)}`);
  if (httpStatus === 429) return refused("failed", `rate limited by the venue (429)${said}; nothing was placed${retry(retryAfterMs)}`);
  if (httpStatus >= 500) return refused("uncertain", `venue error ${httpStatus}${said} after sending; the order may exist — reconciling before anything else goes to this market`);
  return refused("failed", `the venue answered ${httpStatus}${said}; nothing was placed`);
}
