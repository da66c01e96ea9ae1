/**
 * Posting and cancelling orders, with the CLOB's semantic faults:
 * - `clob:execution-error[:within_s=60]` — 500 {"error":"could not run the execution"} for orders on
 *   markets ending within `within_s` seconds (nothing happens at the venue);
 * - `clob:timeout-after-accept[:ms=60000]` — the order is accepted and matched, but the response is
 *   held for `ms` (real time) and then a 504 comes instead; `/data/orders` and `/data/trades` show it;
 * - `clob:ghost-fill` — reported matched, but the trade goes RETRYING → FAILED and balances revert;
 * - `clob:delayed[:ms=3000]` — status "delayed", matched `ms` of simulated time later.
 * Counted faults (`count=`) are used up only by orders they actually affected.
 */
import type { ApiKey } from "./auth.ts";
import { authedRoutes, type Clob, parseBody, venueError } from "./http.ts";
import { INVALID_PAYLOAD, parseOrderPayload } from "./order-signature.ts";
import { orderResponse, type PlaceResult, placeOrder } from "./placement.ts";

const MAX_BATCH = 15;
const DEFAULT_WITHIN_S = 60;
const DEFAULT_DELAY_MS = 3_000;
const DEFAULT_HANG_MS = 60_000;

function place(clob: Clob, key: ApiKey, raw: unknown, path: string): PlaceResult {
  const { app, ex } = clob;
  const parsed = parseOrderPayload(raw);
  if (!parsed.ok) return { ok: false, status: 400, error: parsed.error };
  const now = app.clock.now();
  const ghost = app.faults.active("clob", "ghost-fill", path);
  const delayed = app.faults.active("clob", "delayed", path);
  const execution = app.faults.active("clob", "execution-error", path);
  const withinMs = Number(execution?.params.within_s ?? DEFAULT_WITHIN_S) * 1000;
  const result = placeOrder(ex, key, parsed.value, now, {
    ghost: ghost !== undefined,
    delayMs: delayed ? Number(delayed.params.ms ?? DEFAULT_DELAY_MS) : undefined,
    executionError: execution ? (market) => market.end - now <= withinMs : undefined,
  });
  if (result.ok && ghost && result.response.tradeIDs.length > 0) app.faults.take("clob", path, "ghost-fill");
  if (result.ok && delayed) app.faults.take("clob", path, "delayed");
  if (!result.ok && result.status === 500) app.faults.take("clob", path, "execution-error");
  return result;
}

/** Holds an accepted order's answer when `timeout-after-accept` is on; true if it did. */
async function hang(clob: Clob, path: string): Promise<boolean> {
  const fault = clob.app.faults.active("clob", "timeout-after-accept", path);
  if (!fault) return false;
  clob.app.faults.take("clob", path, "timeout-after-accept");
  await Promise.race([clob.app.stoppedSignal, Bun.sleep(Number(fault.params.ms ?? DEFAULT_HANG_MS))]);
  return true;
}

function cancelIds(body: unknown): string[] | undefined {
  if (!Array.isArray(body) || !body.every((id) => typeof id === "string")) return undefined;
  return body as string[];
}

export function registerTradingRoutes(clob: Clob): void {
  const { ex } = clob;
  const authed = authedRoutes(clob);

  authed("POST", "/order", async ({ body, path }, key) => {
    const result = place(clob, key, parseBody(body), path);
    if (!result.ok) return venueError(result.status, result.error, result.orderID ? { orderID: result.orderID } : {});
    if (await hang(clob, path)) return venueError(504, "timeout");
    return result.response;
  });

  authed("POST", "/orders", async ({ body, path }, key) => {
    const items = parseBody(body);
    if (!Array.isArray(items)) return venueError(400, INVALID_PAYLOAD);
    if (items.length > MAX_BATCH) return venueError(400, `Too many orders in payload: ${items.length}, max allowed: ${MAX_BATCH}`);
    const results = items.map((item) => place(clob, key, item, path));
    const answer = results.map((result) => (result.ok ? result.response : orderResponse(result.orderID ?? "", { success: false, errorMsg: result.error })));
    if (results.some((result) => result.ok) && (await hang(clob, path))) return venueError(504, "timeout");
    return answer;
  });

  authed("DELETE", "/order", ({ body }, key) => {
    const payload = parseBody(body) as { orderID?: unknown } | undefined;
    if (!payload || typeof payload.orderID !== "string") return venueError(400, "Invalid order payload");
    return ex.cancel(key.address, [payload.orderID]);
  });

  authed("DELETE", "/orders", ({ body }, key) => {
    const ids = cancelIds(parseBody(body));
    if (!ids) return venueError(400, "Invalid order payload");
    if (ids.length > 3000) return venueError(400, "Too many orders in payload, max allowed: 3000");
    return ex.cancel(key.address, ids);
  });

  authed("DELETE", "/cancel-all", (_context, key) => ex.cancelWhere(key.address));

  authed("DELETE", "/cancel-market-orders", ({ body }, key) => {
    const filter = (parseBody(body) ?? {}) as { market?: unknown; asset_id?: unknown };
    return ex.cancelWhere(
      key.address,
      (order) =>
        (typeof filter.market === "string" && filter.market !== "" && order.market.conditionId !== filter.market) ||
        (typeof filter.asset_id === "string" && filter.asset_id !== "" && order.tokenId !== filter.asset_id),
    );
  });
}
