/**
 * What a venue answer means for an order: every way `POST /order` can end maps to one status and a
 * reason a person can act on; nothing is retried here.
 * - 200 `success: true` → accepted; the live executor turns it into filled / partial / open / rejected.
 * - 200 `success: false`, or 400, with the venue's words → `rejected`; saying "Duplicated" →
 *   `duplicate`: orders are built deterministically (orders/order-signer.ts), so another store or
 *   process on the wallet placed this exact order; what it filled is counted there, not here.
 * - 401, 403, 425, 429, other 4xx, a connection refused before sending → `failed` (Retry-After kept).
 * - 5xx, a timeout, or a connection that broke after the request went out → `uncertain`: the order
 *   may exist. Its market is held until it is reconciled (core/trade/reconcile.ts); never re-sent.
 * Every reason passes through the session's redactor before any truncation, so no piece of a
 * secret can reach a record, a log or the store; the answer the store keeps is redacted too.
 */
import type { Execution } from "../../../ledger/execution.ts";

export type PostOutcome = { kind: "answer"; httpStatus: number; body: unknown; retryAfterMs?: number } | { kind: "no-answer"; sent: boolean; message: string };

export type Accepted = { kind: "accepted"; venueStatus: string; venueOrderId?: string; body: Record<string, unknown>; tradeIds: string[]; message?: string };
export type Refused = { kind: "refused"; execution: Execution };
/** The venue's "Duplicated": the order was placed before; the execution records it here as `rejected`, with no fills. */
export type AlreadyPlaced = { kind: "duplicate"; execution: Execution };

/** The venue's words for an order hash it has seen (`order 0x… is invalid. Duplicated.`). */
const DUPLICATED = /\binvalid\. Duplicated\b/i;

/** A run of at least this many characters of a secret is redacted wherever it appears. */
export const MIN_SECRET_PIECE = 6;

export type Redact = (text: string) => string;

const FOLD: Record<string, string> = { "+": "-", "/": "_" };

/** Matching ignores ASCII case and the two base64 alphabets (`+/` and `-_`); every offset is kept. */
function canonical(text: string): string {
  return text.replace(/[A-Z+/]/g, (char) => FOLD[char] ?? char.toLowerCase());
}

/** The forms a secret may be echoed in: as given, without 0x, without base64 padding, and its bytes in the other encoding. */
function secretForms(secret: string): string[] {
  const bare = secret.startsWith("0x") ? secret.slice(2) : secret;
  const forms = [secret, bare];
  if (/^(?:[0-9a-fA-F]{2}){8,}$/.test(bare)) forms.push(Buffer.from(bare, "hex").toString("base64"));
  else if (/^[A-Za-z0-9+/_-]{16,}={0,2}$/.test(bare) && /[g-zG-Z+/_]/.test(bare)) forms.push(Buffer.from(bare.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("hex"));
  return [...new Set(forms.map((form) => canonical(form.replace(/=+$/, ""))))].filter((form) => form.length >= MIN_SECRET_PIECE);
}

/**
 * A redactor for these secrets: every run of MIN_SECRET_PIECE or more characters that is part of a
 * secret (in any of its forms, whatever the case) becomes ***, so a whole secret, a piece a proxy
 * cut from an echoed header, or the end of one cut by a truncation leaves nothing. Secrets shorter
 * than that are ignored. The pieces are indexed once; a text is scanned in one pass. A run of text
 * that happens to equal six characters of a secret is masked too: only what people read and what
 * the store keeps passes through here, never what the code decides on.
 */
export function redactor(secrets: readonly (string | undefined)[]): Redact {
  const forms = secrets.flatMap((secret) => (secret && secret.length >= MIN_SECRET_PIECE ? secretForms(secret) : []));
  const starts = new Set<string>();
  for (const form of forms) for (let i = 0; i + MIN_SECRET_PIECE <= form.length; i++) starts.add(form.slice(i, i + MIN_SECRET_PIECE));
  if (starts.size === 0) return (text) => text;
  const inSecret = (piece: string) => forms.some((form) => form.includes(piece));
  return (text) => {
    const folded = canonical(text);
    let out = "";
    let kept = 0;
    for (let i = 0; i + MIN_SECRET_PIECE <= folded.length; ) {
      if (!starts.has(folded.slice(i, i + MIN_SECRET_PIECE))) {
        i++;
        continue;
      }
      let end = i + MIN_SECRET_PIECE;
      while (end < folded.length && inSecret(folded.slice(i, end + 1))) end++;
      // A base64 secret's padding goes with it.
      if (forms.some((form) => form.endsWith(folded.slice(i, end)))) for (let pad = 0; pad < 2 && folded[end] === "="; pad++) end++;
      out += `${text.slice(kept, i)}***`;
      kept = end;
      i = end;
    }
    return kept === 0 ? text : out + text.slice(kept);
  };
}

/** One-off redaction (a redactor built for a single text). */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  return redactor(secrets)(text);
}

