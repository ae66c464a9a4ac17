import { logUpperTail, normalQuantile } from '../../bot/domain/lognormal';

describe('normalQuantile', () => {
  it('When quantiles from statistical tables are asked for, then it gives them to the last printed digit', () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(0.1)).toBeCloseTo(-1.2815515655446004, 14);
    expect(normalQuantile(0.9)).toBeCloseTo(1.2815515655446004, 14);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 12);
    expect(normalQuantile(1e-300)).toBeCloseTo(-37.0471, 3);
  });

  it('When p runs from 1e-30 to a half, then Φ of its quantile is p again, the quantiles rise with p, and 1 − p gives the same z turned round', () => {
    let previous = -Infinity;
    for (let i = 0; i <= 1000; i++) {
      const p = 10 ** (-30 + (i / 1000) * (30 + Math.log10(0.5)));
      const z = normalQuantile(p);
      // ln Φ(z) is the log of the upper tail at -z, which keeps its precision however small p is.
      expect(Math.abs(Math.exp(logUpperTail(-z)) - p) / p).toBeLessThan(1e-6);
      expect(z).toBeGreaterThan(previous);
      // 1 - p is p's complement exactly only while p is well above the doubles' spacing near 1.
      if (p > 1e-6) expect(normalQuantile(1 - p)).toBeCloseTo(-z, 9);
      previous = z;
    }
  });
});
