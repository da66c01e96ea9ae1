/**
 * The sandbox's HTTP/WebSocket server: one port with each service under its own path prefix and
 * the admin endpoints under /admin; with `ports: "separate"` also one port per service serving it
 * at the root, as the real services are separate hosts. Wire-level faults apply to any service
 * before its handler runs.
 */
import type { Server } from "bun";
import { SimClock } from "./clock.ts";
import { Counters } from "./counters.ts";
import { type Fault, type FaultInput, FaultRegistry, parseFaultSpec, WIRE_KINDS } from "./faults.ts";
import { DEFAULT_SANDBOX_OPTIONS, type SandboxOptions } from "./options.ts";
import { isService, SERVICES } from "./services.ts";
import type { MakerBookModel, MarketCatalog, PriceModel, RouteContext, RouteHandler, SandboxSocket, SocketData, SocketHandler, UserOrders } from "./types.ts";

type Route = { method: string; path: string; pattern: RegExp; keys: string[]; handler: RouteHandler };
type SocketRoute = { path: string; pattern: RegExp; keys: string[]; handler: SocketHandler; key: string };

function compile(pattern: string): { pattern: RegExp; keys: string[] } {
  const keys: string[] = [];
  const source = pattern.replace(/\/:([A-Za-z_]+)/g, (_, key: string) => {
    keys.push(key);
    return "/([^/]+)";
  });
  return { pattern: new RegExp(`^${source}/?$`), keys };
}

/** A JSON answer, as every sandbox service sends one. */
export function json(value: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(value), { status, headers: { "content-type": "application/json", ...headers } });
}

/**
 * A proxy that echoes the request's headers in its error (`echo-headers`, answering `status`, 400 by
 * default), each value cut to `cut` characters when given: what a client must never pass on.
 */
function echoHeaders(request: Request, fault: Fault): Response {
  const cut = fault.params.cut === undefined ? undefined : Number(fault.params.cut);
  const headers = Object.fromEntries([...request.headers].map(([name, value]) => [name, cut === undefined ? value : value.slice(0, cut)]));
  const echoed = Object.entries(headers)
    .map(([name, value]) => `${name}=${value}`)
    .join(", ");
  return json({ error: `request rejected by the proxy; it saw ${echoed}`, request: { method: request.method, headers } }, Number(fault.params.status ?? 400));
}

/** Replaces every number and numeric string in a JSON value with a garbage value. */
function garble(value: unknown, replacement: unknown): unknown {
  if (typeof value === "number") return replacement;
  if (typeof value === "string") return /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(value) && value.length < 30 ? replacement : value;
  if (Array.isArray(value)) return value.map((item) => garble(item, replacement));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, garble(v, replacement)]));
  return value;
}

export type SandboxHandle = {
  url: string;
  port: number;
  /** Each service's base URL: `{url}/{service}`, or its own port's root with `ports: "separate"`. */
  services: Record<string, string>;
  app: SandboxInstance;
  stop(): Promise<void>;
};

export class SandboxInstance {
  readonly clock: SimClock;
  readonly faults = new FaultRegistry(() => this.clock.now());
  readonly counters = new Counters();
  prices?: PriceModel;
  markets?: MarketCatalog;
  books?: MakerBookModel;
  exchange?: UserOrders;

  private readonly routes = new Map<string, Route[]>();
  private readonly socketRoutes = new Map<string, SocketRoute[]>();
  private readonly openSockets = new Map<string, Set<SandboxSocket>>();
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private readonly stopped = Promise.withResolvers<void>();

  constructor(readonly options: SandboxOptions) {
    this.clock = new SimClock(options.startAt, options.speed);
    for (const spec of options.faults) this.addFault(spec);
  }

  /** Adds a fault (spec string or input); a `drop` closes the service's open sockets at once. */
  addFault(input: FaultInput | string): Fault {
    const fault = this.faults.add(typeof input === "string" ? parseFaultSpec(input) : input);
    if (fault.kind === "drop") this.dropSockets(fault.service);
    return fault;
  }

