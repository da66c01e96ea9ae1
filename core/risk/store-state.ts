/**
 * The guardian's state, read from the store for one mode (paper and live books never mix), so
 * separate invocations see the same limits. The one reader `trade`, `risk`, `run` and the summaries
 * use (what counts is in book.ts); the stops and the high-water mark are read fresh every time, and
 * the high-water mark is raised here when equity is above it.
 *
 * The book is cached per connection and mode, keyed by the store's risk generation: a counter the
 * store's triggers raise on every change to orders, fills or positions, whoever makes it (this
 * process, `pm-arb trade` or `pm-arb stop` elsewhere, a test's raw UPDATE). While the counter has not
 * moved, nothing the book holds has changed; when it has, the book is rebuilt from the store.
 * Only committed states are cached, so the counter — monotonic over commits — never names two
 * different books. The engine's own writes go through `write`, which re-reads the orders they
 * touched (with their fills and their token's position) once the transaction has committed, while
 * the counter still reads what the write left, and applies them to the cached book: a trade costs a
 * few row reads, never a re-read of the history.
 */
import type { Database, Statement } from "bun:sqlite";
import { Decimal } from "../decimal.ts";
import { UNRESOLVED, UNSETTLED_FILLS } from "../positions/ledger.ts";
import type { FillStatus, OrderStatus, PositionStatus } from "../store/schema.ts";
import type { Store, StoreDb } from "../store/open.ts";
import { withTransaction } from "../store/tx.ts";
import { buyCost } from "../trade/amounts.ts";
import type { TradeMode } from "../trade/client-order-id.ts";
import { RiskBook, type FillFacts, type OrderFacts, type PositionFacts } from "./book.ts";
import type { RiskLimits } from "./limits.ts";
import { equity, type RiskState } from "./state.ts";
import { haltKey, highWaterMarkFrom, hwmKey, KILL_SWITCH_KEY, setHighWaterMark, stopFrom, UNREADABLE_HALT, UNREADABLE_KILL_SWITCH } from "./stops.ts";

export function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

type OrderRow = { id: number; mode: TradeMode; condition_id: string; token_id: string; status: OrderStatus; created_at: number; max_cost: string | null; size: string; limit_price: string };
type FillRow = { id: number; status: FillStatus; size: string; price: string; fee: string };
type PositionRow = { id: number; condition_id: string; token_id: string; status: PositionStatus; size: string; cost: string; fees: string; realised_pnl: string; mark_price: string | null; closed_at: number | null };
type SettlingRow = OrderRow & { fill_id: number; fill_status: FillStatus; fill_size: string; fill_price: string; fee: string };

const list = (values: readonly string[]) => values.map((value) => `'${value}'`).join(", ");
const ORDER = "o.id, o.mode, o.condition_id, o.token_id, o.status, o.created_at, o.max_cost, o.size, o.limit_price";
const POSITION = "id, condition_id, token_id, status, size, cost, fees, realised_pnl, mark_price, closed_at";

/** Cached statements (bun:sqlite's statement cache), only the columns the book reads. */
function statements(sqlite: Database) {
  return {
    generation: sqlite.query<{ value: number }, []>("SELECT value FROM risk_generation WHERE id = 1"),
    stops: sqlite.query<{ key: string; value: string }, [string, string, string]>("SELECT key, value FROM state WHERE key IN (?1, ?2, ?3)"),
    positions: sqlite.query<PositionRow, [TradeMode]>(`SELECT ${POSITION} FROM positions WHERE mode = ?`),
    orderTimes: sqlite.query<{ condition_id: string; at: number }, [TradeMode]>("SELECT condition_id, MAX(created_at) AS at FROM orders WHERE mode = ? GROUP BY condition_id"),
    unresolved: sqlite.query<OrderRow, [TradeMode]>(`SELECT ${ORDER} FROM orders o WHERE o.mode = ? AND o.status IN (${list(UNRESOLVED)})`),
    settling: sqlite.query<SettlingRow, [TradeMode]>(
      `SELECT ${ORDER}, f.id AS fill_id, f.status AS fill_status, f.size AS fill_size, f.price AS fill_price, f.fee FROM fills f JOIN orders o ON o.id = f.order_id
       WHERE o.mode = ? AND o.status NOT IN (${list(UNRESOLVED)}) AND f.status IN (${list(UNSETTLED_FILLS)}) ORDER BY f.order_id`,
    ),
    order: sqlite.query<OrderRow, [number]>(`SELECT ${ORDER} FROM orders o WHERE o.id = ?`),
    fillsOf: sqlite.query<FillRow, [number]>("SELECT id, status, size, price, fee FROM fills WHERE order_id = ?"),
    positionOf: sqlite.query<PositionRow, [TradeMode, string]>(`SELECT ${POSITION} FROM positions WHERE mode = ? AND token_id = ?`),
  };
}

