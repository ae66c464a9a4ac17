// Surgeries happen in UK time, whatever time zone the councillor's computer is set to.
const TIME_ZONE = 'Europe/London';

// hourCycle h12, not hour12: en-GB with hour12 counts from 0, giving "0:30pm" for half past noon.
const clockParts = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: 'numeric', minute: '2-digit', hourCycle: 'h12' });
const dayFormat = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, weekday: 'short', day: 'numeric', month: 'short' });
const wallClockParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/**
 * "2:40pm", "2pm" on the hour, and "midday" and "midnight", as GOV.UK writes times: the words residents read in the
 * bot's messages and pages (bot/domain/time-format.ts).
 */
export function formatTime(iso: string): string {
  const parts = Object.fromEntries(clockParts.formatToParts(new Date(iso)).map((part) => [part.type, part.value]));
  const period = (parts.dayPeriod ?? '').toLowerCase();
  if (parts.minute !== '00') return `${parts.hour}:${parts.minute}${period}`;
  if (parts.hour === '12') return period === 'am' ? 'midnight' : 'midday';
  return `${parts.hour}${period}`;
}

/** "Tue 25 Nov, 6pm to 8pm" */
export function formatSession(startsAt: string, endsAt: string): string {
  return `${dayFormat.format(new Date(startsAt))}, ${formatTime(startsAt)} to ${formatTime(endsAt)}`;
}

/** "Tue 25 Nov, 2:40pm" */
export function formatMoment(iso: string): string {
  return `${dayFormat.format(new Date(iso))}, ${formatTime(iso)}`;
}

function wallClock(time: Date): { year: number; month: number; day: number; hour: number; minute: number } {
  const parts = Object.fromEntries(wallClockParts.formatToParts(time).map((part) => [part.type, Number(part.value)]));
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute! };
}

const twoDigits = (value: number): string => String(value).padStart(2, '0');

/** The value for an `<input type="datetime-local">` showing `time` on a UK clock. */
export function toLondonInput(time: Date): string {
  const { year, month, day, hour, minute } = wallClock(time);
  return `${year}-${twoDigits(month)}-${twoDigits(day)}T${twoDigits(hour)}:${twoDigits(minute)}`;
}

/** Reads an `<input type="datetime-local">` value as a UK clock time. Undefined when empty or malformed. */
export function fromLondonInput(value: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const asIfUtc = Date.UTC(year, month - 1, day, hour, minute);
  // The UK is 0 or 1 hour ahead of UTC; measure the offset at that moment and step back by it.
  const shown = wallClock(new Date(asIfUtc));
  const offset = Date.UTC(shown.year, shown.month - 1, shown.day, shown.hour, shown.minute) - asIfUtc;
  return new Date(asIfUtc - offset);
}

/** Now, rounded up to the next 5 minutes. */
export function nextFiveMinutes(now: Date): Date {
  const step = 5 * 60_000;
  return new Date(Math.ceil(now.getTime() / step) * step);
}
