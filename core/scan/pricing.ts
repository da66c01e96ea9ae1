/**
 * A market's fair probabilities from already-fetched data: which spot price to use (the settlement
 * stream, the exchange corrected by the live basis, or the exchange), the Up/Down opening reference
 * on the same basis, the volatility, and the model for the market's kind. Every input used is
 * returned so the opportunity can show it. Pure.
 *
 * Settlement basis: a Chainlink-settled window is priced against the settlement stream when a fresh
 * value of it is at hand, otherwise against the exchange price minus the oracle's live basis
 * (exchange − settlement); only without either is the raw exchange price used, and the record says
 * so. A Binance-settled market priced from a Binance quote is priced on its settlement source.
 */
import { Decimal } from "../decimal.ts";
import type { Market } from "../markets/types.ts";
import type { OpportunityRecord } from "../records/opportunity.ts";
import { FAIR_PLACES, probabilityText, probAbove, probRange, probTouch, probUp, yearsBetween } from "./fair-value.ts";
import { iso, textOf, toDouble } from "./conversions.ts";
import type { GuardFailure } from "./guards.ts";
import { referenceKey, type ReferencePrice } from "./reference-price.ts";
import type { VolEstimate } from "./volatility.ts";

export type SpotQuote = { price: Decimal; ts: number; source: string };

/** What pm-arb knows about one symbol's price at scan time. */
export type SymbolPrices = {
  /** The oracle's exchange price (priority or median). */
  exchange?: SpotQuote;
  /** The settlement stream's latest value (Chainlink via RTDS), kept apart from exchange prices. */
  settlement?: SpotQuote;
  /** The live basis: rolling median of exchange − settlement, in price units. */
  basis?: Decimal;
};

export type ScanPrices = {
  spot: ReadonlyMap<string, SymbolPrices>;
  vol: ReadonlyMap<string, VolEstimate>;
  /** Up/Down opening references keyed by `referenceKey(symbol, windowStart, settledBy)`. */
  refs: ReadonlyMap<string, ReferencePrice>;
};

export type BasisMode = OpportunityRecord["settlement"]["basis"];
export type Inputs = Record<string, string | number | boolean | null>;

export type Pricing = {
  /** Fair probability per outcome, in the market's outcome order (built on first read). */
  readonly fairs: Decimal[];
  /** The same as exact decimal texts (for the exact walk; built on first read) and as doubles (for the pre-screen only). */
  readonly fairTexts: string[];
  fairValues: number[];
  model: string;
  /** Every input the model used, as strings (built on first read). */
  readonly inputs: Inputs;
  basis: BasisMode;
  priceTs: number;
  priceAgeMs: number;
};

type Spot = { price: Decimal; quote: SpotQuote; basis: BasisMode; correction?: Decimal };

/** FAIR_PLACES as a scale. */
const MILLION = 10 ** FAIR_PLACES;
/** The outcome the model's probability is for; the other one gets 1 − it. */
const YES = /^(up|yes)$/i;

const isFresh = (quote: SpotQuote | undefined, now: number, maxAgeMs: number) => quote !== undefined && now - quote.ts <= maxAgeMs;

function chooseSpot(market: Market, prices: SymbolPrices | undefined, now: number, maxAgeMs: number): Spot | GuardFailure {
  const exchange = prices?.exchange;
  const settlement = prices?.settlement;
  if (market.resolution.source === "chainlink") {
    if (isFresh(settlement, now, maxAgeMs)) return { price: settlement!.price, quote: settlement!, basis: "settlement" };
    if (isFresh(exchange, now, maxAgeMs) && prices?.basis !== undefined) return { price: exchange!.price.minus(prices.basis), quote: exchange!, basis: "exchange+basis", correction: prices.basis };
    if (isFresh(exchange, now, maxAgeMs)) return { price: exchange!.price, quote: exchange!, basis: "exchange" };
  } else if (isFresh(exchange, now, maxAgeMs)) {
    const onSource = market.resolution.source === "binance" && exchange!.source === "binance";
    return { price: exchange!.price, quote: exchange!, basis: onSource ? "settlement" : "exchange" };
  }
  const newest = [exchange, settlement].filter((quote): quote is SpotQuote => quote !== undefined).sort((a, b) => b.ts - a.ts)[0];
  if (!newest) return { reason: "no_price", detail: `no ${market.symbol} price` };
  return { reason: "stale_price", detail: `newest ${market.symbol} price (${newest.source}) is ${now - newest.ts} ms old, above --max-price-age ${maxAgeMs} ms` };
}

/** Up/Down opening reference on the same basis as the spot; may switch the spot to the exchange basis. */
function reference(market: Market, spot: Spot, prices: SymbolPrices | undefined, ref: ReferencePrice, now: number, maxAgeMs: number): { open: Decimal; spot: Spot; corrected: boolean; basis?: Decimal } | GuardFailure {
  if (market.resolution.source !== "chainlink") return { open: ref.price, spot, corrected: false };
  if (!ref.proxy && spot.basis === "exchange") {
    // The opening value is the settlement stream's, the price now only an uncorrected exchange quote:
    // comparing them would price the structural basis as a move.
    return { reason: "no_price", detail: "the window opened on the settlement stream, but no fresh settlement value or basis is known to compare it with" };
  }
  if (!ref.proxy || spot.basis === "exchange") return { open: ref.price, spot, corrected: false };
  // A Binance candle standing in for the Chainlink opening value: put it on the settlement basis.
  const exchange = prices?.exchange;
  const settlement = prices?.settlement;
  const liveBasis = prices?.basis ?? (exchange && settlement && now - exchange.ts <= maxAgeMs ? exchange.price.minus(settlement.price) : undefined);
  if (liveBasis !== undefined) return { open: ref.price.minus(liveBasis), spot, corrected: true, basis: liveBasis };
  if (exchange && now - exchange.ts <= maxAgeMs) return { open: ref.price, spot: { price: exchange.price, quote: exchange, basis: "exchange" }, corrected: false };
  return { reason: "no_reference", detail: "the window's opening value is a Binance proxy and no basis is known to put it on the settlement stream's basis" };
}

