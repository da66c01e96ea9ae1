/**
 * Polymarket's market channel (`{clob_ws_url}/ws/market`) as a live set of order books, kept
 * best-first with the venue's own timestamp (so a frozen book shows as stale downstream). A REST
 * snapshot follows every (re)subscribe, and any change that arrives before a snapshot of its asset
 * (a gap). The venue answers a text `PING` with `PONG`, so a socket that stays open but delivers
 * nothing at all is replaced. A malformed message is counted and skipped.
 */
import type { Decimal } from "../../../decimal.ts";
import type { BookLevel, OrderBook } from "../../../model/market.ts";
import { parseDecimal } from "../../../safe-parse.ts";
import type { Socket, SocketState, SocketStats } from "../../../ws/reconnecting-socket.ts";
import { fetchBooks, parseBook } from "../market-data/books.ts";
import { type ClobSocketSettings, openClobChannelSocket } from "./clob-channel-socket.ts";

export type ChannelState = SocketState;

export type MarketChannelOptions = ClobSocketSettings & {
  clobUrl: string;
  timeoutMs: number;
  onBook(tokenId: string, book: OrderBook): void;
  onResolved?(conditionId: string, winningTokenId: string | undefined): void;
  onTickSize?(tokenId: string, tick: Decimal): void;
  onState?(state: ChannelState, reason: string): void;
  onProblem?(problem: string): void;
  /** Real time (liveness, backoff). */
  now?: () => number;
  /** No message at all (not even PONG) for this long: the socket is replaced. */
  silenceMs?: number;
  /** Book snapshots by REST (default `POST /books`; a replay has only what was recorded). */
  snapshot?: (tokenIds: string[]) => Promise<{ books: Map<string, OrderBook>; problems: string[] }>;
};

export type ChannelStats = SocketStats & { messages: number; events: number; parseErrors: number; snapshots: number; gapFetches: number };

const byBidDesc = (a: BookLevel, b: BookLevel) => b.price.comparedTo(a.price);
const byAskAsc = (a: BookLevel, b: BookLevel) => a.price.comparedTo(b.price);

function setLevel(levels: BookLevel[], price: Decimal, size: Decimal, compare: (a: BookLevel, b: BookLevel) => number): BookLevel[] {
  const out = levels.filter((level) => !level.price.eq(price));
  if (size.gt(0)) {
    out.push({ price, size });
    out.sort(compare);
  }
  return out;
}

function eventTime(value: unknown): number | undefined {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value : undefined;
  if (!text || !/^\d{10,16}$/.test(text)) return undefined;
  return Number(text);
}

export class MarketChannel {
  readonly stats: ChannelStats = { connects: 0, drops: 0, silentKills: 0, messages: 0, events: 0, parseErrors: 0, snapshots: 0, gapFetches: 0 };
  private readonly books = new Map<string, OrderBook>();
  private readonly assets = new Set<string>();
  private readonly socket: Socket;
  /** Real time of the last message of any kind (0: none yet). */
  private lastMessageAt = 0;
  /** When the current socket opened, and when the channel started: where silence is counted from before a first message. */
  private openedAt = 0;
  private startedAt = 0;
  private readonly gapPending = new Set<string>();
  private readonly now: () => number;

  constructor(private readonly options: MarketChannelOptions) {
    this.now = options.now ?? Date.now;
    this.socket = openClobChannelSocket("/ws/market", options, {
      stats: this.stats,
      onOpen: () => this.subscribe(),
      onMessage: (text) => this.message(text),
      onState: (state, reason) => options.onState?.(state, reason),
      quiet: () => this.quietSince(this.openedAt),
    });
  }

  get state(): ChannelState {
    return this.socket.state;
  }

  /** Real time of the last message of any kind (0: none yet). */
  get lastDataAt(): number {
    return this.lastMessageAt;
  }

  /**
   * Nothing received (not even PONG) for longer than the silence limit, across sockets: the channel
   * is not delivering whatever its socket's state. A silent socket is replaced, and its replacement
   * is `up` until it too is found silent; this stays true through those cycles.
   */
  get silent(): boolean {
    return this.startedAt > 0 && this.quietSince(this.startedAt);
  }

  private quietSince(from: number): boolean {
    return this.now() - Math.max(this.lastMessageAt, from) > (this.options.silenceMs ?? 10_000);
  }

  book(tokenId: string): OrderBook | undefined {
    return this.books.get(tokenId);
  }

  start(): void {
    this.startedAt = this.now();
    this.socket.start();
  }

  stop(): Promise<void> {
    return this.socket.stop();
  }

  /** The assets to follow: new ones are subscribed (and snapshotted), gone ones unsubscribed and forgotten. */
  setAssets(tokenIds: readonly string[]): void {
    const wanted = new Set(tokenIds);
    const added = [...wanted].filter((id) => !this.assets.has(id));
    const removed = [...this.assets].filter((id) => !wanted.has(id));
    for (const id of removed) {
      this.assets.delete(id);
      this.books.delete(id);
    }
    for (const id of added) this.assets.add(id);
    if (!this.socket.open) return;
    if (removed.length > 0) this.socket.send(JSON.stringify({ assets_ids: removed, operation: "unsubscribe" }));
    if (added.length > 0) {
      this.socket.send(JSON.stringify({ assets_ids: added, operation: "subscribe", custom_feature_enabled: true }));
      void this.snapshot(added);
    }
  }

