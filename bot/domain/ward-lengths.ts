import { MAD_TO_SD, PRIOR_SIGMA, lengthsOf, median } from './call-lengths';
import type { CallLengthFigures, Visit } from './model';

/** What a ward remembers of one ended surgery: how long its consultations took from call to finish, in log-minutes. */
export interface SurgeryLengths {
  surgeryId: string;
  endedAt: string;
  consultations: number;
  logMedian: number;
  /** Robust spread: the scaled median absolute deviation. */
  logSpread: number;
}

/** A ward's prior comes from its latest surgeries only: recent enough to be today's residents and councillors. */
export const RECENT_SURGERIES = 6;
// With this many consultations of its own, a ward's figures and the council's count the same; more, and the ward's win.
const HALF_WEIGHT_CONSULTATIONS = 10;
// A spread from a handful of consultations can come out near nothing or huge; neither is a real ward.
const LEAST_SIGMA = 0.25;
const MOST_SIGMA = 1;

/** An ended surgery's consultation lengths, or undefined when it saw nobody. */
export function surgeryLengths(surgeryId: string, visits: readonly Visit[], endedAt: string): SurgeryLengths | undefined {
  const logs = lengthsOf(visits, 'seen').map(Math.log);
  if (logs.length === 0) return undefined;
  const logMedian = median(logs);
  return {
    surgeryId,
    endedAt,
    consultations: logs.length,
    logMedian,
    logSpread: logs.length > 1 ? MAD_TO_SD * median(logs.map((x) => Math.abs(x - logMedian))) : PRIOR_SIGMA,
  };
}

/** The ward's remembered surgeries with `added`, newest first, each once, the latest RECENT_SURGERIES only. */
export function withRecent(recent: readonly SurgeryLengths[], added: SurgeryLengths): SurgeryLengths[] {
  return [added, ...recent.filter((r) => r.surgeryId !== added.surgeryId)]
    .sort((a, b) => b.endedAt.localeCompare(a.endedAt))
    .slice(0, RECENT_SURGERIES);
}

/**
 * The prior for a ward's next surgery: the median of its recent surgeries' median lengths and spreads (one odd
 * evening does not move it), faded toward the council-wide figure by how few consultations they hold.
 */
export function wardPrior(recent: readonly SurgeryLengths[], councilMinutes: number): CallLengthFigures {
  const council = { minutes: councilMinutes, sigma: PRIOR_SIGMA };
  const latest = recent.slice(0, RECENT_SURGERIES).filter((r) => r.consultations > 0 && Number.isFinite(r.logMedian));
  const consultations = latest.reduce((sum, r) => sum + r.consultations, 0);
  if (consultations === 0) return council;
  const share = consultations / (consultations + HALF_WEIGHT_CONSULTATIONS);
  const wardSigma = Math.min(Math.max(median(latest.map((r) => r.logSpread)), LEAST_SIGMA), MOST_SIGMA);
  const sigma = share * wardSigma + (1 - share) * PRIOR_SIGMA;
  const mu = share * median(latest.map((r) => r.logMedian)) + (1 - share) * (Math.log(councilMinutes) - PRIOR_SIGMA ** 2 / 2);
  return { minutes: Math.exp(mu + (sigma * sigma) / 2), sigma };
}