/** A venue's answer as the store keeps it: every string in it (keys too) redacted. */
export function redactAnswer(body: unknown, clean: Redact): unknown {
  if (typeof body === "string") return clean(body);
  if (Array.isArray(body)) return body.map((item) => redactAnswer(item, clean));
  if (body && typeof body === "object") return Object.fromEntries(Object.entries(body).map(([key, value]) => [clean(key), redactAnswer(value, clean)]));
  return body;
}

/** The venue's own words, redacted before they are cut to length so no piece of a secret survives the cut. */
function venueText(body: unknown, clean: Redact): string | undefined {
  if (typeof body === "string") return body.trim() === "" ? undefined : clean(body).slice(0, 300);
  if (!body || typeof body !== "object") return undefined;
  const record = body as Record<string, unknown>;
  for (const key of ["errorMsg", "error", "message", "msg"]) {
    const value = record[key];
    if (typeof value === "string" && value !== "") return clean(value).slice(0, 300);
  }
  return undefined;
}

function retry(ms: number | undefined): string {
  return ms !== undefined ? `; retry after ${Math.ceil(ms / 1000)} s` : "";
}

/** `clean` redacts every text taken from the answer (the session's `redact`), before any is cut to length. */
export function classifyPost(outcome: PostOutcome, clean: Redact = (text) => text): Accepted | Refused | AlreadyPlaced {
  if (outcome.kind === "no-answer") {
    const status = outcome.sent ? "uncertain" : "failed";
    const reason = outcome.sent
      ? `no answer from the venue after sending (${clean(outcome.message)}); the order may exist — reconciling before anything else goes to this market`
      : `the venue could not be reached (${clean(outcome.message)}); nothing was sent`;
    return { kind: "refused", execution: { status, reason, fills: [] } };
  }
  const { httpStatus, body, retryAfterMs } = outcome;
  const text = venueText(body, clean);
  const said = text ? `: ${text}` : "";
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
    return { kind: "accepted", venueStatus, venueOrderId: orderId, body: record, tradeIds, ...(text ? { message: text } : {}) };
  }
  if (httpStatus === 400) return refused("rejected", `rejected by the venue (400)${said}`);
  if (httpStatus === 401) return refused("failed", `the venue refused the API credentials (401)${said}; check them with pm-arb trade auth`);
  if (httpStatus === 403) {
    const lower = (text ?? "").toLowerCase();
    const what = lower.includes("closed")
      ? "the account is in closed-only mode"
      : lower.includes("geo") || lower.includes("region") || lower.includes("restricted")
        ? "trading is geo-blocked from here"
        : "forbidden";
    return refused("failed", `${what} (403)${said}; nothing was placed`);
  }
  if (httpStatus === 425) return refused("failed", `the matching engine is restarting (425)${said}; nothing was placed${retry(retryAfterMs)}`);
  if (httpStatus === 429) return refused("failed", `rate limited by the venue (429)${said}; nothing was placed${retry(retryAfterMs)}`);
  if (httpStatus >= 500) return refused("uncertain", `venue error ${httpStatus}${said} after sending; the order may exist — reconciling before anything else goes to this market`);
  return refused("failed", `the venue answered ${httpStatus}${said}; nothing was placed`);
}
