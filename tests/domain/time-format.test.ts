import { formatDay, formatTime } from '../../bot/domain/time-format';

describe('formatTime', () => {
  it.each([
    ['in summer (BST)', '2026-07-01T13:40:00Z', '2:40pm'],
    ['in winter (GMT)', '2026-12-01T14:40:00Z', '2:40pm'],
    ['in the morning', '2026-12-01T09:05:00Z', '9:05am'],
    ['just after midday in winter', '2026-12-01T12:05:00Z', '12:05pm'],
    ['just after midday in summer', '2026-07-01T11:15:00Z', '12:15pm'],
    ['at midday', '2026-12-01T12:00:00Z', '12:00pm'],
    ['just after midnight', '2026-12-01T00:30:00Z', '12:30am'],
    ['the minute before the clocks go forward', '2026-03-29T00:59:00Z', '12:59am'],
    ['the moment the clocks go forward', '2026-03-29T01:00:00Z', '2:00am'],
    ['after the clocks go back', '2026-10-25T01:30:00Z', '1:30am'],
  ])('When the time is %s (%s), then residents read "%s"', (_, iso, expected) => {
    expect(formatTime(iso)).toBe(expected);
  });

  it('When given a Date rather than text, then it reads the same', () => {
    expect(formatTime(new Date('2026-07-01T13:40:00Z'))).toBe('2:40pm');
  });

  it('When times fall within one minute, then each reads as that minute, however often they are asked for', () => {
    const times = ['2026-12-01T14:40:00Z', '2026-12-01T14:40:59.999Z', '2026-12-01T14:41:00Z', '2026-12-01T14:40:30Z'];
    expect([...times, ...times].map(formatTime)).toEqual(['2:40pm', '2:40pm', '2:41pm', '2:40pm', '2:40pm', '2:40pm', '2:41pm', '2:40pm']);
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
});
