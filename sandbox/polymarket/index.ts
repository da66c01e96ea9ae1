/**
 * S2 — Polymarket's public side of the sandbox: the Gamma catalog (`app.markets`), the market
 * makers' books (`app.books`), the CLOB public endpoints, the market channel WebSocket, and
 * resolution of ended windows (the `winner` on each market).
 */
import type { SandboxInstance } from "../server.ts";
import { MakerBooks } from "./books.ts";
import { Catalog } from "./catalog.ts";
import { registerClobMarkets } from "./clob-markets.ts";
import { registerClobBooks } from "./clob-public.ts";
import { registerGamma } from "./gamma-routes.ts";
import { registerMarketChannel } from "./market-ws.ts";

export function registerPolymarket(app: SandboxInstance): void {
  const catalog = new Catalog(app);
  const books = new MakerBooks(app, catalog);
  app.markets = catalog;
  app.books = books;
  registerGamma(app, catalog, books);
  registerClobBooks(app, books);
  registerClobMarkets(app, catalog, books);
  registerMarketChannel(app, catalog, books);
}