type Touched = { order: OrderRow; fills: FillRow[]; position: PositionRow | null };
/** What a write changed: the orders it names, and the counter before and after it. */
type Written = { ids: readonly number[]; before: number | undefined; after: number | undefined };

export class StoreRiskState {
  private readonly q: ReturnType<typeof statements>;
  private readonly books = new Map<TradeMode, { generation: number; book: RiskBook }>();
  /** Inside `write`'s transaction: the generation it started at (committed, nothing written yet). */
  private writing?: { before: number | undefined };
  /** A committed write whose orders are not yet applied to the books (`catchUp`). */
  private deferred?: Written;

  constructor(private readonly store: { db: StoreDb; sqlite: Database }) {
    this.q = statements(store.sqlite);
  }

  /** The guardian's state for `mode` (inside the caller's transaction when there is one). */
  load(mode: TradeMode, limits: RiskLimits, now: Date): RiskState {
    // Outside a transaction the book is read in one read transaction: a consistent, committed snapshot.
    const book = this.store.sqlite.inTransaction ? this.book(mode, false) : this.store.sqlite.transaction(() => this.book(mode, true))();
    const stops = new Map(this.q.stops.all(KILL_SWITCH_KEY, haltKey(mode), hwmKey(mode)).map((row) => [row.key, parseJson(row.value)]));
    const base: RiskState = {
      ...book.state(startOfUtcDay(now).getTime()),
      highWaterMark: limits.bankroll,
      killSwitch: stopFrom(stops.get(KILL_SWITCH_KEY), UNREADABLE_KILL_SWITCH),
      halt: stopFrom(stops.get(haltKey(mode)), UNREADABLE_HALT),
    };
    const current = equity(base, limits);
    let hwm = highWaterMarkFrom(stops.get(hwmKey(mode))) ?? limits.bankroll;
    if (current.gt(hwm)) {
      hwm = current;
      setHighWaterMark(this.store.db, mode, hwm, now);
    }
    return { ...base, highWaterMark: hwm };
  }

  /**
   * Runs `fn` in one write transaction (BEGIN IMMEDIATE), handing it the database itself: on this
   * connection its statements run inside the transaction, and prepared ones stay prepared
   * (core/store/prepared.ts). `touched` names the orders it inserted or changed; once committed,
   * their rows, fills and token positions are read back and applied to the cached books (`catchUp`)
   * — at once, or with `deferApply` at the next read or write (a live intent's: after the order has
   * left, not before). `fn` must change nothing else the guardian reads (a position settled, another
   * order) — or the next load finds the counter moved and rebuilds.
   */
  write<T>(fn: (db: StoreDb) => T, touched: (result: T) => readonly number[], options: { deferApply?: boolean } = {}): T {
    if (this.store.sqlite.inTransaction) throw new TypeError("StoreRiskState.write opens its own transaction; it cannot run inside another");
    let written: Written | undefined;
    const result: T = withTransaction(this.store.db, () => {
      this.catchUp();
      const before = this.generation();
      this.writing = { before };
      try {
        const out = fn(this.store.db);
        written = { ids: touched(out), before, after: this.generation() };
        return out;
      } finally {
        this.writing = undefined;
      }
    });
    this.deferred = written;
    if (!options.deferApply) this.store.sqlite.transaction(() => this.catchUp())();
    return result;
  }

  /**
   * Applies the last write's orders to the books that were current before it: their rows (with
   * fills and token positions) read now, which is the state the write committed while the counter
   * still reads what it left. A book the write did not start from, or a counter moved since by
   * anyone else, drops the books (the next load rebuilds). Runs inside a transaction, first thing
   * whenever the books are read or written.
   */
  private catchUp(): void {
    const written = this.deferred;
    if (!written) return;
    this.deferred = undefined;
    const { ids, before, after } = written;
    if (before === undefined || after === undefined || this.generation() !== after) {
      this.books.clear();
      return;
    }
    try {
      const rows = ids.map((id) => this.touchedRow(id));
      for (const [mode, entry] of this.books) {
        if (entry.generation !== before) {
          this.books.delete(mode);
          continue;
        }
        for (const row of rows) if (row.order.mode === mode) this.apply(entry.book, row);
        entry.generation = after;
      }
    } catch (error) {
      this.books.clear();
      throw error;
    }
  }