  /** Set once the server listens: each service's base URL (see `SandboxHandle.services`). */
  serviceUrls: Record<string, string> = {};

  route(service: string, method: string, pattern: string, handler: RouteHandler): void {
    known(service);
    this.routes.getOrInsertComputed(service, () => []).push({ method: method.toUpperCase(), path: pattern, handler, ...compile(pattern) });
  }

  socket(service: string, pattern: string, handler: SocketHandler): void {
    known(service);
    this.socketRoutes.getOrInsertComputed(service, () => []).push({ path: pattern, handler, key: `${service} ${pattern}`, ...compile(pattern) });
  }

  /** Every registered endpoint as `/service/path` (WebSockets with method "WS"): what docs/sandbox-endpoints.md lists. */
  endpoints(): { method: string; endpoint: string }[] {
    const http = [...this.routes].flatMap(([service, list]) => list.map((route) => ({ method: route.method, endpoint: `/${service}${route.path}` })));
    const sockets = [...this.socketRoutes].flatMap(([service, list]) => list.map((route) => ({ method: "WS", endpoint: `/${service}${route.path}` })));
    return [...http, ...sockets];
  }

  /** Repeats fn every `realMs` wall-clock ms until the sandbox stops. */
  every(realMs: number, fn: () => void): void {
    this.timers.push(setInterval(fn, realMs));
  }

  /** Sends stream data unless a `silent` fault mutes the service (the socket stays open). */
  publish(ws: SandboxSocket, payload: string): void {
    if (this.faults.active(ws.data.service, "silent")) return;
    ws.send(payload);
  }

  /** Closes every open socket of a service (the `drop` fault). */
  dropSockets(service: string): number {
    const sockets = this.socketsOf(service);
    for (const ws of sockets) ws.close(1011, "sandbox drop");
    return sockets.length;
  }

  /** Services with routes or sockets, in the order of sandbox/services.ts. */
  registeredServices(): string[] {
    return SERVICES.filter((service) => this.routes.has(service) || this.socketRoutes.has(service));
  }

  servesHttp(service: string): boolean {
    return this.routes.has(service);
  }

  socketsOf(service: string): SandboxSocket[] {
    return [...(this.openSockets.get(service) ?? [])];
  }

  get stoppedSignal(): Promise<void> {
    return this.stopped.promise;
  }

  shutdown(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.stopped.resolve();
  }

  /**
   * Serves one request: on the shared port the first path segment names the service (or `admin`);
   * on a service's own port (`only`) the whole path is that service's. Counters key both the same
   * way, by `/{service}{path}`.
   */
  async handle(request: Request, server: Server<SocketData>, only?: string): Promise<Response | undefined> {
    const url = new URL(request.url);
    const [, first = "", ...rest] = url.pathname.split("/");
    const service = only ?? first;
    const path = only ? url.pathname : `/${rest.join("/")}`;
    if (!only && service === "admin") return this.admin(request, path);
    const counted = only ? `/${service}${path === "/" ? "" : path}` : url.pathname;

    const socketRoute = this.matchSocket(service, path);
    if (socketRoute && request.headers.get("upgrade")?.toLowerCase() === "websocket") {
      this.counters.record(counted, false);
      const data: SocketData = { service, path, url, handlerKey: socketRoute.key, state: {} };
      if (this.faults.take(service, path, "refuse")) return json({ error: "sandbox refused the connection" }, 503);
      return server.upgrade(request, { data }) ? undefined : json({ error: "upgrade failed" }, 400);
    }

    const response = await this.serveHttp(request, url, service, path);
    this.counters.record(counted, response.status >= 400);
    return response;
  }

