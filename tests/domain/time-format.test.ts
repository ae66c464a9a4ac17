import { formatDay, formatTime } from '../../bot/domain/time-format';
import { formatTime as tabFormatTime } from '../../tab/src/london-time';

const MINUTE = 60_000;

describe.each([
  ['the bot', formatTime],
  ['the tab', tabFormatTime],
])('formatTime in %s', (_, format) => {
  it.each([
    ['in summer (BST)', '2026-07-01T13:40:00Z', '2:40pm'],
    ['in winter (GMT)', '2026-12-01T14:40:00Z', '2:40pm'],
    ['on the hour in winter', '2026-12-01T21:00:00Z', '9pm'],
    ['on the hour in summer', '2026-07-01T20:00:00Z', '9pm'],
    ['in the morning', '2026-12-01T09:05:00Z', '9:05am'],
    ['at midday in winter', '2026-12-01T12:00:00Z', 'midday'],
    ['at midday in summer', '2026-07-01T11:00:00Z', 'midday'],
    ['just after midday in winter', '2026-12-01T12:05:00Z', '12:05pm'],
    ['half past midday in summer', '2026-07-01T11:30:00Z', '12:30pm'],
    ['at midnight in winter', '2026-12-01T00:00:00Z', 'midnight'],
    ['at midnight in summer', '2026-06-30T23:00:00Z', 'midnight'],
    ['just after midnight', '2026-12-01T00:05:00Z', '12:05am'],
    ['half past midnight', '2026-12-01T00:30:00Z', '12:30am'],
    ['the minute before the clocks go forward', '2026-03-29T00:59:00Z', '12:59am'],
    ['the moment the clocks go forward', '2026-03-29T01:00:00Z', '2am'],
    ['the first 1am before the clocks go back', '2026-10-25T00:00:00Z', '1am'],
    ['the second 1am, after the clocks go back', '2026-10-25T01:00:00Z', '1am'],
    ['after the clocks go back', '2026-10-25T01:30:00Z', '1:30am'],
  ])('When the time is %s (%s), then it reads "%s"', (_, iso, expected) => {
    expect(format(iso)).toBe(expected);
  });
});

describe('formatTime', () => {
  it('When given a Date rather than text, then it reads the same', () => {
    expect(formatTime(new Date('2026-07-01T13:40:00Z'))).toBe('2:40pm');
  });

  it('When times fall within one minute, then each reads as that minute, however often they are asked for', () => {
    const times = ['2026-12-01T14:40:00Z', '2026-12-01T14:40:59.999Z', '2026-12-01T14:41:00Z', '2026-12-01T14:40:30Z'];
    expect([...times, ...times].map(formatTime)).toEqual(['2:40pm', '2:40pm', '2:41pm', '2:40pm', '2:40pm', '2:40pm', '2:41pm', '2:40pm']);
  });

  // From the hour before the UK day starts to the hour after it ends, so the 23- and 25-hour days are covered whole.
  it.each([
    ['a winter day', '2026-12-01'],
    ['a summer day', '2026-07-01'],
    ['the day the clocks go forward', '2026-03-29'],
    ['the day the clocks go back', '2026-10-25'],
  ])('When residents and councillors read every minute of %s (%s), then they read the same words', (_, day) => {
    const from = Date.parse(`${day}T00:00:00Z`) - 60 * MINUTE;
    const minutes = Array.from({ length: 26 * 60 }, (_, i) => new Date(from + i * MINUTE).toISOString());

    const differing = minutes
      .filter((iso) => formatTime(iso) !== tabFormatTime(iso))
      .map((iso) => [iso, formatTime(iso), tabFormatTime(iso)]);

    expect(differing).toEqual([]);
    expect(minutes.map(formatTime)).toEqual(expect.arrayContaining(['midnight', '12:05am', 'midday', '12:30pm', '9pm']));
  });
});

describe('formatDay', () => {
  it.each([
    ['2025-03-01T10:00:00Z', 'Saturday 1 March'],
    ['2026-07-01T23:30:00Z', 'Thursday 2 July'],
    ['2026-12-31T23:30:00Z', 'Thursday 31 December'],
  ])('When the time is %s, then the UK day is "%s"', (iso, expected) => {
    expect(formatDay(iso)).toBe(expected);
  });

  it('names the UK day of every quarter hour of a year with both clock changes, each hour asked from its end first', () => {
    const direct = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'long', day: 'numeric', month: 'long' });
    const wrong: string[] = [];
    for (let hour = Date.UTC(2026, 0, 1); hour < Date.UTC(2027, 0, 1); hour += 3_600_000)
      for (const minute of [59, 45, 30, 15, 0]) {
        const at = new Date(hour + minute * 60_000);
        if (formatDay(at) !== direct.format(at)) wrong.push(at.toISOString());
      }

    expect(wrong).toEqual([]);
    expect(formatDay('2026-03-28T23:59:00Z')).toBe('Saturday 28 March');
    expect(formatDay('2026-10-24T23:30:00Z')).toBe('Sunday 25 October');
  });

  it('names the day of a time from before 1972, when the UK was not a whole number of hours from UTC', () => {
    expect(formatDay('1840-06-01T00:00:30Z')).toBe('Sunday 31 May');
    expect(formatDay('1840-06-01T00:01:30Z')).toBe('Monday 1 June');
  });
});
