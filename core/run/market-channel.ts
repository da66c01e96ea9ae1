/**
 * Polymarket's market channel (`{clob_ws_url}/ws/market`) as a live set of order books.
 *
 * - Subscribes with `{"assets_ids": […], "type": "market", "custom_feature_enabled": true}`, then
 *   adds and removes assets with `operation: subscribe|unsubscribe` as windows open and expire.
 * - `book` events replace a book; `price_change` events set level sizes (0 removes the level);
 *   `tick_size_change` and `market_resolved` are passed on. Books are kept best-first with Decimal
 *   levels and the venue's own timestamp (so a frozen book shows as stale downstream).
 * - A REST snapshot (`POST /books`) is taken after every (re)subscribe, and for an asset whose
 *   change arrives before any snapshot of it (a gap).
 * - Liveness from data: a text `PING` goes out every few seconds and the venue answers `PONG`, so a
 *   socket that stays open but delivers nothing at all — not even the answer — is replaced. A drop
 *   reconnects with exponential backoff and jitter. A malformed message is counted and skipped.
 */
import { Decimal } from "../decimal.ts";
import { fetchBooks, parseBook } from "../markets/book-client.ts";
import type { BookLevel, OrderBook } from "../markets/types.ts";
import { parseDecimal } from "../safe-parse.ts";

export type ChannelState = "connecting" | "up" | "down" | "closed";

export type MarketChannelOptions = {
  /** `{clob_ws_url}` (the `/ws/market` path is appended). */
  wsUrl: string;
  clobUrl: string;
  timeoutMs: number;
  onBook(tokenId: string, book: OrderBook): void;
  onResolved?(conditionId: string, winningTokenId: string | undefined): void;
  onTickSize?(tokenId: string, tick: Decimal): void;
  onState?(state: ChannelState, reason: string): void;
  onProblem?(problem: string): void;
  /** Real time (liveness, backoff). */
  now?: () => number;
  random?: () => number;
  pingEveryMs?: number;
  /** No message at all (not even PONG) for this long: the socket is replaced. */
  silenceMs?: number;
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
};