  private async serveHttp(request: Request, url: URL, service: string, path: string): Promise<Response> {
    const fault = this.wireFault(service, path);
    if (fault && /^\d{3}$/.test(fault.kind)) return this.faultStatus(fault);
    if (fault?.kind === "slow") await Bun.sleep(Number(fault.params.ms ?? 3000));
    if (fault?.kind === "timeout") {
      await Promise.race([this.stopped.promise, Bun.sleep(Number(fault.params.ms ?? 60_000))]);
      return json({ error: "timeout" }, 504);
    }
    if (fault?.kind === "html")
      return new Response("<html><head><title>502 Bad Gateway</title></head><body>cloudflare</body></html>", {
        status: Number(fault.params.status ?? 502),
        headers: { "content-type": "text/html" },
      });
    if (fault?.kind === "empty") return new Response("", { status: 200, headers: { "content-type": "application/json" } });
    if (fault?.kind === "echo-headers") return echoHeaders(request, fault);

    const match = this.matchRoute(service, request.method, path);
    if (!match) return json({ error: `sandbox: no route ${request.method} ${path} on ${service}` }, 404);
    const body = request.method === "GET" || request.method === "HEAD" ? "" : await request.text();
    const context: RouteContext = { request, url, path, params: match.params, body };
    let response: Response;
    try {
      const result = await match.route.handler(context);
      response = result instanceof Response ? result : json(result);
    } catch (error) {
      response = json({ error: `sandbox handler failed: ${(error as Error).message}` }, 500);
    }
    if (fault?.kind === "truncated") {
      const text = await response.text();
      return new Response(text.slice(0, Math.max(1, Math.floor(text.length / 2))), { status: response.status, headers: response.headers });
    }
    if (fault?.kind === "garbage" && response.headers.get("content-type")?.includes("json")) {
      const replacements: Record<string, unknown> = { nan: "NaN", null: null, empty: "" };
      const key = fault.params.value ?? "nan";
      const replacement = key in replacements ? replacements[key] : "NaN";
      return json(garble(await response.json(), replacement), response.status);
    }
    return response;
  }

  private wireFault(service: string, path: string): Fault | undefined {
    const candidate = this.faults.matching(service, path).find((fault) => WIRE_KINDS.includes(fault.kind) || /^\d{3}$/.test(fault.kind));
    return candidate ? this.faults.take(service, path, candidate.kind) : undefined;
  }

  private faultStatus(fault: Fault): Response {
    const status = Number(fault.kind);
    const headers: Record<string, string> = {};
    if (fault.params.retry_after) headers["retry-after"] = fault.params.retry_after;
    const messages: Record<number, string> = {
      403: "Trading restricted in your region, please refer to available regions",
      418: "IP banned until further notice",
      425: "service not ready: matching engine restarting",
      429: "Too many requests",
      451: "Service unavailable from a restricted location according to 'b. Eligibility'",
    };
    const message = fault.params.message ?? messages[status] ?? "internal error";
    // Binance: -1003 for request-weight limits and bans, 0 for the location block.
    const binanceCode = status === 429 || status === 418 ? -1003 : status === 451 ? 0 : -1;
    return json(fault.service === "binance" ? { code: binanceCode, msg: message } : { error: message }, status, headers);
  }

  private matchRoute(service: string, method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
    for (const route of this.routes.get(service) ?? []) {
      if (route.method !== method) continue;
      const found = route.pattern.exec(path);
      if (found) return { route, params: Object.fromEntries(route.keys.map((key, i) => [key, decodeURIComponent(found[i + 1]!)])) };
    }
    return undefined;
  }

  private matchSocket(service: string, path: string): SocketRoute | undefined {
    return (this.socketRoutes.get(service) ?? []).find((route) => route.pattern.test(path));
  }

  socketHandler(ws: SandboxSocket): SocketHandler | undefined {
    return [...this.socketRoutes.values()].flat().find((route) => route.key === ws.data.handlerKey)?.handler;
  }

  trackSocket(ws: SandboxSocket, open: boolean): void {
    const set = this.openSockets.getOrInsertComputed(ws.data.service, () => new Set());
    if (open) set.add(ws);
    else set.delete(ws);
  }

