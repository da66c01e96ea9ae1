/**
 * The idempotency key. A client order id is derived from the opportunity id (and the mode, so a
 * paper rehearsal never blocks the live order), never from time or randomness: a replayed
 * opportunity, a second pipeline or a restart computes the same id, finds it in the store's unique
 * `client_order_id` column and places nothing. The id is a bytes32 hex string, so the same value
 * travels in the signed order's `metadata` field and comes back from the venue.
 */
import { createHash } from "node:crypto";

export type TradeMode = "paper" | "live";

const DOMAIN = "pm-arb/client-order-id/v1";

/** `0x` + 64 hex digits: sha256 over a fixed domain tag, the mode and the opportunity id. */
export function clientOrderId(opportunityId: string, mode: TradeMode): string {
  const digest = createHash("sha256").update(`${DOMAIN}\n${mode}\n${opportunityId}`).digest("hex");
  return `0x${digest}`;
}

/**
 * The signed order's salt, from its client order id: the leading 40 bits as a decimal integer.
 * A salt drawn at random (as the official client draws it) would make every build of the order a
 * different order; this one makes the order built twice for one opportunity and decision the same
 * bytes, which the venue refuses as "Duplicated". 40 bits stays below 2^40 ms (2004), so it is a
 * value the client's own draw (`Math.random() * Date.now()`) can produce and a JSON number holds
 * exactly. Uniqueness does not rest on it: the client order id itself is the order's `metadata`.
 */
export function orderSalt(clientOrderId: string): string {
  if (!isClientOrderId(clientOrderId)) throw new RangeError(`client order id ${JSON.stringify(clientOrderId)} is not 0x + 64 lower-case hex digits`);
  return String(Number.parseInt(clientOrderId.slice(2, 12), 16));
}

export function isClientOrderId(value: unknown): value is string {
  return typeof value === "string" && /^0x[0-9a-f]{64}$/.test(value);
}
