/**
 * CLOB public market-info endpoints under `/clob`: `GET /tick-size`, `/neg-risk`, `/fee-rate`
 * (`base_fee`, a legacy field, not the fee rate), `/clob-markets/:conditionId` (the compact form the
 * official client caches tick, neg-risk and fee curve from), `/markets/:conditionId` and `/markets`
 * (classic objects), `/markets-by-token/:tokenId`, `/prices-history`, `/time` (unix seconds),
 * `/version` (2: the official client then signs V2 orders) and `/ok`.
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
const END_CURSOR = "LTE=";
const PAGE = 500;

const marketNotFound = () => json({ error: "market not found" }, 404);

export function registerClobMarkets(app: SandboxInstance, catalog: Catalog, books: MakerBooks): void {
  const now = () => app.clock.now();
  const tickOf = (market: CatalogMarket) => Number(books.tickSize(market.tokenIds[0], Math.min(now(), market.end - 1)) ?? market.tickSize);

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

  const classic = (market: CatalogMarket) => {
    const t = now();
    const tokens = market.tokenIds.map((token, i) => {
      const book = t < market.end ? books.book(token, t) : undefined;
      const mid = book ? (topOfBook(book).mid ?? Number(book.lastTradePrice)) : market.winner === undefined ? 0.5 : market.winner === i ? 1 : 0;
      return { token_id: token, outcome: market.outcomes[i], price: mid, winner: market.winner === i };
    });
    return {
      enable_order_book: true,
      active: true,
      closed: market.winner !== undefined,
      archived: false,
      accepting_orders: t < market.end,
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
      rewards: { rates: null, min_size: 0, max_spread: 0 },
      is_50_50_outcome: false,
      tokens,
      tags: market.event.tags.map((tag) => tag.label),
    };
  };

  app.route(SERVICE, "GET", "/markets/:conditionId", ({ params }) => {
    const market = catalog.byCondition(params.conditionId!);
    return market ? classic(market) : marketNotFound();
  });

  app.route(SERVICE, "GET", "/markets", ({ url }) => {
    const cursor = url.searchParams.get("next_cursor") ?? "";
    const offset = cursor === "" ? 0 : Number(atob(cursor)) || 0;
    const all = catalog.list(now());
    const data = all.slice(offset, offset + PAGE).map(classic);
    const next = offset + PAGE >= all.length ? END_CURSOR : btoa(String(offset + PAGE));
    return { limit: PAGE, count: data.length, next_cursor: next, data };
  });

  app.route(SERVICE, "GET", "/markets-by-token/:tokenId", ({ params }) => {
    const market = catalog.byToken(params.tokenId!);
    return market ? { condition_id: market.conditionId, primary_token_id: market.tokenIds[0], secondary_token_id: market.tokenIds[1] } : marketNotFound();
  });

  app.route(SERVICE, "GET", "/prices-history", ({ url }) => {
    const market = catalog.byToken(url.searchParams.get("market") ?? "");
    if (!market) return { history: [] };
    const index = market.tokenIds[0] === url.searchParams.get("market") ? 0 : 1;
    const fidelity = Math.max(1, Number(url.searchParams.get("fidelity") ?? 1) || 1) * 60_000;
    const interval: Record<string, number> = { "1m": 60_000, "1h": 3_600_000, "6h": 21_600_000, "1d": 86_400_000, "1w": 604_800_000 };
    const endTs = url.searchParams.get("endTs");
    const startTs = url.searchParams.get("startTs");
    const to = Math.min(now(), market.end, endTs ? Number(endTs) * 1000 : Infinity);
    const span = interval[url.searchParams.get("interval") ?? ""];
    const from = Math.max(market.listedFrom, startTs ? Number(startTs) * 1000 : span ? to - span : market.listedFrom);
    const history: { t: number; p: number }[] = [];
    for (let t = Math.ceil(from / fidelity) * fidelity; t <= to && history.length < 2000; t += fidelity) {
      const first = books.makersFair(market, t);
      history.push({ t: Math.floor(t / 1000), p: Number((index === 0 ? first : 1 - first).toFixed(4)) });
    }
    return { history };
  });

  app.route(SERVICE, "GET", "/time", () => Math.floor(now() / 1000));
  app.route(SERVICE, "GET", "/version", () => ({ version: 2 }));
  app.route(SERVICE, "GET", "/ok", () => "OK");
}
