import type { MinutesSpread } from '../../bot/api-types';

const minutes = (value: number): string => `${value} min`;

/** "median 12 min, 90% within 25 min (4 residents)", or why there is no figure yet. */
export function spreadWords(spread: MinutesSpread, who: string): string {
  if (spread.count === 0 || spread.medianMinutes === undefined || spread.p90Minutes === undefined) return `None yet`;
  const residents = `${spread.count} ${spread.count === 1 ? who : `${who}s`}`;
  return `Median ${minutes(spread.medianMinutes)}, 90% within ${minutes(spread.p90Minutes)} (${residents})`;
}

export const NOT_RECORDED = 'Not recorded yet';
