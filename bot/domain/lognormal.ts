/**
 * Lognormal arithmetic for wait estimates. Consultation lengths are right-skewed (most short, a few very
 * long), which a lognormal describes well; mu and sigma are the mean and spread of the log-minutes.
 */

export interface Moments {
  mean: number;
  variance: number;
}

export function lognormalMoments(mu: number, sigma: number): Moments {
  const mean = Math.exp(mu + (sigma * sigma) / 2);
  return { mean, variance: mean * mean * Math.expm1(sigma * sigma) };
}

/** Moments of a length that is `usual` most of the time and exactly `other` minutes with chance `share`. */
export function mixMoments(usual: Moments, other: number, share: number): Moments {
  const mean = (1 - share) * usual.mean + share * other;
  const meanSquare = (1 - share) * (usual.variance + usual.mean ** 2) + share * other ** 2;
  return { mean, variance: Math.max(meanSquare - mean * mean, 0) };
}

/**
 * ln Φ(-x), the log of the standard normal upper tail, accurate far into the tail where Φ itself would
 * round to zero (Numerical Recipes' erfc, relative error below 1.2e-7 everywhere).
 */
export function logUpperTail(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const logErfc = Math.log(t) - z * z + poly;
  return x >= 0 ? logErfc - Math.LN2 : Math.log1p(-Math.exp(logErfc) / 2);
}

/**
 * Mean and variance of the time still to run of a lognormal length that has already run `elapsed`:
 * E[D - e | D > e]. With a heavy tail this grows once a consultation has run long, which is the point:
 * a consultation at 40 minutes is likely one of the long ones.
 */
export function remainingMoments(mu: number, sigma: number, elapsed: number): Moments {
  if (elapsed <= 0) return lognormalMoments(mu, sigma);
  const a = (Math.log(elapsed) - mu) / sigma;
  const survival = logUpperTail(a);
  const first = Math.exp(mu + (sigma * sigma) / 2 + logUpperTail(a - sigma) - survival);
  const second = Math.exp(2 * mu + 2 * sigma * sigma + logUpperTail(a - 2 * sigma) - survival);
  const mean = Math.max(first - elapsed, 0);
  return { mean, variance: Math.max(second - first * first, 0) };
}
