/**
 * The market catalog (`app.markets`): recurring crypto series generated from simulated time, for
 * BTC, ETH, SOL and XRP — 5m and 15m Up/Down windows (Chainlink-settled), hourly Up/Down windows
 * and daily "above $K" strike ladders (Binance-settled). Each listing holds the current window, the
 * next ones and the recently closed (resolved) ones. Markets are created once and remembered, so
 * lookups by token, condition or slug keep working after a market leaves the listing.
 */
import { createRng } from "../rng.ts";
import type { SandboxInstance } from "../server.ts";
import type { SandboxMarket } from "../types.ts";
import { conditionId, eventId, marketId, questionId, tokenIds } from "./ids.ts";
import { resolveIfDue } from "./resolution.ts";
import { ABOVE, dollars, type GammaTag, type SeriesKind, SYMBOLS, type SymbolInfo, strikeSlug, strikeStep, TAGS, UPDOWN_SERIES } from "./series.ts";
import { aboveEventTexts, aboveMarketTexts, binanceUrl, hourlyTexts, type MarketTexts, shortWindowTexts } from "./texts.ts";
import { etParts, etWallToUtc, shiftDate } from "./time-et.ts";

type SeriesRef = { id: string; ticker: string; slug: string; title: string; recurrence: string };

export type CatalogEvent = {
  id: string;
  slug: string;
  title: string;
  description: string;
  resolutionSource: string;
  symbol: string;
  seriesKind: SeriesKind;
  windowStart: number;
  end: number;
  /** When the event first appears in listings (Gamma `startDate`). */
  listedFrom: number;
  tags: GammaTag[];
  series: SeriesRef;
  markets: CatalogMarket[];
};

export type CatalogMarket = SandboxMarket & {
  event: CatalogEvent;
  seriesKind: SeriesKind;
  listedFrom: number;
  questionId: string;
  resolutionSource: string;
  /** Strike label of an "above" market within its event: "96,000". */
  groupItemTitle?: string;
  /** Simulated traded volume (USDC) so far. */
  baseVolume: number;
};

const FEE = { rate: "0.072", exponent: 1, takerOnly: true, rebateRate: "0.2" };

export class Catalog {
  private readonly events = new Map<string, CatalogEvent>();
  private readonly slugs = new Map<string, CatalogMarket>();
  private readonly tokens = new Map<string, CatalogMarket>();
  private readonly conditions = new Map<string, CatalogMarket>();
  private cache?: { minute: number; events: CatalogEvent[] };

  constructor(private readonly app: Pick<SandboxInstance, "options" | "prices" | "clock">) {}

  /** Events listed at t (current, upcoming and recently closed), with due markets resolved. */
  listEvents(t: number): CatalogEvent[] {
    const minute = Math.floor(t / 60_000);
    if (this.cache?.minute !== minute) this.cache = { minute, events: this.generate(t) };
    for (const event of this.cache.events) for (const market of event.markets) resolveIfDue(market, this.app.prices, t);
    return this.cache.events;
  }

  list(t: number): CatalogMarket[] {
    return this.listEvents(t).flatMap((event) => event.markets);
  }

  eventBySlug(slug: string): CatalogEvent | undefined {
    return this.lookup(() => this.events.get(slug));
  }

  byToken(tokenId: string): CatalogMarket | undefined {
    return this.lookup(() => this.tokens.get(tokenId));
  }

  byCondition(id: string): CatalogMarket | undefined {
    return this.lookup(() => this.conditions.get(id.toLowerCase()));
  }

  bySlug(slug: string): CatalogMarket | undefined {
    return this.lookup(() => this.slugs.get(slug));
  }

  /** Every event ever listed up to t (old windows stay addressable, as on Gamma), resolved where due. */
  allEvents(t: number): CatalogEvent[] {
    this.listEvents(t);
    const events = [...this.events.values()];
    for (const event of events) for (const market of event.markets) resolveIfDue(market, this.app.prices, t);
    return events;
  }

  /** Every market ever listed up to t, resolved where due. */
  all(t: number): CatalogMarket[] {
    return this.allEvents(t).flatMap((event) => event.markets);
  }

  /** Finds a market or event, generating the current listing first if needed, and resolves its markets where due. */
  private lookup<T extends CatalogMarket | CatalogEvent>(find: () => T | undefined): T | undefined {
    const now = this.app.clock.now();
    let found = find();
    if (found === undefined) {
      this.listEvents(now);
      found = find();
    }
    const markets = found === undefined ? [] : "markets" in found ? found.markets : [found as CatalogMarket];
    for (const market of markets) resolveIfDue(market, this.app.prices, now);
    return found;
  }

  private generate(t: number): CatalogEvent[] {
    const out: CatalogEvent[] = [];
    SYMBOLS.forEach((info, index) => {
      for (const series of UPDOWN_SERIES) {
        const current = Math.floor(t / series.lengthMs) * series.lengthMs;
        for (let k = -series.behind; k <= series.ahead; k++) out.push(this.updownEvent(info, index, series, current + k * series.lengthMs));
      }
      if (!this.app.prices) return;
      const today = etParts(t);
      const noonToday = etWallToUtc(today.year, today.month, today.day, 12);
      const endDay = t < noonToday ? today : shiftDate(today.year, today.month, today.day, 1);
      const end = etWallToUtc(endDay.year, endDay.month, endDay.day, 12);
      const previousDay = shiftDate(endDay.year, endDay.month, endDay.day, -1);
      const previousEnd = etWallToUtc(previousDay.year, previousDay.month, previousDay.day, 12);
      if (t < previousEnd + ABOVE.retentionMs) {
        const before = shiftDate(previousDay.year, previousDay.month, previousDay.day, -1);
        out.push(this.aboveEvent(info, index, etWallToUtc(before.year, before.month, before.day, 12), previousEnd));
      }
      out.push(this.aboveEvent(info, index, previousEnd, end));
    });
    return out;
  }

