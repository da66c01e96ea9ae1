/**
 * Gamma rows shaped like the live API's: camelCase fields, `outcomes` / `outcomePrices` /
 * `clobTokenIds` as JSON-encoded strings inside the JSON, numbers where Gamma sends numbers and
 * strings where it sends strings (`liquidity`, `volume`), `closedTime` in Gamma's own
 * `2026-06-04 00:34:19+00` form once closed. The `gamma:nulls` fault degrades rows, each row its
 * own way (fixed by its id): a null fee schedule, numbers as strings (the fee rate too), real
 * arrays instead of encoded strings, or missing optional fields.
 *
 * Assumed where no live row was at hand: `feeType` is "crypto_fees" on fee-enabled markets and
 * null otherwise; `makerBaseFee`/`takerBaseFee` are 1000 on fee-enabled markets and 0 otherwise;
 * `secondsDelay` is 0; `negRiskMarketID` appears only on neg-risk markets.
 */
import { hash32 } from "../rng.ts";
import type { MakerBooks } from "./books.ts";
import type { CatalogEvent, CatalogMarket } from "./catalog.ts";
import { settleTime } from "./resolution.ts";
import { isoSeconds } from "./time-et.ts";
import { topOfBook } from "./wire.ts";

export type Row = Record<string, unknown>;
export type RowContext = { now: number; books: MakerBooks; nulls: boolean };

const round = (value: number, places: number) => Number(value.toFixed(places));

/** A list encoded the way Gamma encodes it inside its JSON: `["Up", "Down"]` with a space. */
function encodeList(items: readonly string[]): string {
  return `[${items.map((item) => JSON.stringify(item)).join(", ")}]`;
}

function icon(symbol: string): string {
  return `https://polymarket-upload.s3.us-east-2.amazonaws.com/${symbol.toLowerCase()}-sandbox.png`;
}

/** What the market's books say now: top of book, outcome prices and resting liquidity. */
function marketState(market: CatalogMarket, ctx: RowContext) {
  const ended = ctx.now >= market.end;
  const resolved = market.winner !== undefined;
  const at = ended ? market.end - 1 : ctx.now;
  const books = market.tokenIds.map((token) => ctx.books.book(token, at));
  const tops = books.map((book) => (book ? topOfBook(book) : {}));
  const liquidity = books.reduce((sum, book) => sum + (book ? [...book.bids, ...book.asks].reduce((s, level) => s + Number(level.price) * Number(level.size), 0) : 0), 0);
  const mids = tops.map((top, i) => top.mid ?? Number(books[i]?.lastTradePrice ?? 0.5));
  const outcomePrices = resolved ? (market.winner === 0 ? ["1", "0"] : ["0", "1"]) : mids.map((mid) => String(round(mid, 4)));
  return { ended, resolved, top: tops[0]!, lastTrade: books[0]?.lastTradePrice, tick: books[0]?.tickSize ?? market.tickSize, liquidity, outcomePrices };
}

/** Gamma's `closedTime` form: `2026-06-04 00:34:19+00`. */
function gammaClosedTime(ms: number): string {
  return isoSeconds(ms).replace("T", " ").replace("Z", "+00");
}

function volume(market: CatalogMarket, now: number): number {
  const share = Math.min(1, Math.max(0.02, (now - market.listedFrom) / Math.max(1, market.end - market.listedFrom)));
  return round(market.baseVolume * share, 6);
}

export function marketRow(market: CatalogMarket, ctx: RowContext, withEvent = true): Row {
  const state = marketState(market, ctx);
  const vol = volume(market, ctx.now);
  const row: Row = {
    id: market.id,
    question: market.question,
    conditionId: market.conditionId,
    slug: market.slug,
    resolutionSource: market.resolutionSource,
    endDate: isoSeconds(market.end),
    startDate: isoSeconds(market.listedFrom),
    image: icon(market.symbol),
    icon: icon(market.symbol),
    description: market.description,
    outcomes: encodeList(market.outcomes),
    outcomePrices: encodeList(state.outcomePrices),
    volume: String(vol),
    liquidity: String(round(state.liquidity, 4)),
    active: true,
    closed: state.resolved,
    marketMakerAddress: "",
    createdAt: isoSeconds(market.listedFrom - 3_600_000),
    updatedAt: isoSeconds(ctx.now),
    new: false,
    featured: false,
    archived: false,
    restricted: true,
    groupItemTitle: market.groupItemTitle ?? "",
    questionID: market.questionId,
    enableOrderBook: true,
    orderPriceMinTickSize: Number(state.tick),
    orderMinSize: Number(market.minSize),
    volumeNum: vol,
    liquidityNum: round(state.liquidity, 4),
    endDateIso: isoSeconds(market.end).slice(0, 10),
    startDateIso: isoSeconds(market.listedFrom).slice(0, 10),
    volume24hr: vol,
    clobTokenIds: encodeList(market.tokenIds),
    volumeClob: vol,
    liquidityClob: round(state.liquidity, 4),
    acceptingOrders: !state.ended,
    negRisk: market.negRisk,
    ready: true,
    funded: true,
    acceptingOrdersTimestamp: isoSeconds(market.listedFrom),
    cyom: false,
    competitive: 0,
    approved: true,
    rewardsMinSize: 0,
    rewardsMaxSpread: 0,
    automaticallyActive: true,
    clearBookOnStart: true,
    manualActivation: false,
    negRiskOther: false,
    umaResolutionStatuses: "[]",
    pendingDeployment: false,
    deploying: false,
    rfqEnabled: false,
    holdingRewardsEnabled: false,
    feesEnabled: market.fee !== null,
    feeType: market.fee ? "crypto_fees" : null,
    makerBaseFee: market.fee ? 1000 : 0,
    takerBaseFee: market.fee ? 1000 : 0,
    secondsDelay: 0,
    feeSchedule: market.fee && {
      rate: Number(market.fee.rate),
      exponent: market.fee.exponent,
      takerOnly: market.fee.takerOnly,
      rebateRate: Number(market.fee.rebateRate),
    },
  };
  if (market.kind === "updown") row.eventStartTime = isoSeconds(market.windowStart);
  if (!state.ended) {
    if (state.top.bid !== undefined) row.bestBid = state.top.bid;
    if (state.top.ask !== undefined) row.bestAsk = state.top.ask;
    if (state.top.spread !== undefined) row.spread = round(state.top.spread, 4);
    if (state.lastTrade !== undefined) row.lastTradePrice = Number(state.lastTrade);
  }
  if (state.resolved) {
    row.umaResolutionStatus = "resolved";
    row.closedTime = gammaClosedTime(settleTime(market));
  }
  if (market.negRisk) row.negRiskMarketID = `0x${market.event.id.padStart(64, "0")}`;
  if (withEvent) row.events = [eventSummary(market.event, ctx)];
  return ctx.nulls ? degrade(row) : row;
}

