const LONDON = 'Europe/London';

// hourCycle, not hour12: en-GB with hour12 counts from 0 ("0:05pm"); h12 gives "12:05pm".
const timeFormat = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, hour: 'numeric', minute: '2-digit', hourCycle: 'h12' });
const dayFormat = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, weekday: 'long', day: 'numeric', month: 'long' });

/** "2:40pm", in UK time whatever the server's time zone. */
export function formatTime(time: Date | string): string {
  return timeFormat.format(new Date(time)).replace(/\s/g, '').toLowerCase();
}

/** "Tuesday 24 November". */
export function formatDay(time: Date | string): string {
  return dayFormat.format(new Date(time));
}
