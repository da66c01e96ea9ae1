/**
 * Polymarket's user channel (`{clob_ws_url}/ws/user`): the orders and trades of one API key as they
 * change, from the moment of subscribing (what came before is for REST).
 *
 * - Subscribes with `{"auth": {apiKey, secret, passphrase}, "markets": [condition ids], "type":
 *   "user"}` (no markets: every market of the key), then edits the list with `operation:
 *   subscribe|unsubscribe`. The credentials are read from their masked holder only to build that
 *   frame, which goes straight to the socket: no log, error or problem ever carries it.
 * - `trade` messages (status MATCHED, MINED, CONFIRMED, RETRYING, FAILED) and `order` messages
 *   (PLACEMENT, UPDATE, CANCELLATION) are zod-parsed with the REST reads' own schemas
 *   (../execution/venue-reads.ts); a frame that does not parse is reported and skipped.
 * - Liveness as the market channel's: a text `PING` right after subscribing (its `PONG` shows the
 *   subscription is in effect: `subscribed`) and every few seconds; a socket that delivers nothing,
 *   not even PONG, is replaced. The connection is a ReconnectingSocket.
 */
import { z } from "zod";
import type { Credentials } from "../../../credentials.ts";
import type { Socket, SocketState, SocketStats } from "../../../ws/reconnecting-socket.ts";
import { openOrderSchema, tradeSchema, type VenueOpenOrder, type VenueTrade } from "../execution/venue-reads.ts";
import { type ClobSocketSettings, openClobChannelSocket } from "./clob-channel-socket.ts";

const TRADE_STATUSES = ["MATCHED", "MINED", "CONFIRMED", "RETRYING", "FAILED"] as const;
type UserTradeStatus = (typeof TRADE_STATUSES)[number];

/** One of this key's trades, at one status of its lifecycle. */
export type UserTrade = VenueTrade & { status: UserTradeStatus };
/** One of this key's orders: placed (resting), updated (matched more) or cancelled. */
export type UserOrder = VenueOpenOrder & { type: "PLACEMENT" | "UPDATE" | "CANCELLATION" };

const tradeMessage = tradeSchema.refine((trade): trade is UserTrade => (TRADE_STATUSES as readonly string[]).includes(trade.status), {
  message: "unknown trade status",
  path: ["status"],
});
const orderMessage = z
  .object({ type: z.enum(["PLACEMENT", "UPDATE", "CANCELLATION"]) })
  .and(openOrderSchema)
  .transform((order): UserOrder => order);

export type UserChannelOptions = ClobSocketSettings & {
  /** The session's API credentials; only the subscribe frame reads them. */
  credentials: Credentials;
  /** Condition ids to follow; none: every market of the key. */
  markets?: readonly string[];
  onTrade?(trade: UserTrade): void;
  onOrder?(order: UserOrder): void;
  onState?(state: SocketState, reason: string): void;
  onProblem?(problem: string): void;
  now?: () => number;
  /** No message at all (not even PONG) for this long: the socket is replaced. */
  silenceMs?: number;
};

export type UserChannelStats = SocketStats & { trades: number; orders: number; parseErrors: number };

export class UserChannel {
  readonly stats: UserChannelStats = { connects: 0, drops: 0, silentKills: 0, trades: 0, orders: 0, parseErrors: 0 };
  private readonly markets: Set<string>;
  private readonly socket: Socket;
  private readonly now: () => number;
  private lastMessageAt = 0;
  private openedAt = 0;
  private confirmed = false;

  constructor(private readonly options: UserChannelOptions) {
    this.now = options.now ?? Date.now;
    this.markets = new Set(options.markets);
    this.socket = openClobChannelSocket("/ws/user", options, {
      stats: this.stats,
      onOpen: () => this.subscribe(),
      onMessage: (text) => this.message(text),
      onState: (state, reason) => {
        if (state !== "up") this.confirmed = false;
        options.onState?.(state, reason);
      },
      quiet: () => this.now() - Math.max(this.lastMessageAt, this.openedAt) > (options.silenceMs ?? 10_000),
    });
  }

  get state(): SocketState {
    return this.socket.state;
  }

  /** The current socket is up and has answered since its subscription: what the key does now is reported. */
  get subscribed(): boolean {
    return this.confirmed && this.socket.state === "up";
  }

  start(): void {
    this.socket.start();
  }

  stop(): Promise<void> {
    return this.socket.stop();
  }

  /** Follows a market too (a no-op while every market is followed). */
  subscribe(conditionId?: string): void {
    if (conditionId !== undefined) {
      if (this.markets.size === 0 || this.markets.has(conditionId)) return;
      this.markets.add(conditionId);
      this.socket.send(JSON.stringify({ markets: [conditionId], operation: "subscribe" }));
      return;
    }
    // A fresh socket: the whole subscription, then a PING whose PONG confirms it.
    this.openedAt = this.now();
    this.confirmed = false;
    this.socket.resetBackoff();
    const creds = this.options.credentials.apiCredsForSigning();
    if (!creds) {
      this.problem("user channel: the session has no API credentials");
      return;
    }
    this.socket.send(JSON.stringify({ auth: { apiKey: creds.key, secret: creds.secret, passphrase: creds.passphrase }, markets: [...this.markets], type: "user" }));
    this.socket.send("PING");
  }

  /** Handles one raw frame (exposed for tests): PONG, or a message or list of messages. */
  message(text: string): void {
    this.lastMessageAt = this.now();
    const trimmed = text.trim();
    if (trimmed === "PONG") {
      this.confirmed = true;
      return;
    }
    if (trimmed === "") return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      this.problem(`user channel: unreadable message (${trimmed.length} characters)`);
      return;
    }
    for (const event of Array.isArray(parsed) ? parsed : [parsed]) this.event(event);
  }

  private event(event: unknown): void {
    const kind = (event as { event_type?: unknown } | null)?.event_type;
    const schema = kind === "trade" ? tradeMessage : kind === "order" ? orderMessage : undefined;
    if (!schema) {
      this.problem(`user channel: unknown event_type ${JSON.stringify(kind ?? null).slice(0, 40)}`);
      return;
    }
    const parsed = schema.safeParse(event);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      // The path and zod's message only: never the frame's values.
      this.problem(`user channel: unreadable ${kind} message (${issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "invalid"}); skipped`);
      return;
    }
    if (kind === "trade") {
      this.stats.trades++;
      this.options.onTrade?.(parsed.data as UserTrade);
    } else {
      this.stats.orders++;
      this.options.onOrder?.(parsed.data as UserOrder);
    }
  }

  private problem(text: string): void {
    this.stats.parseErrors++;
    this.options.onProblem?.(text);
  }
}
