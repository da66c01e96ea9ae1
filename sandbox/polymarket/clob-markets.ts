/**
 * CLOB public market-info endpoints under `/clob`: `GET /tick-size`, `/neg-risk`, `/fee-rate`
 * (`base_fee`, a legacy field, not the fee rate), `/clob-markets/:conditionId` (the compact form the
 * official client caches tick, neg-risk and fee curve from), `/markets/:conditionId` (the classic
 * object; the paged listings are clob-listings.ts), `/markets-by-token/:tokenId`, `/time` (unix
 * seconds), `/version` (2: the official client then signs V2 orders), and `/ok` and `/` (the V2 and
 * V1 clients' health checks).
 */
import { json, type SandboxInstance } from "../server.ts";
import type { MakerBooks } from "./books.ts";
import type { Catalog, CatalogMarket } from "./catalog.ts";
import { noBook } from "./clob-public.ts";
import { isoSeconds } from "./time-et.ts";
import { topOfBook } from "./wire.ts";

const SERVICE = "clob";
/** Legacy per-market base fee in bps that `/fee-rate` and the classic market object still report. */
const BASE_FEE_BPS = 1000;

const marketNotFound = () => json({ error: "market not found" }, 404);

/** The classic market object of `/markets/:conditionId` and the `/markets` pages, and its simplified form. */
export function marketViews(app: SandboxInstance, books: MakerBooks) {
  const now = () => app.clock.now();
  const tickOf = (market: CatalogMarket) => Number(books.tickSize(market.tokenIds[0], Math.min(now(), market.end - 1)) ?? market.tickSize);
  const tokens = (market: CatalogMarket) => {
    const t = now();
    return market.tokenIds.map((token, i) => {
      const book = t < market.end ? books.book(token, t) : undefined;
      const mid = book ? (topOfBook(book).mid ?? Number(book.lastTradePrice)) : market.winner === undefined ? 0.5 : market.winner === i ? 1 : 0;
      return { token_id: token, outcome: market.outcomes[i], price: mid, winner: market.winner === i };
    });
  };
  // No market has a liquidity-rewards programme in the sandbox; the venue shows such markets so.
  const rewards = { rates: null, min_size: 0, max_spread: 0 };
  const classic = (market: CatalogMarket) => ({
    enable_order_book: true,
    active: true,
    closed: market.winner !== undefined,
    archived: false,
    accepting_orders: now() < market.end,
    accepting_order_timestamp: isoSeconds(market.listedFrom),
    minimum_order_size: Number(market.minSize),
    minimum_tick_size: tickOf(market),
    condition_id: market.conditionId,
    question_id: market.questionId,
    question: market.question,
    description: market.description,
    market_slug: market.slug,
    end_date_iso: isoSeconds(market.end),
    game_start_time: null,
    seconds_delay: 0,
    fpmm: "",
    maker_base_fee: market.fee ? BASE_FEE_BPS : 0,
    taker_base_fee: market.fee ? BASE_FEE_BPS : 0,
    notifications_enabled: true,
    neg_risk: market.negRisk,
    neg_risk_market_id: "",
    neg_risk_request_id: "",
    icon: "",
    image: "",
    rewards,
    is_50_50_outcome: false,
    tokens: tokens(market),
    tags: market.event.tags.map((tag) => tag.label),
  });
  const simplified = (market: CatalogMarket) => ({
    condition_id: market.conditionId,
    rewards,
    tokens: tokens(market),
    active: true,
    closed: market.winner !== undefined,
    archived: false,
    accepting_orders: now() < market.end,
  });
  return { classic, simplified, tickOf };
}

export function registerClobMarkets(app: SandboxInstance, catalog: Catalog, books: MakerBooks): void {
  const now = () => app.clock.now();
  const { classic, tickOf } = marketViews(app, books);

  /** A fact about the market of `?token_id=`. */
  const perToken = (path: string, answer: (market: CatalogMarket) => unknown) =>
    app.route(SERVICE, "GET", path, ({ url }) => {
      const market = catalog.byToken(url.searchParams.get("token_id") ?? "");
      return market ? answer(market) : noBook();
    });
  perToken("/tick-size", (market) => ({ minimum_tick_size: tickOf(market) }));
  perToken("/neg-risk", (market) => ({ neg_risk: market.negRisk }));
  perToken("/fee-rate", (market) => ({ base_fee: market.fee ? BASE_FEE_BPS : 0 }));

  app.route(SERVICE, "GET", "/clob-markets/:conditionId", ({ params }) => {
    const market = catalog.byCondition(params.conditionId!);
    if (!market) return marketNotFound();
    return {
      c: market.conditionId,
      gst: null,
      r: null,
      t: market.tokenIds.map((token, i) => ({ t: token, o: market.outcomes[i] })),
      mos: Number(market.minSize),
      mts: tickOf(market),
      mbf: market.fee ? BASE_FEE_BPS : 0,
      tbf: market.fee ? BASE_FEE_BPS : 0,
      nr: market.negRisk,
      ao: now() < market.end,
      rfqe: false,
      ibce: false,
      fd: market.fee ? { r: Number(market.fee.rate), e: market.fee.exponent, to: market.fee.takerOnly } : { r: 0, e: 0, to: true },
    };
  });

  app.route(SERVICE, "GET", "/markets/:conditionId", ({ params }) => {
    const market = catalog.byCondition(params.conditionId!);
    return market ? classic(market) : marketNotFound();
  });

  app.route(SERVICE, "GET", "/markets-by-token/:tokenId", ({ params }) => {
    const market = catalog.byToken(params.tokenId!);
    return market ? { condition_id: market.conditionId, primary_token_id: market.tokenIds[0], secondary_token_id: market.tokenIds[1] } : marketNotFound();
  });

  app.route(SERVICE, "GET", "/time", () => Math.floor(now() / 1000));
  app.route(SERVICE, "GET", "/version", () => ({ version: 2 }));
  app.route(SERVICE, "GET", "/ok", () => "OK");
  app.route(SERVICE, "GET", "/", () => "OK");
}
