/**
 * A market's fair probabilities from already-fetched data; every input used is returned so the
 * opportunity can show it. Pure.
 *
 * Settlement basis: a Chainlink-settled window is priced against the settlement stream when a fresh
 * value of it is at hand, otherwise against the exchange price minus the oracle's live basis
 * (exchange − settlement); only without either is the raw exchange price used, and the record says
 * so. A Binance-settled market priced from a Binance quote is priced on its settlement source.
 */
import { Decimal, ONE } from "../decimal.ts";
import type { Market } from "../model/market.ts";
import type { OpportunityRecord } from "../records/opportunity.ts";
import { probAbove, probabilityText, probRange, probTouch, probUp, yearsBetween } from "./fair-value.ts";
import type { GuardFailure } from "./guards.ts";
import { type ReferencePrice, referenceKey } from "./reference-price.ts";
import { iso } from "./timestamps.ts";
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

type BasisMode = OpportunityRecord["settlement"]["basis"];
type Inputs = Record<string, string | number | boolean | null>;

export type Pricing = {
  /** Fair probability per outcome, in the market's outcome order. */
  fairs: Decimal[];
  model: string;
  /** Every input the model used, as strings. */
  inputs: Inputs;
  basis: BasisMode;
  priceTs: number;
  priceAgeMs: number;
};

type Spot = { price: Decimal; quote: SpotQuote; basis: BasisMode; correction?: Decimal };

/** The outcome the model's probability is for; the other one gets 1 − it. */
const YES = /^(up|yes)$/i;

const isFresh = (quote: SpotQuote | undefined, now: number, maxAgeMs: number) => quote !== undefined && now - quote.ts <= maxAgeMs;

function chooseSpot(market: Market, prices: SymbolPrices | undefined, now: number, maxAgeMs: number): Spot | GuardFailure {
  const exchange = prices?.exchange;
  const settlement = prices?.settlement;
  if (market.resolution.source === "chainlink") {
    if (isFresh(settlement, now, maxAgeMs)) return { price: settlement!.price, quote: settlement!, basis: "settlement" };
    if (isFresh(exchange, now, maxAgeMs) && prices?.basis !== undefined)
      return { price: exchange!.price.minus(prices.basis), quote: exchange!, basis: "exchange+basis", correction: prices.basis };
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
function reference(
  market: Market,
  spot: Spot,
  prices: SymbolPrices | undefined,
  ref: ReferencePrice,
  now: number,
  maxAgeMs: number,
): { open: Decimal; spot: Spot; corrected: boolean; basis?: Decimal } | GuardFailure {
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
  let kindInputs: Inputs;
  if (market.kind === "updown") {
    const start = market.window_start!;
    if (start > now) return { reason: "not_started", detail: `window opens at ${iso(start)}; its opening price is not known yet` };
    const ref = prices.refs.get(referenceKey(market.symbol, start, market.resolution.source));
    if (!ref) return { reason: "no_reference", detail: `no opening price for the window starting ${iso(start)}` };
    const onBasis = reference(market, spot, symbolPrices, ref, now, maxPriceAgeMs);
    if (isFailure(onBasis)) return onBasis;
    spot = onBasis.spot;
    kindInputs = {
      reference: onBasis.open.toString(),
      reference_raw: ref.price.toString(),
      reference_source: ref.source,
      reference_proxy: ref.proxy,
      reference_corrected: onBasis.corrected,
      reference_basis: onBasis.basis?.toString() ?? null,
      reference_ts: iso(ref.ts),
    };
    model = "updown-lognormal";
    p = probUp(spot.price.toNumber(), onBasis.open.toNumber(), vol.sigma, tYears);
  } else if (market.kind === "above") {
    kindInputs = { strike: market.strike!.toString() };
    model = "above-lognormal";
    p = probAbove(spot.price.toNumber(), market.strike!.toNumber(), vol.sigma, tYears);
  } else if (market.kind === "range") {
    kindInputs = { low: market.low!.toString(), high: market.high!.toString() };
    model = "range-lognormal";
    p = probRange(spot.price.toNumber(), market.low!.toNumber(), market.high!.toNumber(), vol.sigma, tYears);
  } else {
    kindInputs = { barrier: market.barrier!.toString(), direction: market.direction! };
    model = "touch-lognormal";
    p = probTouch(spot.price.toNumber(), market.barrier!.toNumber(), market.direction!, vol.sigma, tYears);
  }
  const inputs: Inputs = {
    sigma: vol.sigma.toFixed(6),
    sigma_source: vol.source,
    t_years: tYears.toPrecision(8),
    seconds_left: Math.round((market.end - now) / 1000),
    ...(vol.realised !== undefined ? { sigma_realised: vol.realised.toFixed(6) } : {}),
    ...kindInputs,
    spot: spot.price.toString(),
    spot_raw: spot.quote.price.toString(),
    spot_source: spot.quote.source,
    spot_ts: iso(spot.quote.ts),
    basis: spot.correction?.toString() ?? null,
  };
  const yes = new Decimal(probabilityText(p));
  return {
    fairs: market.outcomes.map((outcome) => (YES.test(outcome.label) ? yes : ONE.minus(yes))),
    model,
    inputs,
    basis: spot.basis,
    priceTs: spot.quote.ts,
    priceAgeMs: Math.max(0, now - spot.quote.ts),
  };
}
