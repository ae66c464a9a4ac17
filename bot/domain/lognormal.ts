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

/** c[0] + c[1] x + c[2] x² + …, by Horner's rule. */
const polynomial = (c: readonly number[], x: number): number => c.reduceRight((sum, k) => sum * x + k, 0);

// Wichura's algorithm AS 241 (PPND16, Applied Statistics 37(3), 1988): rational functions for the centre, the near
// tails and the far tails, accurate to about 1e-16.
const CENTRE = [
  [
    3.3871328727963665, 133.14166789178438, 1971.5909503065513, 13731.69376550946, 45921.95393154987, 67265.7709270087, 33430.57558358813,
    2509.0809287301227,
  ],
  [
    1, 42.31333070160091, 687.1870074920579, 5394.196021424751, 21213.794301586597, 39307.89580009271, 28729.085735721943,
    5226.495278852854,
  ],
] as const;
const NEAR_TAIL = [
  [
    1.4234371107496835, 4.630337846156546, 5.769497221460691, 3.6478483247632045, 1.2704582524523684, 0.2417807251774506,
    0.022723844989269184, 0.0007745450142783414,
  ],
  [
    1, 2.053191626637759, 1.6763848301838038, 0.6897673349851, 0.14810397642748008, 0.015198666563616457, 0.0005475938084995345,
    1.0507500716444169e-9,
  ],
] as const;
const FAR_TAIL = [
  [
    6.657904643501103, 5.463784911164114, 1.7848265399172913, 0.29656057182850487, 0.026532189526576124, 0.0012426609473880784,
    0.000027115555687434876, 2.0103343992922881e-7,
  ],
  [
    1, 0.599832206555888, 0.1369298809227358, 0.014875361290850615, 0.0007868691311456133, 0.000018463183175100548, 1.421511758316446e-7,
    2.0442631033899397e-15,
  ],
] as const;

/** z with Φ(z) = p, the standard normal quantile, for p in (0, 1). */
export function normalQuantile(p: number): number {
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * polynomial(CENTRE[0], r)) / polynomial(CENTRE[1], r);
  }
  const r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  const [top, bottom] = r <= 5 ? NEAR_TAIL : FAR_TAIL;
  const x = r <= 5 ? r - 1.6 : r - 5;
  const z = polynomial(top, x) / polynomial(bottom, x);
  return q < 0 ? -z : z;
}
