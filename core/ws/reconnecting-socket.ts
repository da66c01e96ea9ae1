/**
 * One WebSocket kept open for as long as its owner wants it: a keep-alive while open, reconnects
 * with exponential backoff and jitter when it closes, errors, or is judged silent. What "silent"
 * means, and when the backoff starts over, is the owner's call.
 */
import { exponential, withJitter } from "../backoff.ts";

export type SocketState = "connecting" | "up" | "down" | "closed";

/** Connection counters; the socket counts into its owner's stats object, so one object tells the whole feed. */
export type SocketStats = { connects: number; drops: number; silentKills: number };

export type ReconnectingSocketOptions = {
  url: string;
  /** The socket has just opened (the state turns `up` right after): subscribe here with `send`. */
  onOpen(): void;
  onMessage(text: string): void;
  /** `up` once the socket opens, `down` when it closes, errors or is found silent (with the reason). */
  onState?(state: SocketState, reason: string): void;
  /** Why the open socket counts as silent now, or undefined while data flows; asked every `checkEveryMs`. */
  silence(): string | undefined;
  /** Sent on every open socket at this rhythm (RTDS and the market channel want a text PING). */
  keepalive?: { message: string; everyMs: number };
  stats: SocketStats;
  random?: () => number;
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  /** How often silence is checked (real ms). */
  checkEveryMs?: number;
};

const decoder = new TextDecoder();

/** What an owner uses of its socket: a replay stands in for it with recorded messages (core/replay). */
export type Socket = Pick<ReconnectingSocket, "state" | "open" | "send" | "resetBackoff" | "start" | "stop">;
export type OpenSocket = (options: ReconnectingSocketOptions) => Socket;
export const openReconnectingSocket: OpenSocket = (options) => new ReconnectingSocket(options);

export class ReconnectingSocket {
  private socket?: WebSocket;
  private stateValue: SocketState = "down";
  private attempt = 0;
  private stopped = false;
  private readonly random: () => number;
  private reconnectTimer?: ReturnType<typeof setTimeout>;
  private checkTimer?: ReturnType<typeof setInterval>;
  private keepaliveTimer?: ReturnType<typeof setInterval>;

  constructor(private readonly options: ReconnectingSocketOptions) {
    this.random = options.random ?? Math.random;
  }

  get state(): SocketState {
    return this.stateValue;
  }

  /** Whether a message sent now goes out. */
  get open(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Sends on the open socket; while none is open there is nobody to tell (the owner resubscribes in `onOpen`). */
  send(text: string): void {
    if (this.open) this.socket!.send(text);
  }

  /** The connection has proved itself: the next drop backs off from the shortest wait again. */
  resetBackoff(): void {
    this.attempt = 0;
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
    const { url } = this.options;
    let socket: WebSocket;
    try {
      socket = new WebSocket(url);
    } catch (error) {
      this.down(`cannot open ${url}: ${(error as Error).message}`);
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.options.stats.connects++;
      this.options.onOpen();
      this.keepAlive(socket);
      this.setState("up", "connected");
    };
    socket.onmessage = (event) => this.options.onMessage(messageText(event.data));
    socket.onerror = () => {
      if (this.socket === socket) this.drop(socket, "socket error");
    };
    socket.onclose = (event) => {
      if (this.socket === socket) this.drop(socket, `closed (${event.code}${event.reason ? ` ${event.reason}` : ""})`);
    };
  }

  private keepAlive(socket: WebSocket): void {
    clearInterval(this.keepaliveTimer);
    const keepalive = this.options.keepalive;
    if (keepalive) this.keepaliveTimer = setInterval(() => socket.readyState === WebSocket.OPEN && socket.send(keepalive.message), keepalive.everyMs);
  }

  private check(): void {
    if (this.stateValue !== "up" || !this.socket) return;
    const silence = this.options.silence();
    if (silence === undefined) return;
    this.options.stats.silentKills++;
    this.drop(this.socket, silence);
  }

  private drop(socket: WebSocket, reason: string): void {
    detach(socket);
    this.socket = undefined;
    clearInterval(this.keepaliveTimer);
    if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close(4000, "pm-arb: replacing socket");
    this.options.stats.drops++;
    this.down(reason);
  }

  private down(reason: string): void {
    if (this.stopped) return;
    this.setState("down", reason);
    this.attempt++;
    const delay = withJitter(exponential(this.options.reconnectBaseMs ?? 200, this.attempt, this.options.reconnectMaxMs ?? 5_000), 0.25, this.random);
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private setState(state: SocketState, reason: string): void {
    if (this.stateValue === state) return;
    this.stateValue = state;
    this.options.onState?.(state, reason);
  }
}

/** A message's text, in whatever form the runtime delivered it. */
function messageText(data: unknown): string {
  return typeof data === "string" ? data : data instanceof ArrayBuffer || ArrayBuffer.isView(data) ? decoder.decode(data as ArrayBuffer) : String(data);
}

function detach(socket: WebSocket): void {
  socket.onopen = null;
  socket.onmessage = null;
  socket.onerror = null;
  socket.onclose = null;
}
