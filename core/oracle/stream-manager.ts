/**
 * One managed WebSocket feed: connects, subscribes, keeps alive, parses every message into quotes,
 * and reconnects with exponential backoff and jitter when the socket closes, errors, or goes
 * silent. Silence is judged from the data flow (see liveness.ts), not from the socket: a socket
 * that is open and answers pings but delivers no prices is closed and replaced.
 */
import type { Quote, StreamFeed } from "../providers/types.ts";
import { exponential } from "./health.ts";
import { DEFAULT_LIVENESS, Liveness, type LivenessConfig } from "./liveness.ts";

export type StreamState = "connecting" | "up" | "down" | "closed";

export type StreamStats = { connects: number; drops: number; silentKills: number; messages: number; quotes: number; parseErrors: number };

export type StreamManagerOptions = {
  feed: StreamFeed;
  onQuote(quote: Quote): void;
  /** `up` once the socket opens, `down` when it closes or is found silent (with the reason). */
  onState?(state: StreamState, reason: string): void;
  onParseError?(error: string): void;
  now?: () => number;
  random?: () => number;
  liveness?: Partial<LivenessConfig>;
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  /** How often silence is checked (real ms). */
  checkEveryMs?: number;
};

export class StreamManager {
  readonly stats: StreamStats = { connects: 0, drops: 0, silentKills: 0, messages: 0, quotes: 0, parseErrors: 0 };
  private socket?: WebSocket;
  private state: StreamState = "down";
  private attempt = 0;
  private stopped = false;
  private readonly liveness: Liveness;
  private readonly now: () => number;
  private readonly random: () => number;
  private reconnectTimer?: ReturnType<typeof setTimeout>;
  private checkTimer?: ReturnType<typeof setInterval>;
  private keepaliveTimer?: ReturnType<typeof setInterval>;

  constructor(private readonly options: StreamManagerOptions) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.liveness = new Liveness(options.feed.symbols, this.now(), { ...DEFAULT_LIVENESS, ...options.liveness });
  }

  get provider() {
    return this.options.feed.provider;
  }

  get current(): StreamState {
    return this.state;
  }

  /** Open and delivering data for this symbol within its usual rhythm. */
  fresh(symbol: string, at = this.now()): boolean {
    return this.state === "up" && !this.liveness.isOverdue(symbol, at);
  }

  start(): void {
    if (this.stopped || this.socket) return;
    this.checkTimer ??= setInterval(() => this.check(), this.options.checkEveryMs ?? 250);
    this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.checkTimer);
    clearInterval(this.keepaliveTimer);
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      detach(socket);
      if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close(1000, "pm-arb closing");
    }
    this.setState("closed", "stopped");
  }

  private connect(): void {
    this.setState("connecting", "connecting");
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.options.feed.url);
    } catch (error) {
      this.down(`cannot open ${this.options.feed.url}: ${(error as Error).message}`);
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.stats.connects++;
      this.liveness.restart(this.now());
      for (const message of this.options.feed.subscribe) socket.send(message);
      const keepalive = this.options.feed.keepalive;
      clearInterval(this.keepaliveTimer);
      if (keepalive) this.keepaliveTimer = setInterval(() => socket.readyState === WebSocket.OPEN && socket.send(keepalive.message), keepalive.everyMs);
      this.setState("up", "connected");
    };
    socket.onmessage = (event) => this.message(event.data);
    socket.onerror = () => {
      if (this.socket === socket) this.drop(socket, "socket error");
    };
    socket.onclose = (event) => {
      if (this.socket === socket) this.drop(socket, `closed (${event.code}${event.reason ? ` ${event.reason}` : ""})`);
    };
  }

  /** Handles one message; exposed for the tick benchmark. */
  message(data: unknown): void {
    const receivedAt = this.now();
    const text = typeof data === "string" ? data : data instanceof ArrayBuffer || ArrayBuffer.isView(data) ? new TextDecoder().decode(data as ArrayBuffer) : String(data);
    this.stats.messages++;
    const parsed = this.options.feed.parse(text, receivedAt);
    if (parsed.error) {
      this.stats.parseErrors++;
      this.options.onParseError?.(parsed.error);
    }
    for (const quote of parsed.quotes) {
      this.stats.quotes++;
      this.attempt = 0;
      this.liveness.seen(quote.symbol, receivedAt);
      this.options.onQuote(quote);
    }
  }

  private check(): void {
    if (this.state !== "up" || !this.socket) return;
    if (this.liveness.dead(this.now())) {
      this.stats.silentKills++;
      this.drop(this.socket, "silent: open but no data");
    }
  }

  private drop(socket: WebSocket, reason: string): void {
    detach(socket);
    this.socket = undefined;
    clearInterval(this.keepaliveTimer);
    if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close(4000, "pm-arb: replacing silent socket");
    this.stats.drops++;
    this.down(reason);
  }

  private down(reason: string): void {
    if (this.stopped) return;
    this.setState("down", reason);
    this.attempt++;
    const delay = Math.round(exponential(this.options.reconnectBaseMs ?? 200, this.attempt, this.options.reconnectMaxMs ?? 5_000) * (1 + 0.25 * this.random()));
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private setState(state: StreamState, reason: string): void {
    if (this.state === state) return;
    this.state = state;
    this.options.onState?.(state, reason);
  }
}

function detach(socket: WebSocket): void {
  socket.onopen = null;
  socket.onmessage = null;
  socket.onerror = null;
  socket.onclose = null;
}
