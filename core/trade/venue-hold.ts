/**
 * The venue's "wait": a 429 or 425 on an order, with a Retry-After, holds every live order to the
 * CLOB until then — in any process on the same store, since the hold is kept in its `state` table.
 * An order during the hold fails closed: nothing sent or written. A row that cannot be read holds
 * nothing: the next refusal writes a fresh one.
 */
import { eq, sql } from "drizzle-orm";
import type { Execution } from "../ledger/execution.ts";
import { prepared } from "../store/prepared.ts";
import { state } from "../store/schema.ts";
import { type Queryable, setState } from "../store/tx.ts";

const VENUE_HOLD_KEY = "venue:hold:clob";

/** Answers that ask the client to wait before sending again. */
const WAIT_STATUSES: Readonly<Record<number, string>> = { 425: "the matching engine is restarting", 429: "rate limited" };

export type VenueHold = {
  venue: "clob";
  /** ISO-8601: no order goes to the venue before this. */
  until: string;
  /** The HTTP status that asked for it. */
  status: number;
  since: string;
};

const holdRow = (db: Queryable) =>
  db
    .select({ value: state.value })
    .from(state)
    .where(eq(state.key, sql.placeholder("key")));

/** The hold an order's answer asks for: a 425/429 with a Retry-After; undefined for any other answer. */
export function holdFrom(execution: Execution, now: Date): VenueHold | undefined {
  const { httpStatus, retryAfterMs } = execution;
  if (execution.status !== "failed" || httpStatus === undefined || !WAIT_STATUSES[httpStatus] || !retryAfterMs || retryAfterMs <= 0) return undefined;
  return { venue: "clob", until: new Date(now.getTime() + retryAfterMs).toISOString(), status: httpStatus, since: now.toISOString() };
}

/** The hold in force at `now`, if any (one prepared read: it runs in every live order's transaction). */
export function activeHold(db: Queryable, now: Date): VenueHold | undefined {
  const value = prepared(db, holdRow).get({ key: VENUE_HOLD_KEY })?.value as Partial<VenueHold> | undefined;
  const until = typeof value?.until === "string" ? Date.parse(value.until) : Number.NaN;
  if (!value || !Number.isFinite(until) || until <= now.getTime()) return undefined;
  return value as VenueHold;
}

/** Keeps the hold; a later `until` never gives way to an earlier one. */
export function setHold(db: Queryable, hold: VenueHold, now: Date): void {
  const current = activeHold(db, now);
  if (current && Date.parse(current.until) >= Date.parse(hold.until)) return;
  setState(db, VENUE_HOLD_KEY, hold, now);
}

/** What the hold means, in the words an order's reason and the alert use. */
export function describeHold(hold: VenueHold): string {
  return `the CLOB asked us to wait (${hold.status}, ${WAIT_STATUSES[hold.status] ?? "wait"}) until ${hold.until}`;
}

/** Why an order during the hold was not sent. */
export function heldReason(hold: VenueHold): string {
  return `held: ${describeHold(hold)}; nothing was sent`;
}
