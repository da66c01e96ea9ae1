/**
 * Fair probabilities of crypto price markets under a driftless (martingale) lognormal model:
 *
 *     S_T = S · exp(σ W_T − σ² T / 2),   d(S, K) = (ln(S / K) − σ² T / 2) / (σ √T)
 *
 *   updown   P(S_end ≥ S_open)        = N(d(S, S_open))          (S = price now, T = time to the end)
 *   above    P(S_end > K)             = N(d(S, K))
 *   range    P(L ≤ S_end < H)         = N(d(S, L)) − N(d(S, H))  (L = 0 → N = 1: "less than H")
 *   touch ↑  P(max S_t ≥ H), H > S    = N(−(m + σ²T/2)/(σ√T)) + (S/H) · N(−(m − σ²T/2)/(σ√T)),  m = ln(H/S)
 *   touch ↓  P(min S_t ≤ L), L < S    = N(−(m − σ²T/2)/(σ√T)) + (S/L) · N(−(m + σ²T/2)/(σ√T)),  m = ln(S/L)
 *
 * (the touch forms are the first-passage probabilities of a Brownian motion with drift −σ²/2 in log
 * price; a level already reached is probability 1). σ is annualised, T in years of 365.25 days.
 *
 * Precision: the normal CDF and the formulas run in IEEE doubles (the CDF is Hart's double-precision
 * rational approximation, |error| < 1e-14); they are model math, not money. The result becomes
 * decimal text at FAIR_PLACES decimal places (the double rounded by `toFixed`) in `probabilityText`,
 * and every price, fee and edge computed from it is Decimal.
 */

/** Decimal places a fair probability is carried at (1e-6 = a hundredth of a tick at 0.01). */
const FAIR_PLACES = 6;
export const MS_PER_YEAR = 365.25 * 86_400_000;

/** Hart's rational approximation: numerator and denominator coefficients, highest power first. */
const HART_NUM = [3.52624965998911e-2, 0.700383064443688, 6.37396220353165, 33.912866078383, 112.079291497871, 221.213596169931, 220.206867912376];
const HART_DEN = [8.83883476483184e-2, 1.75566716318264, 16.064177579207, 86.7807322029461, 296.564248779674, 637.333633378831, 793.826512519948, 440.413735824752];

const horner = (coefficients: readonly number[], z: number) => coefficients.reduce((sum, c) => sum * z + c, 0);

/** Standard normal CDF Φ(x), double precision (Hart 1968, as given by West 2005). */
export function normalCdf(x: number): number {
  const z = Math.abs(x);
  let tail: number;
  if (z > 37) tail = 0;
  else {
    const e = Math.exp((-z * z) / 2);
    if (z < 7.07106781186547) {
      tail = (e * horner(HART_NUM, z)) / horner(HART_DEN, z);
    } else {
      let b = z + 0.65;
      b = z + 4 / b;
      b = z + 3 / b;
      b = z + 2 / b;
      b = z + 1 / b;
      tail = e / b / 2.506628274631;
    }
  }
  return x > 0 ? 1 - tail : tail;
}

/** σ√T, or 0 when there is no time or no volatility left (the outcome is then known). */
function spread(sigma: number, tYears: number): number {
  return tYears > 0 && sigma > 0 ? sigma * Math.sqrt(tYears) : 0;
}

/** P(S_T > K) for a lognormal martingale; at expiry the indicator (S > K, or S ≥ K when `inclusive`). */
export function probAbove(spot: number, strike: number, sigma: number, tYears: number, inclusive = false): number {
  const s = spread(sigma, tYears);
  if (strike <= 0) return 1;
  if (s === 0) return spot > strike || (inclusive && spot === strike) ? 1 : 0;
  return normalCdf((Math.log(spot / strike) - (s * s) / 2) / s);
}

/** Up/Down: P(S_end ≥ S_open); "Up" wins ties. */
export function probUp(spot: number, open: number, sigma: number, tYears: number): number {
  return probAbove(spot, open, sigma, tYears, true);
}

/** P(low ≤ S_T < high); low 0 means "less than high". */
export function probRange(spot: number, low: number, high: number, sigma: number, tYears: number): number {
  const p = (low <= 0 ? 1 : probAbove(spot, low, sigma, tYears, true)) - probAbove(spot, high, sigma, tYears, true);
  return Math.min(1, Math.max(0, p));
}

/** P(the price reaches `barrier` before T): from below for "up", from above for "down". */
export function probTouch(spot: number, barrier: number, direction: "up" | "down", sigma: number, tYears: number): number {
  if (direction === "up" ? spot >= barrier : spot <= barrier) return 1;
  const s = spread(sigma, tYears);
  if (s === 0) return 0;
  // The log distance to the barrier, and the drift's half-variance term signed towards it.
  const m = direction === "up" ? Math.log(barrier / spot) : Math.log(spot / barrier);
  const half = direction === "up" ? (s * s) / 2 : -(s * s) / 2;
  return Math.min(1, normalCdf(-(m + half) / s) + (spot / barrier) * normalCdf(-(m - half) / s));
}

/** A model probability as decimal text at FAIR_PLACES, clamped to [0, 1]. */
export function probabilityText(p: number): string {
  if (!Number.isFinite(p) || p <= 0) return "0";
  if (p >= 1) return "1";
  return p.toFixed(FAIR_PLACES);
}

/** Years from `now` to `end` (ms); never negative. */
export function yearsBetween(now: number, end: number): number {
  return Math.max(0, end - now) / MS_PER_YEAR;
}
