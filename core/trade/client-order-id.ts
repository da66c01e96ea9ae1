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

export function isClientOrderId(value: unknown): value is string {
  return typeof value === "string" && /^0x[0-9a-f]{64}$/.test(value);
}
