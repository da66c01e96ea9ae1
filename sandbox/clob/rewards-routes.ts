/**
 * Liquidity rewards and order scoring under `/clob`. No market runs a rewards programme in the
 * sandbox, so nothing scores and nothing is earned — in the venue's shapes: `GET /order-scoring`
 * `{scoring: false}`, `POST /orders-scoring` `{<order id>: false}` (L2); the user's earnings
 * (`/rewards/user`, `/rewards/user/markets`: empty cursor pages; `/rewards/user/total`: `[]`;
 * `/rewards/user/percentages`: `{}`, L2) and the public programme listings
 * (`/rewards/markets/current`, `/rewards/markets/:conditionId`: empty cursor pages).
 */
import { authedRoutes, type Clob, parseBody, venueError } from "./http.ts";
import { page } from "./wire.ts";

export function registerRewardsRoutes(clob: Clob): void {
  const authed = authedRoutes(clob);
  const nothing = (cursor: string | null) => page([], cursor) ?? venueError(400, "invalid next_cursor");

  authed("GET", "/order-scoring", ({ url }) => (url.searchParams.get("order_id") ? { scoring: false } : venueError(400, "invalid order_id")));
  authed("POST", "/orders-scoring", ({ body }) => {
    const ids = parseBody(body);
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === "string")) return venueError(400, "invalid order ids");
    return Object.fromEntries(ids.map((id) => [id, false]));
  });

  authed("GET", "/rewards/user", ({ url }) => nothing(url.searchParams.get("next_cursor")));
  authed("GET", "/rewards/user/markets", ({ url }) => nothing(url.searchParams.get("next_cursor")));
  authed("GET", "/rewards/user/total", () => []);
  authed("GET", "/rewards/user/percentages", () => ({}));

  clob.app.route("clob", "GET", "/rewards/markets/current", ({ url }) => nothing(url.searchParams.get("next_cursor")));
  clob.app.route("clob", "GET", "/rewards/markets/:conditionId", ({ url }) => nothing(url.searchParams.get("next_cursor")));
}