export type ChannelStats = { connects: number; drops: number; silentKills: number; messages: number; events: number; parseErrors: number; snapshots: number; gapFetches: number };

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
  private socket?: WebSocket;
  private stateValue: ChannelState = "down";
  private stopped = false;
  private attempt = 0;
  private lastMessageAt = 0;
  private timers: ReturnType<typeof setInterval>[] = [];
  private reconnectTimer?: ReturnType<typeof setTimeout>;
  private readonly gapPending = new Set<string>();
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly options: MarketChannelOptions) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  get state(): ChannelState {
    return this.stateValue;
  }

  /** Real time of the last message of any kind (0: none yet). */
  get lastDataAt(): number {
    return this.lastMessageAt;
  }

  book(tokenId: string): OrderBook | undefined {
    return this.books.get(tokenId);
  }

  start(): void {
    if (this.stopped || this.socket) return;
    const ping = this.options.pingEveryMs ?? 3_000;
    this.timers.push(setInterval(() => this.socket?.readyState === WebSocket.OPEN && this.socket.send("PING"), ping));
    this.timers.push(setInterval(() => this.check(), Math.min(250, ping)));
    this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    clearTimeout(this.reconnectTimer);
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      detach(socket);
      if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close(1000, "pm-arb closing");
    }
    this.setState("closed", "stopped");
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
    const socket = this.socket;
    if (socket?.readyState !== WebSocket.OPEN) return;
    if (removed.length > 0) socket.send(JSON.stringify({ assets_ids: removed, operation: "unsubscribe" }));
    if (added.length > 0) {
      socket.send(JSON.stringify({ assets_ids: added, operation: "subscribe", custom_feature_enabled: true }));
      void this.snapshot(added);
    }
  }

  private connect(): void {
    this.setState("connecting", "connecting");
    let socket: WebSocket;
    const url = `${this.options.wsUrl.replace(/\/+$/, "")}/ws/market`;
    try {
      socket = new WebSocket(url);
    } catch (error) {
      this.down(`cannot open ${url}: ${(error as Error).message}`);
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.stats.connects++;
      this.lastMessageAt = this.now();
      socket.send(JSON.stringify({ assets_ids: [...this.assets], type: "market", custom_feature_enabled: true }));
      this.setState("up", "connected");
      void this.snapshot([...this.assets]);
    };
    socket.onmessage = (event) => this.message(event.data);
    socket.onerror = () => {
      if (this.socket === socket) this.drop(socket, "socket error");
    };
    socket.onclose = (event) => {
      if (this.socket === socket) this.drop(socket, `closed (${event.code}${event.reason ? ` ${event.reason}` : ""})`);
    };
  }

  /** Handles one raw message (exposed for tests and the benchmark). */
  message(data: unknown): void {
    this.lastMessageAt = this.now();
    this.stats.messages++;
    const text = typeof data === "string" ? data : data instanceof ArrayBuffer || ArrayBuffer.isView(data) ? new TextDecoder().decode(data as ArrayBuffer) : String(data);
    const trimmed = text.trim();
    if (trimmed === "PONG" || trimmed === "") return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      return this.problem(`market channel: unreadable message ${JSON.stringify(trimmed.slice(0, 40))}`);
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
        if (!parsed) return this.problem(`market channel: ${problems[0] ?? "bad book"}`);
        if (!this.assets.has(parsed.token_id)) return;
        const { meta: _meta, ...book } = parsed;
        this.apply(book);
        return;
      }
      case "price_change": {
        const ts = eventTime(event.timestamp);
        const changes = Array.isArray(event.price_changes) ? event.price_changes : undefined;
        if (ts === undefined || !changes) return this.problem("market channel: price_change without timestamp or changes");
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
          const next: OrderBook =
            change.side === "BUY"
              ? { ...book, bids: setLevel(book.bids, price.value, size.value, byBidDesc), timestamp: Math.max(book.timestamp, ts), hash: typeof change.hash === "string" ? change.hash : book.hash }
              : { ...book, asks: setLevel(book.asks, price.value, size.value, byAskAsc), timestamp: Math.max(book.timestamp, ts), hash: typeof change.hash === "string" ? change.hash : book.hash };
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
        return this.problem(`market channel: unknown event_type ${JSON.stringify(event.event_type ?? null)}`);
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
      const fetched = await fetchBooks(tokenIds, { clobUrl: this.options.clobUrl, timeoutMs: this.options.timeoutMs });
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

  private check(): void {
    if (this.stateValue !== "up" || !this.socket) return;
    if (this.now() - this.lastMessageAt > (this.options.silenceMs ?? 10_000)) {
      this.stats.silentKills++;
      this.drop(this.socket, "silent: open but no data, not even PONG");
    }
  }

  private drop(socket: WebSocket, reason: string): void {
    detach(socket);
    this.socket = undefined;
    if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close(4000, "pm-arb: replacing socket");
    this.stats.drops++;
    this.down(reason);
  }

  private down(reason: string): void {
    if (this.stopped) return;
    this.setState("down", reason);
    this.attempt++;
    const base = this.options.reconnectBaseMs ?? 200;
    const delay = Math.round(Math.min(this.options.reconnectMaxMs ?? 5_000, base * 2 ** (this.attempt - 1)) * (1 + 0.25 * this.random()));
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private setState(state: ChannelState, reason: string): void {
    if (state === "up") this.attempt = 0;
    if (this.stateValue === state) return;
    this.stateValue = state;
    this.options.onState?.(state, reason);
  }

  private problem(text: string): void {
    this.stats.parseErrors++;
    this.options.onProblem?.(text);
  }
}

function detach(socket: WebSocket): void {
  socket.onopen = null;
  socket.onmessage = null;
  socket.onerror = null;
  socket.onclose = null;
}
