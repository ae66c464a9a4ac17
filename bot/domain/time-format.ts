const LONDON = 'Europe/London';

// hourCycle, not hour12: en-GB with hour12 counts from 0 ("0:05pm"); h12 gives "12:05pm".
const timeFormat = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, hour: 'numeric', minute: '2-digit', hourCycle: 'h12' });
const dayFormat = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, weekday: 'long', day: 'numeric', month: 'long' });

const MINUTE = 60_000;
// A queue's view says two times for each resident waiting, every time it changes, and they fall on few minutes.
const saidByMinute = new Map<number, string>();
const ANSWERS_KEPT = 10_000;

/** What `said` holds for `key`, worked out by `say` the first time; once it holds ANSWERS_KEPT, it starts again. */
function keptIn(said: Map<number, string>, key: number, say: () => string): string {
  const known = said.get(key);
  if (known !== undefined) return known;
  const words = say();
  if (said.size >= ANSWERS_KEPT) said.clear();
  said.set(key, words);
  return words;
}

/**
 * "2:40pm", "9pm" on the hour, and "midday" and "midnight", as GOV.UK writes times; in UK time whatever the server's
 * time zone. The councillors' tab writes the same words (tab/src/london-time.ts).
 */
export function formatTime(time: Date | string): string {
  const minute = Math.floor(new Date(time).getTime() / MINUTE);
  return keptIn(saidByMinute, minute, () => clockWords(new Date(minute * MINUTE)));
}

function clockWords(time: Date): string {
  const parts = Object.fromEntries(timeFormat.formatToParts(time).map((part) => [part.type, part.value]));
  const period = (parts.dayPeriod ?? '').toLowerCase();
  if (parts.minute !== '00') return `${parts.hour}:${parts.minute}${period}`;
  if (parts.hour === '12') return period === 'am' ? 'midnight' : 'midday';
  return `${parts.hour}${period}`;
}

const HOUR = 3_600_000;
// Since 1972 the UK has been a whole number of hours from UTC, so its days change on the hour.
const WHOLE_HOURS_SINCE = Date.UTC(1972, 0, 1);
const dayByHour = new Map<number, string>();

/** "Tuesday 24 November". A form or card names the day of every surgery it lists, and they fall on few hours. */
export function formatDay(time: Date | string): string {
  const at = new Date(time);
  const ms = at.getTime();
  if (!(ms >= WHOLE_HOURS_SINCE)) return dayFormat.format(at);
  return keptIn(dayByHour, Math.floor(ms / HOUR), () => dayFormat.format(at));
}
