/**
 * The live venue: the prepared order is checked against the plan before anything is stored as sent;
 * the engine then writes the intent marked sent with the venue id, durably, and only then is the
 * order signed and posted once. Never throws; never re-sends.
 */

import { fillsFromTrades } from "../adapters/polymarket/execution/trade-fills.ts";
import { type Accepted, classifyPost, redactAnswer } from "../adapters/polymarket/execution/venue-errors.ts";
import type { PreparedOrder, SignedOrderToSend, VenueSession } from "../adapters/venue.ts";
import { ZERO } from "../decimal.ts";
import type { Execution, FillDraft } from "../ledger/execution.ts";
import type { OrderIntent } from "../ledger/intent.ts";

/** `duplicate`: the venue answered "Duplicated" — the same order was placed before, not by this call. */
export type LiveResult = { execution: Execution; venueResponse?: unknown; duplicate?: true };

const unsigned = (session: VenueSession, error: unknown): Execution => ({
  status: "failed",
  reason: `could not sign the order: ${session.redact((error as Error).message ?? String(error))}; nothing was sent`,
  fills: [],
});

/**
 * The order to send for the intent, or the Execution that refuses it (nothing sent): a request the
 * signer refuses, or amounts that are not the planned ones. Synchronous, so the engine runs it inside
 * the transaction that writes the intent.
 */
export function prepareLive(session: VenueSession, intent: OrderIntent): { ok: true; order: PreparedOrder } | { ok: false; execution: Execution } {
  let order: PreparedOrder;
  try {
    order = session.prepareMarketBuy(intent);
  } catch (error) {
    return { ok: false, execution: unsigned(session, error) };
  }
  if (!order.makerAmount.eq(intent.budget) || !order.takerAmount.eq(intent.takerAmount)) {
    return {
      ok: false,
      execution: {
        status: "rejected",
        reason: `the order was built for maker ${order.makerAmount.toString()} / taker ${order.takerAmount.toString()} but the plan was ${intent.budget.toString()} / ${intent.takerAmount.toString()}; refused before sending`,
        fills: [],
      },
    };
  }
  return { ok: true, order };
}

/** Signs the prepared order (already stored as sent) and posts it once. */
export async function executeLive(session: VenueSession, intent: OrderIntent, prepared: PreparedOrder): Promise<LiveResult> {
  let signed: SignedOrderToSend;
  try {
    signed = session.signMarketBuy(prepared);
  } catch (error) {
    return { execution: unsigned(session, error) };
  }
  const outcome = await session.post(signed);
  const classified = classifyPost(outcome, session.redact);
  const venueResponse = outcome.kind === "answer" ? redactAnswer(outcome.body, session.redact) : undefined;
  if (classified.kind !== "accepted") return { execution: classified.execution, venueResponse, ...(classified.kind === "duplicate" ? { duplicate: true as const } : {}) };
  return { execution: await acceptedExecution(session, intent, classified, classified.venueOrderId ?? signed.orderId), venueResponse };
}

async function acceptedExecution(session: VenueSession, intent: OrderIntent, accepted: Accepted, venueOrderId: string): Promise<Execution> {
  const base = { venueOrderId, venueStatus: accepted.venueStatus, fills: [] };
  const said = accepted.message ? `: ${accepted.message}` : "";
  switch (accepted.venueStatus) {
    case "matched": {
      let fills: FillDraft[];
      try {
        const trades = (await Promise.all(accepted.tradeIds.map((id) => session.trades({ id })))).flat();
        fills = fillsFromTrades(trades, venueOrderId, intent.feeSchedule);
      } catch (error) {
        return { ...base, status: "uncertain", reason: `matched at the venue, but its trades could not be read (${session.redact((error as Error).message)}); reconciling` };
      }
      if (fills.length === 0) return { ...base, status: "uncertain", reason: "matched at the venue, but no trade lists it yet; reconciling" };
      const spent = fills.reduce((sum, fill) => sum.plus(fill.cost), ZERO);
      return { ...base, status: spent.gte(intent.budget) || intent.orderType === "FOK" ? "filled" : "partial", fills };
    }
    case "live":
      return { ...base, status: "open", reason: "resting on the book" };
    case "delayed":
      return { ...base, status: "open", reason: `delayed by the venue${said}; reconciled later` };
    case "unmatched":
      return { ...base, status: "rejected", reason: `unmatched${said}` };
    default:
      return { ...base, status: "uncertain", reason: `the venue answered with an unknown status ${JSON.stringify(accepted.venueStatus)}; reconciling` };
  }
}
