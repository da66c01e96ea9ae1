/** Small HTTP helpers shared by the CLOB and Data API routes: venue errors, bodies and L2-guarded routes. */
import { json, type SandboxInstance } from "../server.ts";
import type { RouteContext } from "../types.ts";
import { type ApiKey, L2_ERROR, verifyL2 } from "./auth.ts";
import type { SandboxExchange } from "./exchange.ts";

export type Clob = { app: SandboxInstance; ex: SandboxExchange };

export function venueError(status: number, message: string, extra: Record<string, unknown> = {}): Response {
  return json({ error: message, ...extra }, status);
}

/** Times a request timestamp may be checked against: the wall clock and the simulated one. */
export function clocks(clob: Clob): number[] {
  return [Date.now(), clob.app.clock.now()];
}

export function parseBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Registers `/clob` routes that need L2 credentials: the exchange catches up to now, then headers are checked. */
export function authedRoutes(clob: Clob) {
  return (method: string, path: string, handler: (context: RouteContext, key: ApiKey) => unknown) =>
    clob.app.route("clob", method, path, (context) => {
      clob.ex.sweep(clob.app.clock.now());
      const key = verifyL2(context.request, context.path, context.body, clob.ex.keys, clocks(clob));
      return key ? handler(context, key) : venueError(401, L2_ERROR);
    });
}
