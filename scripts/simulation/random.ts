/** A small seeded random source (mulberry32), so every simulated surgery can be replayed exactly. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  between(low: number, high: number): number;
  chance(probability: number): boolean;
  /** Waiting time to the next event of a Poisson process with this many events per unit time. */
  exponential(rate: number): number;
  /** A lognormal value with this median and log-standard deviation. */
  lognormal(median: number, sigma: number): number;
  /** A gamma value with this mean and shape (shape 1 is exponential; higher shapes bunch around the mean). */
  gamma(mean: number, shape: number): number;
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  // Marsaglia and Tsang's method, boosted for shapes below one.
  const gamma = (mean: number, shape: number): number => {
    const boost = shape < 1 ? Math.pow(next(), 1 / shape) : 1;
    const d = (shape < 1 ? shape + 1 : shape) - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = normal();
      const v = (1 + c * x) ** 3;
      if (v > 0 && Math.log(1 - next()) < (x * x) / 2 + d - d * v + d * Math.log(v)) return (boost * d * v * mean) / shape;
    }
  };
  return {
    next,
    between: (low, high) => low + (high - low) * next(),
    chance: (probability) => next() < probability,
    exponential: (rate) => -Math.log(1 - next()) / rate,
    lognormal: (median, sigma) => median * Math.exp(sigma * normal()),
    gamma,
  };
}
