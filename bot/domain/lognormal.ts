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
