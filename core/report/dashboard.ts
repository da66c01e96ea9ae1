/**
 * `pm-arb dashboard`: the report page served live from the store (any process's — a running `run`
 * writes it, the dashboard only reads), and the kill switch.
 *
 *   GET  /           the page, with the data of the moment inline
 *   GET  /api/data   the same data as JSON; the page fetches it every `refreshMs`
 *   POST /api/kill   sets the kill switch exactly as `pm-arb stop` does (core/run/stop.ts), only with
 *                    `Authorization: Bearer <token>`; the token is made at start-up and printed on
 *                    stderr, never served. Body: {"reason": "…"} (optional).
 *
 * Nothing served holds a secret: the data object is built from orders, fills, positions, alerts'
 * titles and messages, and heartbeats — never the config or the environment. A browser page on
 * another origin cannot post the kill switch: it cannot send the Authorization header without a
 * CORS preflight, which this server never answers. And a page on a rebound name (DNS rebinding)
 * cannot read it either: a request whose Host is not the address the dashboard listens on is refused.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { Decimal } from "../decimal.ts";
import { stopLoops } from "../run/stop.ts";
import type { Store } from "../store/open.ts";
import type { Mode } from "../store/schema.ts";
import type { ReportData } from "./data.ts";
import { reportFromStore } from "./from-store.ts";
import { reportHtml } from "./html.ts";
import { liveSection } from "./live.ts";

export type DashboardDeps = { store: Store; mode: Mode; bankroll: Decimal; host: string; port: number; refreshMs: number; now?: () => Date; token?: string };

export type Dashboard = { url: string; token: string; stop(): Promise<void> };

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1"]);

const killBody = z.object({ reason: z.string().trim().min(1).max(200).optional() }).strict();

const json = (body: unknown, status = 200) => Response.json(body, { status, headers: { "cache-control": "no-store" } });

/** 24 random bytes, base64url: what a person pastes into the page. */
const newToken = () => randomBytes(24).toString("base64url");

function tokenMatches(header: string | null, token: string): boolean {
  const given = Buffer.from(header?.match(/^Bearer (.+)$/)?.[1] ?? "");
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function dashboardData(deps: Pick<DashboardDeps, "store" | "mode" | "bankroll">, now: Date): ReportData {
  const data = reportFromStore(deps.store.db, { mode: deps.mode, since: null, bankroll: deps.bankroll, source: `store ${deps.store.path}`, now });
  return { ...data, title: `pm-arb ${deps.mode} dashboard`, live: liveSection(deps.store.db, deps.mode, now) };
}

export function startDashboard(deps: DashboardDeps): Dashboard {
  const now = deps.now ?? (() => new Date());
  const token = deps.token ?? newToken();
  const links = { data_url: "/api/data", kill_url: "/api/kill", refresh_ms: deps.refreshMs };

  async function kill(request: Request): Promise<Response> {
    if (!request.headers.get("authorization")) return json({ error: "the dashboard's token is required (Authorization: Bearer …, printed when the dashboard started)" }, 401);
    if (!tokenMatches(request.headers.get("authorization"), token)) return json({ error: "wrong token" }, 403);
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      return json({ error: 'the body must be JSON: {"reason": "…"}' }, 400);
    }
    const parsed = killBody.safeParse(body);
    if (!parsed.success) return json({ error: `bad body: ${parsed.error.issues[0]?.message}` }, 400);
    const result = await stopLoops({ reason: parsed.data.reason ?? "stopped from the dashboard", cancelOpen: false, clear: false, waitMs: 10_000 }, { db: deps.store.db, now });
    return json({ kill_switch: result.killSwitch ?? null, signalled: result.signalled, timed_out: result.timedOut }, result.timedOut.length > 0 ? 202 : 200);
  }

  /** The names this server answers to: the address it listens on (and localhost's, on loopback). */
  const ownHost = (request: Request) => {
    const names = LOOPBACK.has(deps.host) ? [...LOOPBACK] : [deps.host];
    return names.map((name) => (name.includes(":") ? `[${name}]` : name)).some((name) => request.headers.get("host") === `${name}:${server.port}`);
  };
  const guarded =
    (handler: (request: Request) => Response | Promise<Response>) =>
    (request: Request): Response | Promise<Response> =>
      ownHost(request) ? handler(request) : json({ error: "unknown host" }, 421);

  const server = Bun.serve({
    hostname: deps.host,
    port: deps.port,
    routes: {
      "/": {
        GET: guarded(() => new Response(reportHtml(dashboardData(deps, now()), links), { headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } })),
      },
      "/api/data": { GET: guarded(() => json(dashboardData(deps, now()))) },
      "/api/kill": { POST: guarded(kill) },
    },
    fetch: () => json({ error: "not found" }, 404),
    error: (error) => json({ error: `dashboard: ${error.message}` }, 500),
  });
  const shownHost = deps.host.includes(":") ? `[${deps.host}]` : deps.host;
  return { url: `http://${shownHost}:${server.port}/`, token, stop: () => server.stop(true) };
}