  /** A fresh socket: every followed asset at once, then a snapshot so no change between sockets is lost. */
  private subscribe(): void {
    this.openedAt = this.now();
    // The channel's backoff starts over on every open (the silence check catches a socket that opens but says nothing).
    this.socket.resetBackoff();
    this.socket.send(JSON.stringify({ assets_ids: [...this.assets], type: "market", custom_feature_enabled: true }));
    void this.snapshot([...this.assets]);
  }

  /** Handles one raw message (exposed for tests and the benchmark). */
  message(text: string): void {
    this.lastMessageAt = this.now();
    this.stats.messages++;
    const trimmed = text.trim();
    if (trimmed === "PONG" || trimmed === "") return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      this.problem(`market channel: unreadable message ${JSON.stringify(trimmed.slice(0, 40))}`);
      return;
    }
    for (const event of Array.isArray(parsed) ? parsed : [parsed]) {
      if (!event || typeof event !== "object") {
        this.problem("market channel: event is not an object");
        continue;
      }
      this.event(event as Record<string, unknown>);
    }
  }

  private event(event: Record<string, unknown>): void {
    this.stats.events++;
    switch (event.event_type) {
      case "book": {
        const problems: string[] = [];
        const parsed = parseBook(event, undefined, problems);
        if (!parsed) {
          this.problem(`market channel: ${problems[0] ?? "bad book"}`);
          return;
        }
        if (!this.assets.has(parsed.token_id)) return;
        const { meta: _meta, ...book } = parsed;
        this.apply(book);
        return;
      }
      case "price_change": {
        const ts = eventTime(event.timestamp);
        const changes = Array.isArray(event.price_changes) ? event.price_changes : undefined;
        if (ts === undefined || !changes) {
          this.problem("market channel: price_change without timestamp or changes");
          return;
        }
        const touched = new Map<string, OrderBook>();
        for (const raw of changes) {
          const change = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
          const id = typeof change.asset_id === "string" ? change.asset_id : "";
          if (!this.assets.has(id)) continue;
          const price = parseDecimal(change.price);
          const size = parseDecimal(change.size);
          if (!price.ok || !size.ok || price.value.lte(0) || price.value.gte(1) || size.value.lt(0) || (change.side !== "BUY" && change.side !== "SELL")) {
            this.problem(`market channel: bad price_change entry for ${id.slice(0, 12)}…`);
            continue;
          }
          const book = touched.get(id) ?? this.books.get(id);
          if (!book) {
            this.gap(id);
            continue;
          }
          const side = change.side === "BUY" ? "bids" : "asks";
          const next: OrderBook = {
            ...book,
            [side]: setLevel(book[side], price.value, size.value, side === "bids" ? byBidDesc : byAskAsc),
            timestamp: Math.max(book.timestamp, ts),
            hash: typeof change.hash === "string" ? change.hash : book.hash,
          };
          touched.set(id, next);
        }
        for (const [id, book] of touched) {
          this.books.set(id, book);
          this.options.onBook(id, book);
        }
        return;
      }
      case "tick_size_change": {
        const id = typeof event.asset_id === "string" ? event.asset_id : "";
        const tick = parseDecimal(event.new_tick_size);
        if (this.assets.has(id) && tick.ok && tick.value.gt(0)) this.options.onTickSize?.(id, tick.value);
        return;
      }
      case "market_resolved": {
        const market = typeof event.market === "string" ? event.market : undefined;
        if (market) this.options.onResolved?.(market, typeof event.winning_asset_id === "string" ? event.winning_asset_id : undefined);
        return;
      }
      case "last_trade_price":
      case "best_bid_ask":
        return;
      default:
        this.problem(`market channel: unknown event_type ${JSON.stringify(event.event_type ?? null)}`);
    }
  }

  private apply(book: OrderBook): void {
    const known = this.books.get(book.token_id);
    if (known && known.timestamp > book.timestamp) return;
    this.books.set(book.token_id, book);
    this.options.onBook(book.token_id, book);
  }

  private async snapshot(tokenIds: string[]): Promise<void> {
    if (tokenIds.length === 0) return;
    this.stats.snapshots++;
    try {
      const fetched = this.options.snapshot
        ? await this.options.snapshot(tokenIds)
        : await fetchBooks(tokenIds, { clobUrl: this.options.clobUrl, timeoutMs: this.options.timeoutMs });
      for (const [id, book] of fetched.books) if (this.assets.has(id)) this.apply(book);
      for (const problem of fetched.problems.slice(0, 3)) this.problem(`book snapshot: ${problem}`);
    } catch (error) {
      this.problem(`book snapshot failed: ${(error as Error).message}`);
    }
  }

  private gap(tokenId: string): void {
    if (this.gapPending.has(tokenId)) return;
    this.gapPending.add(tokenId);
    this.stats.gapFetches++;
    void this.snapshot([tokenId]).finally(() => this.gapPending.delete(tokenId));
  }

  private problem(text: string): void {
    this.stats.parseErrors++;
    this.options.onProblem?.(text);
  }
}