  private async admin(request: Request, path: string): Promise<Response> {
    const body = request.method === "POST" ? ((await request.json().catch(() => ({}))) as Record<string, unknown>) : {};
    if (path === "/counters" && request.method === "GET") return json(this.counters.snapshot());
    if (path === "/counters/reset" && request.method === "POST") {
      this.counters.reset();
      return json({ ok: true });
    }
    if (path === "/faults" && request.method === "GET") return json(this.faults.list());
    if (path === "/faults" && request.method === "POST") {
      try {
        if (body.clear) this.faults.remove({});
        if (body.remove) this.faults.remove(body.remove as { id?: number; service?: string; kind?: string });
        const additions = ([] as unknown[]).concat(body.add ?? []);
        const added = additions.map((item) => this.addFault(item as FaultInput | string));
        return json({ added, active: this.faults.list() });
      } catch (error) {
        return json({ error: (error as Error).message }, 400);
      }
    }
    if (path === "/clock" && request.method === "POST") {
      if (typeof body.advance_ms === "number") this.clock.advance(body.advance_ms);
      if (typeof body.speed === "number") this.clock.setSpeed(body.speed);
      return json({ now: this.clock.now(), speed: this.clock.speed });
    }
    if (path === "/ledger" && request.method === "GET") return json(this.exchange?.ledger?.(this.clock.now()) ?? { orders: [], trades: [], refused: [] });
    if (path === "/state" && request.method === "GET")
      return json({ now: this.clock.now(), speed: this.clock.speed, seed: this.options.seed, options: this.options, services: this.serviceUrls, faults: this.faults.list() });
    return json({ error: `sandbox: no admin route ${request.method} ${path}` }, 404);
  }
}

/** Service modules register themselves here, in dependency order (prices before books, …). */
export type ServiceModule = (app: SandboxInstance) => void;

function known(service: string): void {
  if (!isService(service)) throw new Error(`sandbox: service "${service}" is not in sandbox/services.ts`);
}

/** Services with at least one HTTP route are `http://` hosts; the socket-only ones `ws://`. */
function serviceUrl(app: SandboxInstance, service: string, base: string): string {
  return app.servesHttp(service) ? base : base.replace(/^http/, "ws");
}

export async function startSandbox(overrides: Partial<SandboxOptions> = {}, modules: ServiceModule[] = []): Promise<SandboxHandle> {
  const options: SandboxOptions = { ...DEFAULT_SANDBOX_OPTIONS, ...overrides };
  const app = new SandboxInstance(options);
  const servers: Server<SocketData>[] = [];
  const stopAll = () => {
    app.shutdown();
    for (const server of servers) server.stop(true);
  };
  try {
    for (const register of modules) register(app);
    const main = listen(app, options.port);
    servers.push(main);
    const url = `http://${options.hostname}:${main.port}`;
    for (const [index, service] of app.registeredServices().entries()) {
      if (options.ports === "separate") {
        const own = listen(app, options.port === 0 ? 0 : main.port! + 1 + index, service);
        servers.push(own);
        app.serviceUrls[service] = serviceUrl(app, service, `http://${options.hostname}:${own.port}`);
      } else app.serviceUrls[service] = serviceUrl(app, service, `${url}/${service}`);
    }
    return { url, port: main.port!, services: { ...app.serviceUrls }, app, stop: async () => stopAll() };
  } catch (error) {
    // Nothing may keep running (timers, other ports) once start-up fails: the caller exits at once.
    stopAll();
    throw error;
  }
}

/** One listening server: the shared one, or a service's own (`only`). */
function listen(app: SandboxInstance, port: number, only?: string): Server<SocketData> {
  return Bun.serve<SocketData>({
    port,
    hostname: app.options.hostname,
    fetch: (request, srv) => app.handle(request, srv, only),
    websocket: {
      // Binance-style servers answer protocol pings; Bun does so automatically.
      open(ws) {
        app.trackSocket(ws, true);
        app.socketHandler(ws)?.open?.(ws);
      },
      message(ws, message) {
        app.socketHandler(ws)?.message?.(ws, message);
      },
      close(ws, code, reason) {
        app.trackSocket(ws, false);
        app.socketHandler(ws)?.close?.(ws, code, reason);
      },
    },
  });
}