function eventSummary(event: CatalogEvent, ctx: RowContext): Row {
  const closed = event.markets.every((market) => market.winner !== undefined);
  const row: Row = {
    id: event.id,
    ticker: event.slug,
    slug: event.slug,
    title: event.title,
    description: event.description,
    resolutionSource: event.resolutionSource,
    startDate: isoSeconds(event.listedFrom),
    creationDate: isoSeconds(event.listedFrom - 3_600_000),
    endDate: isoSeconds(event.end),
    image: icon(event.symbol),
    icon: icon(event.symbol),
    active: true,
    closed,
    archived: false,
    new: false,
    featured: false,
    restricted: true,
    createdAt: isoSeconds(event.listedFrom - 3_600_000),
    updatedAt: isoSeconds(ctx.now),
    competitive: 0,
    enableOrderBook: true,
    negRisk: false,
    commentCount: 0,
    cyom: false,
    showAllOutcomes: true,
    showMarketImages: false,
    enableNegRisk: false,
    automaticallyActive: true,
    seriesSlug: event.series.slug,
    negRiskAugmented: false,
    pendingDeployment: false,
    deploying: false,
  };
  if (event.seriesKind !== "above") row.eventStartTime = isoSeconds(event.windowStart);
  return row;
}

/** An event with its markets embedded, its series and tags. */
export function eventRow(event: CatalogEvent, ctx: RowContext): Row {
  const markets = event.markets.map((market) => marketRow(market, ctx, false));
  const sum = (field: string) => markets.reduce((total, row) => total + Number(row[field] ?? 0), 0);
  const volumeTotal = round(sum("volumeNum"), 6);
  const liquidityTotal = round(sum("liquidityNum"), 4);
  return {
    ...eventSummary(event, ctx),
    liquidity: liquidityTotal,
    volume: volumeTotal,
    openInterest: 0,
    volume24hr: volumeTotal,
    liquidityClob: liquidityTotal,
    markets,
    series: [{ ...event.series, seriesType: "single", active: true, closed: false }],
    tags: event.tags.map((tag) => ({ ...tag })),
  };
}

const NUMERIC_FIELDS = [
  "orderPriceMinTickSize",
  "orderMinSize",
  "volumeNum",
  "liquidityNum",
  "bestBid",
  "bestAsk",
  "lastTradePrice",
  "spread",
  "volume24hr",
  "volumeClob",
  "liquidityClob",
];
const OPTIONAL_FIELDS = [
  "eventStartTime",
  "bestBid",
  "bestAsk",
  "spread",
  "lastTradePrice",
  "volumeNum",
  "liquidityNum",
  "umaResolutionStatus",
  "negRisk",
  "feeSchedule",
  "groupItemTitle",
  "acceptingOrdersTimestamp",
];

/** The `gamma:nulls` fault: one degradation per row, chosen by its id. */
function degrade(row: Row): Row {
  switch (hash32(`nulls:${row.id}`) % 4) {
    case 0:
      row.feeSchedule = null;
      delete row.bestBid;
      delete row.bestAsk;
      break;
    case 1:
      for (const key of NUMERIC_FIELDS) if (typeof row[key] === "number") row[key] = String(row[key]);
      if (row.feeSchedule && typeof row.feeSchedule === "object") {
        const fee = row.feeSchedule as Row;
        row.feeSchedule = { ...fee, rate: String(fee.rate), exponent: String(fee.exponent), rebateRate: String(fee.rebateRate) };
        if (typeof row.liquidity === "string") row.liquidity = Number(row.liquidity);
      }
      break;
    case 2:
      for (const key of ["outcomes", "outcomePrices", "clobTokenIds"]) if (typeof row[key] === "string") row[key] = JSON.parse(row[key] as string);
      break;
    default:
      for (const key of OPTIONAL_FIELDS) delete row[key];
  }
  return row;
}
