import { Moments, logUpperTail, lognormalMoments, mixMoments } from './lognormal';
import type { Visit } from './model';

/** What we assume before a surgery has finished any consultations. */
export interface CallLengthPrior {
  /** Expected minutes from calling a resident to finishing with them. */
  minutes: number;
  /** How many finished visits the prior counts as; the surgery's own data outweighs it after that many. */
  weight: number;
  /** Share of called residents who never join. */
  noShowRate: number;
  /** Minutes a councillor waits for a called resident before moving on. */
  noShowMinutes: number;
  /** Spread of log-minutes: the ward's own when it has a history, otherwise a typical one. */
  sigma?: number;
}

/** How long a councillor spends on one call, as this surgery's finished visits show so far. */
export interface CallLengths {
  /** Mean and spread of a consultation's log-minutes, from call to finish. */
  mu: number;
  sigma: number;
  noShowRate: number;
  noShowMinutes: number;
  /** Minutes one call takes a councillor, whether the resident joins or not. */
  call: Moments;
  /** Relative standard error of the expected consultation length: how far off the learning itself may be. */
  relativeError: number;
}

// Log-minutes spread of consultation lengths before any data: a typical 10 minutes ranges from about 4 to 25.
export const PRIOR_SIGMA = 0.55;
// Scales the median absolute deviation to a standard deviation for normally distributed values.
export const MAD_TO_SD = 1.4826;
const SHORTEST_MINUTES = 0.5;
// Log-lengths further than this many spreads from the median are pulled in to that distance.
const CLIP = 2.5;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Minutes from call to finish: calledAt is the one time every call has (a councillor may mark a resident
 * seen without marking them joined), and it is when the councillor stopped being free for anyone else.
 */
function minutesFromCall(visit: Visit): number | undefined {
  if (!visit.calledAt || !visit.finishedAt) return undefined;
  const minutes = (Date.parse(visit.finishedAt) - Date.parse(visit.calledAt)) / 60_000;
  return Number.isFinite(minutes) ? Math.max(minutes, SHORTEST_MINUTES) : undefined;
}

export function lengthsOf(visits: readonly Visit[], status: Visit['status']): number[] {
  return visits.flatMap((v) => {
    const minutes = v.status === status ? minutesFromCall(v) : undefined;
    return minutes === undefined ? [] : [minutes];
  });
}

/** Shrinks what the data says toward the prior; the prior's share fades as the data grows. */
function blend(prior: number, weight: number, data: number, count: number): number {
  return count === 0 ? prior : (weight * prior + count * data) / (weight + count);
}

interface LogFit {
  mu: number;
  sigma: number;
}

/**
 * Fits log-minutes robustly and blends the fit with the prior: values further than CLIP spreads from the
 * median are pulled in to that distance, so one two-hour consultation barely moves the estimate.
 */
function fitLogs(logs: readonly number[], prior: LogFit, weight: number): LogFit {
  const n = logs.length;
  if (n === 0) return prior;
  const middle = median(logs);
  const mad = n > 1 ? MAD_TO_SD * median(logs.map((x) => Math.abs(x - middle))) : prior.sigma;
  const reach = CLIP * Math.sqrt(blend(prior.sigma ** 2, weight, mad * mad, n - 1));
  const clipped = logs.map((x) => Math.min(Math.max(x, middle - reach), middle + reach));
  const centre = clipped.reduce((sum, x) => sum + x, 0) / n;
  const spread = n > 1 ? clipped.reduce((sum, x) => sum + (x - centre) ** 2, 0) / (n - 1) : 0;
  return { mu: blend(prior.mu, weight, centre, n), sigma: Math.sqrt(blend(prior.sigma ** 2, weight, spread, n - 1)) };
}

/** The expected log-length of a consultation that has already run `elapsed` minutes (and is still going). */
function expectedLogGiven(fit: LogFit, elapsed: number): number {
  const a = (Math.log(elapsed) - fit.mu) / fit.sigma;
  const inverseMills = Math.exp(-(a * a) / 2 - 0.5 * Math.log(2 * Math.PI) - logUpperTail(a));
  return fit.mu + fit.sigma * inverseMills;
}

/**
 * Learns consultation length from this surgery's seen visits, blended with the prior, and the no-show rate
 * and wait from its no-shows. Consultations still running count too, at the length expected given how long
 * they have run: leaving them out would learn only from the ones that finished quickly.
 */
export function learnCallLengths(visits: readonly Visit[], prior: CallLengthPrior, now: Date): CallLengths {
  const weight = Math.max(prior.weight, 0);
  const priorSigma = prior.sigma ?? PRIOR_SIGMA;
  const priorFit = { mu: Math.log(prior.minutes) - priorSigma ** 2 / 2, sigma: priorSigma };
  const finished = lengthsOf(visits, 'seen').map(Math.log);
  const firstFit = fitLogs(finished, priorFit, weight);
  const running = visits.flatMap((v) => {
    const elapsed = v.status === 'in_consultation' && v.calledAt ? (now.getTime() - Date.parse(v.calledAt)) / 60_000 : 0;
    return elapsed > SHORTEST_MINUTES ? [expectedLogGiven(firstFit, elapsed)] : [];
  });
  const { mu, sigma } = running.length > 0 ? fitLogs([...finished, ...running], priorFit, weight) : firstFit;
  const n = finished.length;
  const noShows = lengthsOf(visits, 'no_show');

  const noShowRate = blend(prior.noShowRate, weight, noShows.length / Math.max(n + noShows.length, 1), n + noShows.length);
  const noShowMinutes = blend(prior.noShowMinutes, weight, noShows.length > 0 ? median(noShows) : 0, noShows.length);

  return {
    mu,
    sigma,
    noShowRate,
    noShowMinutes,
    call: mixMoments(lognormalMoments(mu, sigma), noShowMinutes, noShowRate),
    relativeError: sigma / Math.sqrt(weight + n + 1),
  };
}
