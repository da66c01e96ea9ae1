/**
 * One price feed over WebSocket, on a ReconnectingSocket. What this adds is silence judged from the
 * data (liveness.ts), not the socket: one that is open and answers pings but delivers no prices is
 * replaced.
 */
import type { Quote, StreamFeed } from "../adapters/spot/types.ts";
import { type OpenSocket, openReconnectingSocket, type Socket, type SocketState, type SocketStats } from "../ws/reconnecting-socket.ts";
import { DEFAULT_LIVENESS, Liveness, type LivenessConfig } from "./liveness.ts";

export type StreamState = SocketState;

export type StreamStats = SocketStats & { messages: number; quotes: number; parseErrors: number };

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
  /** Where the socket comes from (default a ReconnectingSocket; a replay's stand-in). */
  openSocket?: OpenSocket;
};

export class StreamManager {
  readonly stats: StreamStats = { connects: 0, drops: 0, silentKills: 0, messages: 0, quotes: 0, parseErrors: 0 };
  private readonly socket: Socket;
  private readonly liveness: Liveness;
  private readonly now: () => number;

  constructor(private readonly options: StreamManagerOptions) {
    this.now = options.now ?? Date.now;
    const { feed } = options;
    this.liveness = new Liveness(feed.symbols, this.now(), { ...DEFAULT_LIVENESS, ...options.liveness });
    this.socket = (options.openSocket ?? openReconnectingSocket)({
      url: feed.url,
      keepalive: feed.keepalive,
      stats: this.stats,
      random: options.random,
      reconnectBaseMs: options.reconnectBaseMs,
      reconnectMaxMs: options.reconnectMaxMs,
      checkEveryMs: options.checkEveryMs,
      onOpen: () => {
        this.liveness.restart(this.now());
        for (const message of feed.subscribe) this.socket.send(message);
      },
      onMessage: (text) => this.message(text),
      onState: (state, reason) => options.onState?.(state, reason),
      silence: () => (this.liveness.dead(this.now()) ? "silent: open but no data" : undefined),
    });
  }

  get provider() {
    return this.options.feed.provider;
  }

  get current(): StreamState {
    return this.socket.state;
  }

  /** Open and delivering data for this symbol within its usual rhythm. */
  fresh(symbol: string, at = this.now()): boolean {
    return this.socket.state === "up" && !this.liveness.isOverdue(symbol, at);
  }

  start(): void {
    this.socket.start();
  }

  stop(): Promise<void> {
    return this.socket.stop();
  }

  /** Handles one message; exposed for the tick benchmark. */
  message(text: string): void {
    const receivedAt = this.now();
    this.stats.messages++;
    const parsed = this.options.feed.parse(text, receivedAt);
    if (parsed.error) {
      this.stats.parseErrors++;
      this.options.onParseError?.(parsed.error);
    }
    for (const quote of parsed.quotes) {
      this.stats.quotes++;
      // Prices flowing (not a mere open) is what proves a connection good.
      this.socket.resetBackoff();
      this.liveness.seen(quote.symbol, receivedAt);
      this.options.onQuote(quote);
    }
  }
}
