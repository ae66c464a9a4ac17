import { formatTime, roundUp } from './time-format';

const STEP_MINUTES = 5;

/**
 * "about 2:40–2:55pm": the window widened out to whole five minutes, so a resident is not promised a
 * minute we cannot keep. The am/pm is said once when both ends share it.
 */
export function describeWindow({ earliest, latest }: { earliest: Date | string; latest: Date | string }): string {
  const step = STEP_MINUTES * 60_000;
  const from = formatTime(new Date(Math.floor(new Date(earliest).getTime() / step) * step));
  const to = formatTime(roundUp(latest, STEP_MINUTES));
  if (from === to) return `about ${to}`;
  return `about ${from.slice(-2) === to.slice(-2) ? from.slice(0, -2) : from}–${to}`;
}
