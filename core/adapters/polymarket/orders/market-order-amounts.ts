/**
 * The maker and taker amounts of a marketable order exactly as @polymarket/clob-client-v2 1.1.0
 * computes them (`getMarketOrderRawAmounts` and viem's `parseUnits`), so an order signed here is
 * the order the official client would sign. That arithmetic is the client's, in binary floating
 * point, and is reproduced as such on purpose: on the 0.0001 tick at extreme prices it can differ
 * from the exact decimal plan (e.g. $45.33 at 0.0001 → 453299.999999 shares, not 453300). The live
 * executor compares these amounts with the Decimal plan and refuses the order when they differ.
 */

/** The client's rounding config: decimals allowed on the price, the size and the computed amount. */
const ROUNDING: Readonly<Record<string, { price: number; size: number; amount: number }>> = {
  "0.1": { price: 1, size: 2, amount: 3 },
  "0.01": { price: 2, size: 2, amount: 4 },
  "0.005": { price: 3, size: 2, amount: 5 },
  "0.0025": { price: 4, size: 2, amount: 6 },
  "0.001": { price: 3, size: 2, amount: 5 },
  "0.0001": { price: 4, size: 2, amount: 6 },
};

/** Collateral and outcome tokens both have 6 decimals on the wire. */
const UNIT_DECIMALS = 6;

function decimalPlaces(value: number): number {
  if (Number.isInteger(value)) return 0;
  const fraction = value.toString().split(".")[1];
  return fraction === undefined ? 0 : fraction.length;
}

function roundDown(value: number, places: number): number {
  return decimalPlaces(value) <= places ? value : Math.floor(value * 10 ** places) / 10 ** places;
}

function roundUp(value: number, places: number): number {
  return decimalPlaces(value) <= places ? value : Math.ceil(value * 10 ** places) / 10 ** places;
}

/** `parseUnits(String(value), 6)` for the amounts this module produces (at most 6 decimals, ≥ 0). */
function toUnits(value: number): string {
  const match = /^(\d+)(?:\.(\d{1,6}))?$/.exec(value.toString());
  if (!match) throw new RangeError(`amount ${value} cannot be written in ${UNIT_DECIMALS}-decimal units`);
  return `${match[1]}${(match[2] ?? "").padEnd(UNIT_DECIMALS, "0")}`.replace(/^0+(?=\d)/, "");
}

/**
 * A marketable BUY spending `amount` collateral up to `price` on a market with `tickSize`: maker
 * amount (collateral) and taker amount (shares) in 6-decimal units. Throws where the client throws:
 * an unknown tick size, or a price outside [tick, 1 − tick].
 */
export function marketBuyUnits(amount: string, price: string, tickSize: string): { makerAmount: string; takerAmount: string } {
  const config = ROUNDING[tickSize];
  if (!config) throw new RangeError(`tick size ${tickSize} is not one the venue uses`);
  const limit = Number(price);
  const tick = Number(tickSize);
  if (!(limit >= tick && limit <= 1 - tick)) throw new RangeError(`invalid price (${price}), min: ${tick} - max: ${1 - tick}`);
  const rawPrice = roundDown(limit, config.price);
  const maker = roundDown(Number(amount), config.size);
  let taker = maker / rawPrice;
  if (decimalPlaces(taker) > config.amount) {
    taker = roundUp(taker, config.amount + 4);
    if (decimalPlaces(taker) > config.amount) taker = roundDown(taker, config.amount);
  }
  return { makerAmount: toUnits(maker), takerAmount: toUnits(taker) };
}
