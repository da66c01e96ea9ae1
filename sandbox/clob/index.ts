/**
 * S3 — the CLOB's private side and the Data API: L1/L2 authentication, signed V2 orders matched
 * against the makers' book (`app.books`), balances, heartbeats, trades and positions. Publishes
 * `app.exchange` so the public book can show resting user orders.
 */
import type { SandboxInstance } from "../server.ts";
import { registerAccountRoutes } from "./account-routes.ts";
import { registerAuthRoutes } from "./auth-routes.ts";
import { registerDataApi } from "./data-api.ts";
import { SandboxExchange } from "./exchange.ts";
import type { Clob } from "./http.ts";
import { registerPublicTrades } from "./public-trades.ts";
import { registerRewardsRoutes } from "./rewards-routes.ts";
import { registerTradingRoutes } from "./trading-routes.ts";
import { registerUserChannel } from "./user-ws.ts";

/** How often (wall-clock ms) the exchange catches up with simulated time on its own. */
const SWEEP_EVERY_MS = 200;

export function registerClob(app: SandboxInstance): void {
  const ex = new SandboxExchange(app);
  app.exchange = ex;
  const clob: Clob = { app, ex };
  registerAuthRoutes(clob);
  registerTradingRoutes(clob);
  registerAccountRoutes(clob);
  registerDataApi(clob);
  registerUserChannel(clob);
  registerPublicTrades(clob);
  registerRewardsRoutes(clob);
  app.every(SWEEP_EVERY_MS, () => ex.sweep(app.clock.now()));
}
