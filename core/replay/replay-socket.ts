/**
 * The sockets of a replay: stand-ins for the feeds' ReconnectingSockets (core/ws) that are open from
 * the start, send nothing anywhere, and hand on the recorded messages of their source. The loop's
 * stream managers and market channel parse them exactly as they parse the live feed.
 */
import type { OpenSocket, ReconnectingSocketOptions, Socket, SocketState } from "../ws/reconnecting-socket.ts";

/** Replay hosts: the feed's URL in a replay names its recorded source. */
export const REPLAY_URLS = {
  binance_ws_url: "replay://binance",
  coinbase_ws_url: "replay://coinbase",
  rtds_url: "replay://rtds",
  clob_ws_url: "replay://clob_market",
} as const;

class ReplaySocket implements Socket {
  state: SocketState = "down";

  constructor(readonly options: ReconnectingSocketOptions) {}

  get open(): boolean {
    return this.state === "up";
  }

  send(): void {}

  resetBackoff(): void {}

  start(): void {
    if (this.state !== "down") return;
    this.options.stats.connects++;
    this.options.onOpen();
    this.state = "up";
    this.options.onState?.("up", "replaying");
  }

  async stop(): Promise<void> {
    this.state = "closed";
    this.options.onState?.("closed", "stopped");
  }
}

/** Every socket the loop opened, by recorded source (`binance`, `coinbase`, `rtds`, `clob_market`). */
export class ReplaySockets {
  private readonly sockets: ReplaySocket[] = [];

  readonly open: OpenSocket = (options) => {
    const socket = new ReplaySocket(options);
    this.sockets.push(socket);
    return socket;
  };

  /** Whether a socket of this source is open to take messages. */
  has(src: string): boolean {
    return this.sockets.some((socket) => socket.open && sourceOf(socket.options.url) === src);
  }

  /** Hands a recorded message to every open socket of its source; false when there is none. */
  deliver(src: string, text: string): boolean {
    let delivered = false;
    for (const socket of this.sockets) {
      if (!socket.open || sourceOf(socket.options.url) !== src) continue;
      socket.options.onMessage(text);
      delivered = true;
    }
    return delivered;
  }
}

function sourceOf(url: string): string | undefined {
  return /^replay:\/\/([a-z_]+)/.exec(url)?.[1];
}
