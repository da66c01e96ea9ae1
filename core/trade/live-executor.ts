/**
 * The live venue: the order prepared (core/adapters/polymarket/execution/session.ts `prepareMarketBuy`: the amounts the
 * official client computes and the venue id) is checked against the plan before anything is stored
 * as sent; the engine then writes the intent already marked sent with that id, durably, and only
 * then is the order signed and posted once, and the answer turned into an Execution.
 * Never throws; never re-sends.
 */

import { fillsFromTrades } from "../adapters/polymarket/execution/trade-fills.ts";
import { classifyPost, redactAnswer } from "../adapters/polymarket/execution/venue-errors.ts";
import type { PreparedOrder, SignedOrderToSend, VenueSession } from "../adapters/venue.ts";
import { ZERO } from "../decimal.ts";
import type { Execution, FillDraft } from "../ledger/execution.ts";
import type { OrderIntent } from "../ledger/intent.ts";

/** `duplicate`: the venue answered "Duplicated" — the same order was placed before, not by this call. */
export type LiveResult = { execution: Execution; venueResponse?: unknown; duplicate?: true };

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
    return {
      ok: false,
      execution: { status: "failed", reason: `could not sign the order: ${session.redact((error as Error).message ?? String(error))}; nothing was sent`, fills: [] },
    };
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
    return { execution: { status: "failed", reason: `could not sign the order: ${session.redact((error as Error).message ?? String(error))}; nothing was sent`, fills: [] } };
  }
  const outcome = await session.post(signed);
  const classified = classifyPost(outcome, session.redact);
  const response = outcome.kind === "answer" ? redactAnswer(outcome.body, session.redact) : undefined;
  if (classified.kind !== "accepted") return { execution: classified.execution, venueResponse: response, ...(classified.kind === "duplicate" ? { duplicate: true as const } : {}) };
  const venueOrderId = classified.venueOrderId ?? signed.orderId;
  const base = { venueOrderId, venueStatus: classified.venueStatus, fills: [] };
  switch (classified.venueStatus) {
    case "matched": {
      let fills: FillDraft[];
      try {
        const trades = (await Promise.all(classified.tradeIds.map((id) => session.trades({ id })))).flat();
        fills = fillsFromTrades(trades, venueOrderId, intent.feeSchedule);
      } catch (error) {
        return {
          execution: { ...base, status: "uncertain", reason: `matched at the venue, but its trades could not be read (${session.redact((error as Error).message)}); reconciling` },
          venueResponse: response,
        };
      }
      if (fills.length === 0) {
        return { execution: { ...base, status: "uncertain", reason: "matched at the venue, but no trade lists it yet; reconciling" }, venueResponse: response };
      }
      const spent = fills.reduce((sum, fill) => sum.plus(fill.cost), ZERO);
      const status = spent.gte(intent.budget) || intent.orderType === "FOK" ? "filled" : "partial";
      return { execution: { ...base, status, fills }, venueResponse: response };
    }
    case "live":
      return { execution: { ...base, status: "open", reason: "resting on the book" }, venueResponse: response };
    case "delayed":
      return {
        execution: { ...base, status: "open", reason: `delayed by the venue${classified.message ? `: ${classified.message}` : ""}; reconciled later` },
        venueResponse: response,
      };
    case "unmatched":
      return { execution: { ...base, status: "rejected", reason: `unmatched${classified.message ? `: ${classified.message}` : ""}` }, venueResponse: response };
    default:
      return {
        execution: { ...base, status: "uncertain", reason: `the venue answered with an unknown status ${JSON.stringify(classified.venueStatus)}; reconciling` },
        venueResponse: response,
      };
  }
}
