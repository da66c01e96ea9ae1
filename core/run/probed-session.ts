/**
 * A live session that reports the order path's stages to the latency probes (bench/latency.ts):
 * tick → order prepared (risk, the intent, the venue id) → signing starts (after the synced commit
 * of the intent marked sent) → signed → posted. The session it wraps is untouched.
 */
import type { VenueSession } from "../adapters/venue.ts";
import type { LatencyProbe } from "./loop.ts";

/** `tickStart`: when the tick behind an order (by lower-case client order id) arrived. */
export function probedSession(session: VenueSession, probe: LatencyProbe, tickStart: (clientOrderId: string) => number | undefined): VenueSession {
  const probed = Object.create(session) as VenueSession;
  const preparedAt = new Map<string, number>();
  const signedAt = new Map<string, number>();
  const since = (marks: Map<string, number>, id: string, stage: string) => {
    const at = marks.get(id);
    if (at === undefined) return;
    marks.delete(id);
    probe.stage?.(stage, performance.now() - at);
  };
  probed.prepareMarketBuy = (intent) => {
    const id = intent.clientOrderId.toLowerCase();
    const prepared = session.prepareMarketBuy(intent);
    const now = performance.now();
    const t0 = tickStart(id);
    if (t0 !== undefined) probe.stage?.("tick → order prepared (risk, plan, amounts, order id)", now - t0);
    preparedAt.set(id, now);
    return prepared;
  };
  probed.signMarketBuy = (order) => {
    const id = order.clientOrderId.toLowerCase();
    since(preparedAt, id, "prepared → signing starts (synced commit of the intent marked sent)");
    const start = performance.now();
    const signed = session.signMarketBuy(order);
    probe.stage?.("signing (direct EIP-712)", performance.now() - start);
    signedAt.set(id, performance.now());
    return signed;
  };
  probed.post = (order) => {
    const id = order.metadata.toLowerCase();
    const t0 = tickStart(id);
    if (t0 !== undefined) probe.orderSent?.(performance.now() - t0);
    since(signedAt, id, "signed → posted");
    return session.post(order);
  };
  return probed;
}
