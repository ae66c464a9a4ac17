import type { Reach } from '../api-types';
import { formatTime } from './time-format';

const STEP = 5 * 60_000;

export interface Window {
  earliest: Date;
  latest: Date;
}

/**
 * The window a resident is shown: the likely times widened out to whole five minutes, so they are not promised
 * a minute we cannot keep, but never starting before `notBefore` (now, or the surgery's start when it has not
 * begun): a window that starts in the past reads as a promise already broken.
 */
export function shownWindow({ earliest, latest }: Window, notBefore: Date): Window {
  const from = Math.max(Math.floor(earliest.getTime() / STEP) * STEP, notBefore.getTime());
  const to = Math.max(Math.ceil(latest.getTime() / STEP) * STEP, from);
  return { earliest: new Date(from), latest: new Date(to) };
}

/**
 * "about 2:40pm to 2:55pm", the shown window in words. Both ends are said in full and joined by "to", as GOV.UK
 * writes a range of times ("10am to 11am", not "10–11am"): with "9pm" and "midday" among the words, a shortened
 * "about 8:55–9pm" or "about 9–9:15pm" is easily misread. Every place a window appears (place card, status page,
 * texts, the tab) says it with these words.
 */
export function describeWindow({ earliest, latest }: { earliest: Date | string; latest: Date | string }): string {
  const from = formatTime(earliest);
  const to = formatTime(latest);
  return from === to ? `about ${to}` : `about ${from} to ${to}`;
}

/**
 * What a waiting resident is told about the end of the surgery, in the same words on the place card and the status
 * page: nothing when they will be seen in time, "it may be close to the end" where the estimate is unsure, and a
 * warning only when they will probably not be reached.
 */
export function reachNotice(reach: Reach, surgeryEndsAt: Date | string): string | undefined {
  const end = formatTime(surgeryEndsAt);
  if (reach === 'close_to_end') {
    return `It may be close to the end: the surgery ends at ${end}, around when we expect to reach you. Please keep waiting: we will tell you as soon as we know more.`;
  }
  if (reach === 'probably_not') {
    return `The surgery ends at ${end} and will probably end before we reach you; if we do reach you, it will be near the end. You can keep waiting: we will tell you as soon as we know more.`;
  }
  return undefined;
}