const isFailure = (value: object): value is GuardFailure => "reason" in value;

export function priceMarket(market: Market, prices: ScanPrices, now: number, maxPriceAgeMs: number): Pricing | GuardFailure {
  const symbolPrices = prices.spot.get(market.symbol);
  const chosen = chooseSpot(market, symbolPrices, now, maxPriceAgeMs);
  if (isFailure(chosen)) return chosen;
  let spot = chosen;
  const vol = prices.vol.get(market.symbol);
  if (!vol) return { reason: "no_price", detail: `no volatility estimate for ${market.symbol} (give --vol)` };
  const tYears = yearsBetween(now, market.end);

  let p: number;
  let model: string;
  // The inputs as strings are only needed when an opportunity is written: built on first read.
  let kindInputs: () => Inputs;
  if (market.kind === "updown") {
    const start = market.window_start!;
    if (start > now) return { reason: "not_started", detail: `window opens at ${iso(start)}; its opening price is not known yet` };
    const ref = prices.refs.get(referenceKey(market.symbol, start, market.resolution.source));
    if (!ref) return { reason: "no_reference", detail: `no opening price for the window starting ${iso(start)}` };
    const onBasis = reference(market, spot, symbolPrices, ref, now, maxPriceAgeMs);
    if (isFailure(onBasis)) return onBasis;
    spot = onBasis.spot;
    kindInputs = () => ({ reference: textOf(onBasis.open), reference_raw: textOf(ref.price), reference_source: ref.source, reference_proxy: ref.proxy, reference_corrected: onBasis.corrected, reference_basis: onBasis.basis?.toString() ?? null, reference_ts: iso(ref.ts) });
    model = "updown-lognormal";
    p = probUp(toDouble(spot.price), toDouble(onBasis.open), vol.sigma, tYears);
  } else if (market.kind === "above") {
    kindInputs = () => ({ strike: market.strike!.toString() });
    model = "above-lognormal";
    p = probAbove(toDouble(spot.price), toDouble(market.strike!), vol.sigma, tYears);
  } else if (market.kind === "range") {
    kindInputs = () => ({ low: market.low!.toString(), high: market.high!.toString() });
    model = "range-lognormal";
    p = probRange(toDouble(spot.price), toDouble(market.low!), toDouble(market.high!), vol.sigma, tYears);
  } else {
    kindInputs = () => ({ barrier: market.barrier!.toString(), direction: market.direction! });
    model = "touch-lognormal";
    p = probTouch(toDouble(spot.price), toDouble(market.barrier!), market.direction!, vol.sigma, tYears);
  }
  const used = spot;

  const describe = (): Inputs => {
    const common: Inputs = { sigma: vol.sigma.toFixed(6), sigma_source: vol.source, t_years: tYears.toPrecision(8), seconds_left: Math.round((market.end - now) / 1000) };
    if (vol.realised !== undefined) common.sigma_realised = vol.realised.toFixed(6);
    return { ...common, ...kindInputs(), spot: textOf(used.price), spot_raw: textOf(used.quote.price), spot_source: used.quote.source, spot_ts: iso(used.quote.ts), basis: used.correction?.toString() ?? null };
  };
  return new MarketPricing(model, probabilityText(p), market.outcomes.map((outcome) => YES.test(outcome.label)), spot, now, describe);
}

/**
 * A market's pricing. The probability is exact at FAIR_PLACES as text, and so is 1 − it (in
 * millionths); the texts, the Decimals and the inputs are built only when something reads them.
 */
class MarketPricing implements Pricing {
  #fairTexts: string[] | undefined;
  #fairs: Decimal[] | undefined;
  #inputs: Inputs | undefined;
  readonly fairValues: number[];
  readonly basis: BasisMode;
  readonly priceTs: number;
  readonly priceAgeMs: number;
  constructor(
    readonly model: string,
    private readonly yes: string,
    private readonly isYes: boolean[],
    spot: Spot,
    now: number,
    private readonly describe: () => Inputs,
  ) {
    const value = Number(yes);
    this.fairValues = isYes.map((flag) => (flag ? value : 1 - value));
    this.basis = spot.basis;
    this.priceTs = spot.quote.ts;
    this.priceAgeMs = Math.max(0, now - spot.quote.ts);
  }
  get fairTexts(): string[] {
    if (this.#fairTexts) return this.#fairTexts;
    const no = ((MILLION - Math.round(Number(this.yes) * MILLION)) / MILLION).toFixed(FAIR_PLACES);
    return (this.#fairTexts = this.isYes.map((flag) => (flag ? this.yes : no)));
  }
  get fairs(): Decimal[] {
    return (this.#fairs ??= this.fairTexts.map((text) => new Decimal(text)));
  }
  get inputs(): Inputs {
    return (this.#inputs ??= this.describe());
  }
}
