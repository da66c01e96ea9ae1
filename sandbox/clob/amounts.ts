/**
 * Money at the venue: pUSD and outcome tokens both have 6 decimals, kept as integer micro-units
 * (bigint) in balances and orders. Prices and fees are computed with Decimal and rounded back to
 * micro-units once, so balances never drift.
 */
import { Decimal } from "../../core/decimal.ts";
import type { SandboxMarket } from "../types.ts";

export const MICRO = 1_000_000n;

/** A decimal string ("1000", "12.5") as micro-units, rounded down. */
export function toMicro(value: string | Decimal): bigint {
  const micro = new Decimal(value).mul(1_000_000).toDecimalPlaces(0, Decimal.ROUND_DOWN);
  return BigInt(micro.toFixed(0));
}

export function microToDecimal(value: bigint): Decimal {
  return new Decimal(value.toString()).div(1_000_000);
}

/** Micro-units as the venue prints amounts: "5", "9.433962", "0.1". */
export function formatMicro(value: bigint): string {
  return microToDecimal(value).toString();
}

/** How many decimals a micro amount really uses (0–6). */
export function decimalsOf(value: bigint): number {
  let places = 6;
  let rest = value;
  while (places > 0 && rest % 10n === 0n) {
    rest /= 10n;
    places -= 1;
  }
  return places;
}

/** Decimal → micro-units with an explicit rounding mode. */
export function decimalToMicro(value: Decimal, rounding: Decimal.Rounding = Decimal.ROUND_HALF_UP): bigint {
  return BigInt(value.mul(1_000_000).toDecimalPlaces(0, rounding).toFixed(0));
}

/** Price implied by an order's amounts: collateral per share. */
export function impliedPrice(side: "BUY" | "SELL", makerAmount: bigint, takerAmount: bigint): Decimal {
  const collateral = side === "BUY" ? makerAmount : takerAmount;
  const shares = side === "BUY" ? takerAmount : makerAmount;
  return new Decimal(collateral.toString()).div(shares.toString());
}

/**
 * The market's taker fee for `shares` filled at `price`, in collateral micro-units:
 * shares × rate × (p(1−p))^exponent, rounded half-up to the micro-unit. Zero without a schedule.
 */
export function takerFeeMicro(fee: SandboxMarket["fee"], sharesMicro: bigint, price: Decimal | string): bigint {
  if (!fee) return 0n;
  const p = new Decimal(price);
  const rate = new Decimal(fee.rate);
  if (rate.lte(0)) return 0n;
  const factor = p.mul(new Decimal(1).sub(p)).pow(fee.exponent);
  return decimalToMicro(microToDecimal(sharesMicro).mul(rate).mul(factor));
}

/** Collateral for `sharesMicro` at `price`, rounded in the venue's favour for the side paying. */
export function notionalMicro(sharesMicro: bigint, price: Decimal | string, rounding: Decimal.Rounding): bigint {
  return decimalToMicro(microToDecimal(sharesMicro).mul(price), rounding);
}

/** Number of decimals a tick size has ("0.01" → 2). */
function tickDecimals(tickSize: string): number {
  const dot = tickSize.indexOf(".");
  return dot < 0 ? 0 : tickSize.length - dot - 1;
}

/** A price as the venue prints it: at least the tick's decimals, never losing precision. */
export function priceText(price: Decimal, tickSize: string): string {
  return price.toFixed(Math.max(tickDecimals(tickSize), price.decimalPlaces()));
}

/** The client's rounding table: decimals allowed for the computed (taker) amount per tick size. */
export function amountDecimals(tickSize: string): number {
  const table: Record<string, number> = { "0.1": 3, "0.01": 4, "0.005": 5, "0.0025": 6, "0.001": 5, "0.0001": 6 };
  return table[tickSize] ?? 6;
}
