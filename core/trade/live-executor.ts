/**
 * The live venue: sign the intent (the session's direct signer, which computes the amounts as the
 * official client does), check the signed amounts are the planned ones, write "sent" (with the
 * order id the venue will use) to the store, post once, and turn the answer into an Execution.
 * Never throws; never re-sends.
 */
import { ZERO } from "../decimal.ts";
import type { ClobSession, SignedOrderToSend } from "./clob-session.ts";
import type { Execution } from "./execution.ts";
import type { OrderIntent } from "./intent.ts";
import { fillsFromTrades } from "./live-fills.ts";
import { classifyPost } from "./venue-errors.ts";

export type SendHooks = {
  /** Called after signing and before the request leaves: persist the expected order id. */
  beforeSend(expectedOrderId: string): void;
};

export type LiveResult = { execution: Execution; venueResponse?: unknown };

export async function executeLive(session: ClobSession, intent: OrderIntent, hooks: SendHooks): Promise<LiveResult> {
  let signed: SignedOrderToSend;
  try {
    signed = await session.signMarketBuy(intent);
  } catch (error) {
    return { execution: { status: "failed", reason: `could not sign the order: ${session.redact((error as Error).message ?? String(error))}; nothing was sent`, fills: [] } };
  }
  if (!signed.makerAmount.eq(intent.budget) || !signed.takerAmount.eq(intent.takerAmount) || signed.metadata.toLowerCase() !== intent.clientOrderId) {
    return {
      execution: {
        status: "rejected",
        reason: `the order was signed for maker ${signed.makerAmount.toString()} / taker ${signed.takerAmount.toString()} but the plan was ${intent.budget.toString()} / ${intent.takerAmount.toString()} (metadata ${signed.metadata === intent.clientOrderId ? "ok" : "differs"}); refused before sending`,
        fills: [],
      },
    };
  }
  try {
    hooks.beforeSend(signed.orderId);
  } catch (error) {
    return { execution: { status: "failed", reason: `could not record the order before sending (${(error as Error).message}); nothing was sent`, fills: [] } };
  }
  const outcome = await session.post(signed);
  const classified = classifyPost(outcome);
  const response = outcome.kind === "answer" ? outcome.body : undefined;
  if (classified.kind === "refused") {
    const execution = { ...classified.execution, reason: session.redact(classified.execution.reason ?? "") };
    return { execution, venueResponse: response };
  }
  const venueOrderId = classified.venueOrderId ?? signed.orderId;
  const base = { venueOrderId, venueStatus: classified.venueStatus, fills: [] };
  switch (classified.venueStatus) {
    case "matched": {
      let fills;
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
      return { execution: { ...base, status: "open", reason: `delayed by the venue${classified.message ? `: ${classified.message}` : ""}; reconciled later` }, venueResponse: response };
    case "unmatched":
      return { execution: { ...base, status: "rejected", reason: `unmatched${classified.message ? `: ${classified.message}` : ""}` }, venueResponse: response };
    default:
      return { execution: { ...base, status: "uncertain", reason: `the venue answered with an unknown status ${JSON.stringify(classified.venueStatus)}; reconciling` }, venueResponse: response };
  }
}
