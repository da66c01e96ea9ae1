/**
 * The calibration slope: the b of a logistic regression of the outcome on the forecast's log-odds,
 *
 *     P(outcome = 1) = σ(a + b · logit(p)),   logit(p) = ln(p / (1 − p)),  p clipped to [0.001, 0.999]
 *
 * fitted by maximum likelihood with Newton–Raphson (iteratively reweighted least squares), starting
 * from a = 0, b = 1 (a perfectly calibrated forecaster). b = 1: the forecasts move as much as the
 * outcomes do; b < 1: overconfident (too far from 0.5); b > 1: underconfident.
 *
 * The maximum-likelihood slope does not exist when every outcome is the same, when every forecast is
 * the same, or when the forecasts separate the outcomes perfectly (b runs off to infinity); those
 * give undefined rather than whatever number the iteration stopped at.
 */
import { clip, type ScoredForecast } from "./scores.ts";

const MAX_ITERATIONS = 100;
/** Converged when neither coefficient moves by more than this in one Newton step. */
const TOLERANCE = 1e-10;
/** A slope past this is the iteration chasing a separated sample, not an estimate. */
const MAX_SLOPE = 1e3;

export function logit(p: number): number {
  const q = clip(p);
  return Math.log(q / (1 - q));
}

export function logisticSlope(forecasts: readonly ScoredForecast[]): number | undefined {
  const xs = forecasts.map(({ p }) => logit(p));
  const ys = forecasts.map(({ outcome }) => outcome);
  if (new Set(ys).size < 2 || new Set(xs).size < 2) return undefined;
  let a = 0;
  let b = 1;
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    // Gradient g and observed information H (minus the Hessian) of the log-likelihood in (a, b).
    let ga = 0;
    let gb = 0;
    let haa = 0;
    let hab = 0;
    let hbb = 0;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      const mu = 1 / (1 + Math.exp(-(a + b * x)));
      const w = mu * (1 - mu);
      ga += ys[i]! - mu;
      gb += (ys[i]! - mu) * x;
      haa += w;
      hab += w * x;
      hbb += w * x * x;
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) return undefined;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a += da;
    b += db;
    if (!Number.isFinite(b) || Math.abs(b) > MAX_SLOPE) return undefined;
    if (Math.abs(da) < TOLERANCE && Math.abs(db) < TOLERANCE) return b;
  }
  return undefined;
}