  private generation(): number | undefined {
    return this.q.generation.get()?.value;
  }

  /** The book as the store (this transaction) has it: the cached one while the counter has not moved. */
  private book(mode: TradeMode, snapshot: boolean): RiskBook {
    this.catchUp();
    const generation = this.generation();
    const cached = this.books.get(mode);
    if (cached && generation !== undefined && cached.generation === generation) return cached.book;
    const book = this.rebuild(mode);
    // Only a committed state is cached: a read snapshot, or `write`'s transaction before it wrote.
    // Inside someone else's transaction the rows may be uncommitted (and rolled back).
    const committed = snapshot || (this.writing !== undefined && this.writing.before === generation);
    if (committed && generation !== undefined) this.books.set(mode, { generation, book });
    return book;
  }

  private rebuild(mode: TradeMode): RiskBook {
    const book = new RiskBook();
    for (const row of this.q.positions.all(mode)) book.setPosition(this.position(row));
    for (const row of this.q.orderTimes.all(mode)) book.noteOrderTime(row.condition_id, row.at);
    for (const row of this.q.unresolved.all(mode)) book.setOrder(this.order(row), []);
    let current: { order: OrderRow; fills: FillFacts[] } | undefined;
    for (const row of this.q.settling.all(mode)) {
      if (current?.order.id !== row.id) {
        if (current) book.setOrder(this.order(current.order), current.fills);
        current = { order: row, fills: [] };
      }
      current.fills.push(this.fill({ id: row.fill_id, status: row.fill_status, size: row.fill_size, price: row.fill_price, fee: row.fee }));
    }
    if (current) book.setOrder(this.order(current.order), current.fills);
    return book;
  }

  private touchedRow(id: number): Touched {
    const order = this.q.order.get(id);
    if (!order) throw new Error(`risk state: order ${id} reported as written is not in the store`);
    return { order, fills: this.q.fillsOf.all(id), position: this.q.positionOf.get(order.mode, order.token_id) };
  }

  private apply(book: RiskBook, row: Touched): void {
    book.setOrder(
      this.order(row.order),
      row.fills.map((fill) => this.fill(fill)),
    );
    if (row.position) book.setPosition(this.position(row.position));
  }

  private order(row: OrderRow): OrderFacts {
    // Older rows without a max cost reserve size × limit × 2: generous, never too little.
    const reserve = row.max_cost !== null ? dec(row.max_cost) : dec(row.size).times(dec(row.limit_price)).times(2);
    return { id: row.id, conditionId: row.condition_id, tokenId: row.token_id, status: row.status, createdAt: row.created_at, reserve };
  }

  private fill(row: FillRow): FillFacts {
    return { id: row.id, status: row.status, amount: buyCost(dec(row.size), dec(row.price)).plus(dec(row.fee)) };
  }

  private position(row: PositionRow): PositionFacts {
    return {
      id: row.id,
      conditionId: row.condition_id,
      tokenId: row.token_id,
      status: row.status,
      size: dec(row.size),
      cost: dec(row.cost),
      fees: dec(row.fees),
      realisedPnl: dec(row.realised_pnl),
      markPrice: row.mark_price === null ? null : dec(row.mark_price),
      closedAt: row.closed_at,
    };
  }
}

const dec = (text: string) => new Decimal(text);

/** A state value's JSON; text that is not JSON reads as null (a stop then fails closed). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const readers = new WeakMap<Database, StoreRiskState>();

type Target = Store | StoreDb;

/** The reader of this connection (one per connection, so its cache and its own writes agree). */
export function storeRiskState(target: Target): StoreRiskState {
  const store = "sqlite" in target ? target : { db: target, sqlite: (target as unknown as { $client?: Database }).$client };
  if (!store.sqlite) throw new TypeError("loadRiskState needs the store or its database, not a transaction: pass the store (same connection, same transaction)");
  let reader = readers.get(store.sqlite);
  if (!reader) readers.set(store.sqlite, (reader = new StoreRiskState(store as { db: StoreDb; sqlite: Database })));
  return reader;
}

export function loadRiskState(target: Target, mode: TradeMode, limits: RiskLimits, now: Date): RiskState {
  return storeRiskState(target).load(mode, limits, now);
}