  private updownEvent(info: SymbolInfo, index: number, series: (typeof UPDOWN_SERIES)[number], windowStart: number): CatalogEvent {
    const end = windowStart + series.lengthMs;
    const texts = series.kind === "1h" ? hourlyTexts(info, windowStart) : shortWindowTexts(info, series.kind, windowStart, end);
    const existing = this.events.get(texts.slug);
    if (existing) return existing;
    const listedFrom = windowStart - series.ahead * series.lengthMs;
    const recurrence = series.kind === "1h" ? "hourly" : series.kind;
    const seriesSlug = series.kind === "1h" ? `${info.name.toLowerCase()}-up-or-down-hourly` : `${info.short}-up-or-down-${series.kind}`;
    const event: CatalogEvent = {
      id: eventId(windowStart, index, series.slot),
      slug: texts.slug,
      title: texts.question,
      description: texts.description,
      resolutionSource: texts.resolutionSource,
      symbol: info.symbol,
      seriesKind: series.kind,
      windowStart,
      end,
      listedFrom,
      tags: [TAGS.crypto, TAGS.cryptoPrices, TAGS.upOrDown, series.tag, info.tag],
      series: { id: String(10_000 + index * 4 + series.slot), ticker: seriesSlug, slug: seriesSlug, title: `${info.name} Up or Down ${recurrence}`, recurrence },
      markets: [],
    };
    const settlement = series.kind === "1h" ? "binance" : "chainlink";
    event.markets.push(this.market(event, texts, { id: marketId(windowStart, index, series.slot), kind: "updown", window: series.kind, settlement, outcomes: ["Up", "Down"] }));
    return this.remember(event);
  }

  private aboveEvent(info: SymbolInfo, index: number, windowStart: number, end: number): CatalogEvent {
    const texts = aboveEventTexts(info, end);
    const existing = this.events.get(texts.slug);
    if (existing) return existing;
    const prices = this.app.prices!;
    const anchor = prices.truth(info.symbol, windowStart);
    const { step, decimals } = strikeStep(anchor);
    const centre = Math.round(anchor / step);
    const seriesSlug = `${info.name.toLowerCase()}-above-daily`;
    const event: CatalogEvent = {
      id: eventId(windowStart, index, ABOVE.firstSlot),
      slug: texts.slug,
      title: texts.title,
      description: texts.description,
      resolutionSource: binanceUrl(info),
      symbol: info.symbol,
      seriesKind: "above",
      windowStart,
      end,
      listedFrom: windowStart,
      tags: [TAGS.crypto, TAGS.cryptoPrices, TAGS.daily, info.tag],
      series: { id: String(10_000 + index * 4 + ABOVE.firstSlot), ticker: seriesSlug, slug: seriesSlug, title: `${info.name} above daily`, recurrence: "daily" },
      markets: [],
    };
    const half = Math.floor(ABOVE.strikes / 2);
    for (let i = 0; i < ABOVE.strikes; i++) {
      const strike = Number(((centre + i - half) * step).toFixed(decimals));
      if (strike <= 0) continue;
      const label = dollars(strike, decimals);
      const marketTexts = aboveMarketTexts(info, end, label, strikeSlug(strike, decimals));
      const market = this.market(event, marketTexts, {
        id: marketId(windowStart, index, ABOVE.firstSlot + i),
        kind: "above",
        settlement: "binance",
        outcomes: ["Yes", "No"],
        strike,
      });
      market.groupItemTitle = label.slice(1);
      event.markets.push(market);
    }
    return this.remember(event);
  }

  private market(
    event: CatalogEvent,
    texts: MarketTexts,
    shape: Pick<SandboxMarket, "id" | "kind" | "settlement" | "outcomes"> & { window?: string; strike?: number },
  ): CatalogMarket {
    const seed = this.app.options.seed;
    const rng = createRng(seed, `market:${texts.slug}`);
    const fineTick = (event.symbol === "SOL" && event.seriesKind === "5m") || rng.next() < 0.1;
    return {
      ...shape,
      conditionId: conditionId(seed, texts.slug),
      slug: texts.slug,
      question: texts.question,
      description: texts.description,
      resolutionSource: texts.resolutionSource,
      symbol: event.symbol,
      windowStart: event.windowStart,
      end: event.end,
      tokenIds: tokenIds(seed, texts.slug),
      tickSize: fineTick ? "0.001" : "0.01",
      minSize: "5",
      negRisk: false,
      fee: { ...FEE },
      event,
      seriesKind: event.seriesKind,
      listedFrom: event.listedFrom,
      questionId: questionId(seed, texts.slug),
      baseVolume: Math.round(rng.next() * 250_000) / 100 + 500,
    };
  }

  private remember(event: CatalogEvent): CatalogEvent {
    this.events.set(event.slug, event);
    for (const market of event.markets) {
      this.slugs.set(market.slug, market);
      this.conditions.set(market.conditionId, market);
      for (const token of market.tokenIds) this.tokens.set(token, market);
    }
    return event;
  }
}
