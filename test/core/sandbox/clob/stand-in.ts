/**
 * Test fixture: a minimal stand-in for the catalog and makers' books (S2's part), with fixed levels,
 * so the CLOB's private side can be tested on its own. Registers the public CLOB reads the official
 * client needs before it signs (`/book`, `/tick-size`, `/neg-risk`, `/clob-markets`,
 * `/markets-by-token`, `/version`, `/time`). Books list levels worst-first, as the live REST book does.
 */
import { startSandbox, type SandboxHandle, type SandboxInstance } from "../../../../core/sandbox/server.ts";
import { registerClob } from "../../../../core/sandbox/clob/index.ts";
import { DEFAULT_SANDBOX_OPTIONS, type SandboxOptions } from "../../../../core/sandbox/options.ts";
import type { BookLevel, BookModel, MarketCatalog, OrderBook, SandboxMarket } from "../../../../core/sandbox/types.ts";

export const FEE = { rate: "0.072", exponent: 1, takerOnly: true, rebateRate: "0.2" };

/** Makers' levels of the first outcome, best first; the second outcome mirrors them. */
export const ASKS: BookLevel[] = [
  { price: "0.53", size: "100" },
  { price: "0.54", size: "200" },
  { price: "0.55", size: "300" },
];
export const BIDS: BookLevel[] = [
  { price: "0.51", size: "100" },
  { price: "0.50", size: "200" },
  { price: "0.49", size: "300" },
];

function market(id: string, start: number, end: number, negRisk: boolean, winner?: 0 | 1): SandboxMarket {
  const digits = (n: number) => `${n}${"7".repeat(70)}${id.length}`;
  return {
    id,
    conditionId: `0x${id.padStart(64, "0")}`,
    slug: `btc-updown-15m-${Math.floor(start / 1000)}-${id}`,
    question: `Bitcoin Up or Down - stand-in ${id}`,
    description: "stand-in market",
    symbol: "BTC",
    kind: "updown",
    window: "15m",
    windowStart: start,
    end,
    outcomes: ["Up", "Down"],
    tokenIds: [digits(Number(id) * 2 + 1), digits(Number(id) * 2 + 2)],
    tickSize: "0.01",
    minSize: "5",
    negRisk,
    fee: FEE,
    settlement: "chainlink",
    winner,
  };
}

class StandInBooks implements BookModel {
  readonly taken = new Map<string, number>();
  /** The first outcome's levels (tests move them to make makers "requote"). */
  levels = { bids: BIDS, asks: ASKS };
  constructor(private readonly catalog: StandInCatalog) {}

  book(tokenId: string, t: number): OrderBook | undefined {
    const found = this.catalog.byToken(tokenId);
    if (!found || t >= found.end) return undefined;
    const first = found.tokenIds[0] === tokenId;
    const flip = (levels: BookLevel[]) => levels.map((level) => ({ price: (1 - Number(level.price)).toFixed(2), size: level.size }));
    const bids = first ? this.levels.bids : flip(this.levels.asks);
    const asks = first ? this.levels.asks : flip(this.levels.bids);
    const left = (side: string, levels: BookLevel[]) =>
      levels.map((level) => ({ price: level.price, size: String(Number(level.size) - (this.taken.get(`${tokenId}:${side}:${level.price}`) ?? 0)) })).filter((level) => Number(level.size) > 0);
    return { tokenId, conditionId: found.conditionId, bids: left("bids", bids), asks: left("asks", asks), timestamp: t, hash: "", tickSize: found.tickSize, minSize: found.minSize, negRisk: found.negRisk, lastTradePrice: "0.52" };
  }

  consume(tokenId: string, side: "BUY" | "SELL", fills: BookLevel[]): void {
    for (const fill of fills) {
      const key = `${tokenId}:${side === "BUY" ? "asks" : "bids"}:${fill.price}`;
      this.taken.set(key, (this.taken.get(key) ?? 0) + Number(fill.size));
    }
  }

  noteTrade(): void {}
}

class StandInCatalog implements MarketCatalog {
  constructor(readonly markets: SandboxMarket[]) {}
  list(): SandboxMarket[] {
    return this.markets;
  }
  byToken(tokenId: string) {
    return this.markets.find((m) => m.tokenIds.includes(tokenId));
  }
  byCondition(conditionId: string) {
    return this.markets.find((m) => m.conditionId === conditionId);
  }
  bySlug(slug: string) {
    return this.markets.find((m) => m.slug === slug);
  }
}

export type StandInVenue = SandboxHandle & { open: SandboxMarket; negRisk: SandboxMarket; closed: SandboxMarket; books: StandInBooks };

export async function startStandInVenue(overrides: Partial<SandboxOptions> = {}): Promise<StandInVenue> {
  const startAt = overrides.startAt ?? DEFAULT_SANDBOX_OPTIONS.startAt;
  const open = market("1", startAt, startAt + 15 * 60_000, false);
  const negRisk = market("2", startAt, startAt + 60 * 60_000, true);
  const closed = market("3", startAt - 15 * 60_000, startAt - 1, false, 0);
  const catalog = new StandInCatalog([open, negRisk, closed]);
  const books = new StandInBooks(catalog);
  const register = (app: SandboxInstance) => {
    app.markets = catalog;
    app.books = books;
    const find = (url: URL) => catalog.byToken(url.searchParams.get("token_id") ?? "");
    app.route("clob", "GET", "/book", ({ url }) => {
      const found = find(url);
      const book = found && books.book(url.searchParams.get("token_id")!, app.clock.now());
      if (!book) return Response.json({ error: "No orderbook exists for the requested token id" }, { status: 404 });
      const resting = app.exchange?.restingLevels(book.tokenId) ?? { bids: [], asks: [] };
      const worstFirst = (levels: BookLevel[], descending: boolean) => [...levels].sort((a, b) => (descending ? Number(b.price) - Number(a.price) : Number(a.price) - Number(b.price)));
      return {
        market: book.conditionId,
        asset_id: book.tokenId,
        timestamp: String(book.timestamp),
        hash: "stand-in",
        bids: worstFirst([...book.bids, ...resting.bids], false),
        asks: worstFirst([...book.asks, ...resting.asks], true),
        min_order_size: book.minSize,
        tick_size: book.tickSize,
        neg_risk: book.negRisk,
        last_trade_price: book.lastTradePrice,
      };
    });
    app.route("clob", "GET", "/tick-size", ({ url }) => ({ minimum_tick_size: Number(find(url)?.tickSize ?? 0.01) }));
    app.route("clob", "GET", "/neg-risk", ({ url }) => ({ neg_risk: find(url)?.negRisk ?? false }));
    app.route("clob", "GET", "/markets-by-token/:tokenId", ({ params }) => ({ condition_id: catalog.byToken(params.tokenId!)?.conditionId }));
    app.route("clob", "GET", "/clob-markets/:conditionId", ({ params }) => {
      const found = catalog.byCondition(params.conditionId!)!;
      return { c: found.conditionId, t: found.tokenIds.map((t, i) => ({ t, o: found.outcomes[i] })), mos: Number(found.minSize), mts: Number(found.tickSize), nr: found.negRisk, fd: { r: Number(FEE.rate), e: FEE.exponent, to: true } };
    });
    app.route("clob", "GET", "/version", () => ({ version: 2 }));
    app.route("clob", "GET", "/time", () => Math.floor(app.clock.now() / 1000));
  };
  const handle = await startSandbox({ port: 0, speed: 0, ...overrides }, [register, registerClob]);
  return { ...handle, open, negRisk, closed, books };
}
