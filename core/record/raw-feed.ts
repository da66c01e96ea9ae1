/**
 * One recorded WebSocket feed: a ReconnectingSocket (keep-alive, reconnects with backoff and
 * jitter) whose every frame goes to the recording as received, and whose connects, drops and
 * reconnects go in as `pm_arb` lines. Silence is judged from frames of any kind (PONG included):
 * a socket that stays open and delivers nothing for `silenceMs` is replaced.
 */
import { ReconnectingSocket, type SocketStats } from "../ws/reconnecting-socket.ts";
import type { FeedSource } from "./format.ts";

export type RecordSink = {
  frame(src: string, text: string): void;
  event(fields: { event: string } & Record<string, unknown>): void;
};

export type RawFeedOptions = {
  source: FeedSource;
  url: string;
  /** Messages sent on every open socket (the subscription as it stands). */
  subscribe(): string[];
  keepalive?: { message: string; everyMs: number };
  silenceMs: number;
  sink: RecordSink;
  /** Receive time on the recording's clock (for `down_ms`). */
  now(): number;
  log?: { warn(message: string): void; debug(message: string): void };
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
};

export class RawFeed {
  readonly stats: SocketStats & { frames: number } = { connects: 0, drops: 0, silentKills: 0, frames: 0 };
  private readonly socket: ReconnectingSocket;
  /** Real time of the last frame, and of the current socket's open. */
  private lastFrameAt = 0;
  private openedAt = 0;
  /** Recording time the feed went down (undefined while up or before the first connect). */
  private downSince?: number;

  constructor(private readonly options: RawFeedOptions) {
    this.socket = new ReconnectingSocket({
      url: options.url,
      keepalive: options.keepalive,
      stats: this.stats,
      reconnectBaseMs: options.reconnectBaseMs,
      reconnectMaxMs: options.reconnectMaxMs,
      onOpen: () => {
        this.openedAt = Date.now();
        for (const message of options.subscribe()) this.socket.send(message);
      },
      onMessage: (text) => {
        this.lastFrameAt = Date.now();
        this.stats.frames++;
        // Data flowing (not a mere open) is what proves a connection good.
        this.socket.resetBackoff();
        options.sink.frame(options.source, text);
      },
      onState: (state, reason) => this.state(state, reason),
      silence: () => (Date.now() - Math.max(this.lastFrameAt, this.openedAt) > options.silenceMs ? `silent: no frame for ${options.silenceMs} ms` : undefined),
    });
  }

  get open(): boolean {
    return this.socket.open;
  }

  start(): void {
    this.socket.start();
  }

  stop(): Promise<void> {
    return this.socket.stop();
  }

  /** Sends on the open socket (a subscription change); nothing while none is open (`subscribe()` covers the next). */
  send(text: string): void {
    this.socket.send(text);
  }

  private state(state: string, reason: string): void {
    const { source, sink } = this.options;
    if (state === "up") {
      if (this.stats.connects === 1) sink.event({ event: "connected", source });
      else sink.event({ event: "reconnect", source, down_ms: this.downSince === undefined ? 0 : this.options.now() - this.downSince });
      this.downSince = undefined;
      this.options.log?.debug(`${source} connected`);
    } else if (state === "down") {
      // A failed reconnect attempt is part of the same gap.
      if (this.downSince !== undefined) return;
      this.downSince = this.options.now();
      sink.event({ event: "disconnected", source, reason });
      this.options.log?.warn(`${source} feed down: ${reason}; reconnecting`);
    }
  }
}
