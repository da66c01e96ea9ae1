/**
 * Account reads and the dead-man switch: `GET /data/orders` (open orders), `GET /data/order/:id`,
 * `GET /data/trades` (cursor paged), `GET /data/pre-migration-orders` (orders from before the V2
 * exchange: none in the sandbox, an empty page), `GET /balance-allowance`, `GET` and `DELETE
 * /notifications` (the sandbox sends no notifications: always `[]`), `POST /v1/heartbeats`.
 */

import { ALLOWANCE_SPENDERS, MAX_UINT256 } from "../../core/adapters/polymarket/wire/contracts.ts";
import { json } from "../server.ts";
import { INVALID_HEARTBEAT } from "./heartbeats.ts";
import { authedRoutes, type Clob, parseBody, venueError } from "./http.ts";
import { openOrderJson, page, tradeJson } from "./wire.ts";

function matches(filter: string | null, value: string): boolean {
  return filter === null || filter === "" || filter.toLowerCase() === value.toLowerCase();
}

function secondsParam(text: string | null): number | undefined {
  return text !== null && /^\d+$/.test(text) ? Number(text) * 1000 : undefined;
}

export function registerAccountRoutes(clob: Clob): void {
  const { app, ex } = clob;
  const authed = authedRoutes(clob);

  authed("GET", "/data/orders", ({ url }, key) => {
    const q = url.searchParams;
    const open = ex
      .ordersOf(key.address)
      .filter((order) => ex.isOpen(order) && matches(q.get("id"), order.id) && matches(q.get("market"), order.market.conditionId) && matches(q.get("asset_id"), order.tokenId))
      .map(openOrderJson);
    return page(open, q.get("next_cursor")) ?? venueError(400, "invalid order params payload");
  });

  authed("GET", "/data/order/:id", ({ params }, key) => {
    const order = ex.orders.get(params.id ?? "");
    // The venue answers an order it does not show with 200 and a JSON null, not a 404.
    if (!order || order.account !== key.address) return null;
    return openOrderJson(order);
  });

  authed("GET", "/data/trades", ({ url }, key) => {
    const q = url.searchParams;
    const before = secondsParam(q.get("before"));
    const after = secondsParam(q.get("after"));
    const trades = ex.trades
      .filter(
        (trade) =>
          trade.account === key.address &&
          matches(q.get("id"), trade.id) &&
          matches(q.get("market"), trade.market.conditionId) &&
          matches(q.get("asset_id"), trade.tokenId) &&
          matches(q.get("maker_address"), trade.makerAddress) &&
          (before === undefined || trade.matchTime < before) &&
          (after === undefined || trade.matchTime > after),
      )
      .map(tradeJson);
    return page(trades, q.get("next_cursor")) ?? venueError(400, "Invalid trade params payload");
  });

  authed("GET", "/data/pre-migration-orders", ({ url }) => page([], url.searchParams.get("next_cursor")) ?? venueError(400, "invalid order params payload"));

  authed("GET", "/notifications", () => []);
  authed("DELETE", "/notifications", () => "");

  authed("GET", "/balance-allowance", ({ url }, key) => {
    const q = url.searchParams;
    const assetType = q.get("asset_type");
    const signatureType = Number(q.get("signature_type") ?? 0);
    if (![0, 1, 2, 3].includes(signatureType)) return venueError(400, "Invalid signature_type");
    const funder = ex.accounts.funderOf(key.address, signatureType);
    const allowances = Object.fromEntries(ALLOWANCE_SPENDERS.map((spender) => [spender, MAX_UINT256]));
    if (assetType === "COLLATERAL") return { balance: ex.accounts.collateral(funder).toString(), allowances };
    if (assetType === "CONDITIONAL" && q.get("token_id")) return { balance: ex.accounts.tokens(funder, q.get("token_id")!).toString(), allowances };
    return venueError(400, "Invalid asset type");
  });

  authed("GET", "/balance-allowance/update", () => "");

  authed("POST", "/v1/heartbeats", ({ body }, key) => {
    const payload = parseBody(body) as { heartbeat_id?: unknown } | undefined;
    const given = typeof payload?.heartbeat_id === "string" ? payload.heartbeat_id : "";
    const beat = ex.heartbeats.beat(key.address, given, app.clock.now());
    if (!beat.ok) return json({ error_msg: INVALID_HEARTBEAT, heartbeat_id: beat.expected }, 400);
    return { heartbeat_id: beat.id, status: "ok" };
  });
}
