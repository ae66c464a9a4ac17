import { csvCell, toCsv } from '../../bot/domain/csv';
import {
  CountedVisit,
  consultationMinutes,
  londonMonth,
  monthsUpTo,
  parseMonth,
  percentile,
  queueTimeline,
  spreadOf,
  surgeryStatistics,
  visitFigures,
  waitMinutes,
  wardReport,
} from '../../bot/domain/statistics';
import { anonymousVisitRows, VISIT_EXPORT_HEADER, visitsCsv } from '../../bot/domain/visit-export';
import { aSurgery, aVisit } from '../support/builders';

const at = (time: string): string => `2025-03-01T${time}:00.000Z`;

describe('percentile', () => {
  it('When there are no values, then there is no percentile', () => {
    expect(percentile([], 0.5)).toBeUndefined();
  });

  it.each<[number[], number, number]>([
    [[7], 0.5, 7],
    [[7], 0.9, 7],
    [[1, 3], 0.5, 2],
    [[1, 2, 3, 4], 0.5, 2.5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9.1],
    [[0, 10], 0.9, 9],
  ])('When the values are %j and the fraction %d, then it is %d (as Excel PERCENTILE.INC)', (values, fraction, expected) => {
    expect(percentile(values, fraction)).toBeCloseTo(expected);
  });
});

describe('spreadOf', () => {
  it('When nobody has both ends recorded, then only the count (0) is given', () => {
    expect(spreadOf([])).toEqual({ count: 0 });
  });

  it('When minutes are given in any order, then the median, 90th percentile, shortest and longest are rounded to a tenth', () => {
    expect(spreadOf([20, 5, 10.04, 40])).toEqual({ count: 4, medianMinutes: 15, p90Minutes: 34, shortestMinutes: 5, longestMinutes: 40 });
  });
});

describe('waits and consultations', () => {
  it.each<[string, Partial<CountedVisit>, number | undefined, number | undefined]>([
    ['still waiting', { status: 'waiting' }, undefined, undefined],
    ['called', { status: 'called', calledAt: at('10:20') }, 15, undefined],
    ['seen after joining', { status: 'seen', calledAt: at('10:20'), joinedAt: at('10:23'), finishedAt: at('10:35') }, 15, 12],
    ['seen, never marked joined', { status: 'seen', calledAt: at('10:20'), finishedAt: at('10:35') }, 15, 15],
    ['no-show', { status: 'no_show', calledAt: at('10:20'), finishedAt: at('10:25') }, 15, undefined],
    ['left while waiting', { status: 'left', finishedAt: at('10:15') }, undefined, undefined],
  ])('When a resident was %s, then their wait and consultation are as recorded', (_case, overrides, wait, consultation) => {
    const visit = aVisit({ checkedInAt: at('10:05'), ...overrides });
    expect([waitMinutes(visit), consultationMinutes(visit)]).toEqual([wait, consultation]);
  });
});

describe('visitFigures', () => {
  const visits: CountedVisit[] = [
    aVisit({
      ticket: 1,
      channel: 'msteams',
      status: 'seen',
      checkedInAt: at('10:00'),
      calledAt: at('10:02'),
      joinedAt: at('10:04'),
      finishedAt: at('10:14'),
    }),
    aVisit({ ticket: 2, channel: 'webchat', status: 'seen', checkedInAt: at('10:01'), calledAt: at('10:15'), finishedAt: at('10:35') }),
    aVisit({ ticket: 3, channel: 'webchat', status: 'no_show', checkedInAt: at('10:02'), calledAt: at('10:36'), finishedAt: at('10:41') }),
    aVisit({ ticket: 4, channel: 'directline', status: 'left', checkedInAt: at('10:03'), finishedAt: at('10:30') }),
    aVisit({ ticket: 5, channel: 'phone', status: 'not_reached', checkedInAt: at('11:50'), finishedAt: at('12:00') }),
    aVisit({ ticket: 6, channel: 'msteams', status: 'waiting', checkedInAt: at('11:55') }),
  ];
  const figures = visitFigures(visits);

  it('When visits ended in different ways, then each way is counted', () => {
    expect(figures).toMatchObject({ checkedIn: 6, seen: 2, left: 1, noShow: 1, notReached: 1, inProgress: 1, otherStates: [] });
  });

  it('When some residents were called, then waits are over those called and consultations over those seen', () => {
    expect(figures.wait).toEqual({ count: 3, medianMinutes: 14, p90Minutes: 30, shortestMinutes: 2, longestMinutes: 34 });
    expect(figures.consultation).toEqual({ count: 2, medianMinutes: 15, p90Minutes: 19, shortestMinutes: 10, longestMinutes: 20 });
  });

  it('When residents came by different channels, then channels are counted in words, largest first', () => {
    expect(figures.channels).toEqual([
      { label: 'Web chat', count: 3 },
      { label: 'Teams', count: 2 },
      { label: 'Phone', count: 1 },
    ]);
  });

  it('When no visit has a ward check, booking or topic, then those say not recorded rather than zero', () => {
    expect([figures.ward, figures.arrival, figures.topics]).toEqual([{ recorded: false }, { recorded: false }, { recorded: false }]);
  });

  it('When visits carry a ward check, a booking and a topic, then they are counted, and missing ones count as unknown or drop-in', () => {
    const counted = visitFigures([
      { ...aVisit({ topic: 'housing' }), wardCheck: 'in_ward', booked: true },
      { ...aVisit({ topic: 'parking' }), wardCheck: 'outside', booked: false },
      { ...aVisit({ topic: 'housing' }), wardCheck: 'in_ward' },
      aVisit(),
    ]);
    expect(counted.ward).toEqual({ recorded: true, inWard: 2, outside: 1, unknown: 1 });
    expect(counted.arrival).toEqual({ recorded: true, booked: 1, dropIn: 3 });
    expect(counted.topics).toEqual({
      recorded: true,
      groups: [
        { label: 'Housing', count: 2 },
        { label: 'Parking', count: 1 },
      ],
    });
  });

  it('When a visit is in a state this report does not know yet, then it is counted under its state name', () => {
    const unknownState = aVisit({ status: 'follow_up' as CountedVisit['status'] });
    expect(visitFigures([unknownState]).otherStates).toEqual([{ label: 'follow_up', count: 1 }]);
  });
});

describe('queueTimeline', () => {
  const surgery = aSurgery({ startsAt: at('10:00'), endsAt: at('10:30'), status: 'ended', endedAt: at('10:30') });
  const visits = [
    aVisit({ ticket: 1, status: 'seen', checkedInAt: at('10:02'), calledAt: at('10:12'), finishedAt: at('10:20') }),
    aVisit({ ticket: 2, status: 'left', checkedInAt: at('10:04'), finishedAt: at('10:21') }),
  ];

  it('When the surgery has ended, then every five minutes from start to end shows who was waiting and the longest wait so far', () => {
    expect(queueTimeline(surgery, visits, new Date(at('13:00')))).toEqual([
      { at: at('10:00'), waiting: 0, longestWaitMinutes: 0 },
      { at: at('10:05'), waiting: 2, longestWaitMinutes: 3 },
      { at: at('10:10'), waiting: 2, longestWaitMinutes: 8 },
      { at: at('10:15'), waiting: 1, longestWaitMinutes: 11 },
      { at: at('10:20'), waiting: 1, longestWaitMinutes: 16 },
      { at: at('10:25'), waiting: 0, longestWaitMinutes: 0 },
      { at: at('10:30'), waiting: 0, longestWaitMinutes: 0 },
    ]);
  });

  it('When the surgery is still running, then the timeline ends with the queue as it is now', () => {
    const open = { ...surgery, status: 'open' as const, endedAt: undefined };
    const timeline = queueTimeline(open, visits, new Date(at('10:11')));
    expect(timeline.map((p) => p.at)).toEqual([at('10:00'), at('10:05'), at('10:10'), at('10:11')]);
    expect(timeline.at(-1)).toEqual({ at: at('10:11'), waiting: 2, longestWaitMinutes: 9 });
  });

  it('When the surgery has not started, then there is no timeline yet', () => {
    expect(queueTimeline({ ...surgery, status: 'scheduled', endedAt: undefined }, [], new Date(at('09:00')))).toEqual([]);
  });

  it('When a surgery runs twelve hours, then the timeline stays small enough to draw', () => {
    const long = aSurgery({ startsAt: at('08:00'), endsAt: '2025-03-01T20:00:00.000Z', status: 'ended' });
    expect(queueTimeline(long, [], new Date('2025-03-02T00:00:00.000Z')).length).toBeLessThanOrEqual(150);
  });
});

describe('months', () => {
  it.each<[string, string]>([
    ['2025-05-31T23:30:00.000Z', '2025-06'],
    ['2025-01-31T23:30:00.000Z', '2025-01'],
    ['2025-12-31T23:59:00.000Z', '2025-12'],
  ])('When a surgery starts at %s, then on the UK calendar it is in %s', (iso, month) => {
    expect(londonMonth(iso)).toBe(month);
  });

  it.each<[unknown, string | undefined]>([
    ['2025-03', '2025-03'],
    ['2025-13', undefined],
    ['2025-3', undefined],
    ['March', undefined],
    [202503, undefined],
  ])('When the month asked for is %j, then it is read as %j', (value, month) => {
    expect(parseMonth(value)).toBe(month);
  });

  it('When six months up to February are asked for, then the year turns', () => {
    expect(monthsUpTo('2025-02', 6)).toEqual(['2024-09', '2024-10', '2024-11', '2024-12', '2025-01', '2025-02']);
  });
});

describe('wardReport', () => {
  const march1 = aSurgery({ ward: 'Riverside', startsAt: '2025-03-01T10:00:00.000Z' });
  const march15 = aSurgery({ ward: 'riverside ', startsAt: '2025-03-15T10:00:00.000Z' });
  const january = aSurgery({ ward: 'Riverside', startsAt: '2025-01-10T10:00:00.000Z' });
  const otherWard = aSurgery({ ward: 'Abbey', startsAt: '2025-03-02T10:00:00.000Z' });
  const seen = (surgeryId: string) =>
    aVisit({ surgeryId, status: 'seen', checkedInAt: at('10:00'), calledAt: at('10:10'), finishedAt: at('10:20') });
  const report = wardReport(
    { ward: 'RIVERSIDE' },
    '2025-03',
    [
      { surgery: march15, visits: [seen(march15.id), aVisit({ surgeryId: march15.id })] },
      { surgery: march1, visits: [seen(march1.id)] },
      { surgery: january, visits: [seen(january.id)] },
      { surgery: otherWard, visits: [seen(otherWard.id), seen(otherWard.id)] },
    ],
    new Date('2025-04-01T00:00:00.000Z'),
  );

  it("When a month is asked for, then it lists that month's surgeries of the ward, whatever the ward's case or spaces, earliest first", () => {
    expect(report.surgeries.map((s) => [s.surgeryId, s.figures.checkedIn])).toEqual([
      [march1.id, 1],
      [march15.id, 2],
    ]);
    expect(report.ward).toBe('Riverside');
  });

  it("When a month is asked for, then the month's figures add up all its visits", () => {
    expect(report.figures).toMatchObject({ checkedIn: 3, seen: 2, inProgress: 1, wait: { count: 2, medianMinutes: 10 } });
  });

  it('When a month is asked for, then the trend shows the six months up to it, with empty months as zero', () => {
    expect(report.trend.map((m) => [m.month, m.surgeries, m.figures.seen])).toEqual([
      ['2024-10', 0, 0],
      ['2024-11', 0, 0],
      ['2024-12', 0, 0],
      ['2025-01', 1, 1],
      ['2025-02', 0, 0],
      ['2025-03', 2, 2],
    ]);
  });
});

describe('surgeryStatistics', () => {
  it('When a surgery is summarised, then it carries its times, status, figures and timeline', () => {
    const surgery = aSurgery({ status: 'open' });
    const summary = surgeryStatistics({ surgery, visits: [aVisit({ surgeryId: surgery.id })] }, new Date(at('10:10')));
    expect(summary).toMatchObject({
      surgeryId: surgery.id,
      ward: 'Riverside',
      status: 'open',
      figures: { checkedIn: 1, inProgress: 1 },
      generatedAt: at('10:10'),
    });
    expect(summary.timeline.at(-1)).toEqual({ at: at('10:10'), waiting: 1, longestWaitMinutes: 5 });
  });
});

describe('CSV', () => {
  it.each<[string | number | undefined, string]>([
    ['plain', 'plain'],
    [12, '12'],
    [undefined, ''],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\r\nlines', '"two\r\nlines"'],
    ['=HYPERLINK("http://x")', '"\'=HYPERLINK(""http://x"")"'],
    ['+44', "'+44"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', '"\'\rcmd"'],
    [' =1+1', "' =1+1"],
    ['\u00a0+44', "'\u00a0+44"],
    ['\n=cmd|"/c calc"!A1', '"\'\n=cmd|""/c calc""!A1"'],
    ['\r\n @SUM(A1)', '"\'\r\n @SUM(A1)"'],
    ['  - 3', "'  - 3"],
    ['a = b', 'a = b'],
    ['e-mail', 'e-mail'],
  ])('When a cell holds %j, then it is written %j', (value, written) => {
    expect(csvCell(value)).toBe(written);
  });

  it('When a table is written, then it starts with the BOM and every line ends CRLF', () => {
    expect(toCsv(['a', 'b'], [[1, 'x']])).toBe('\uFEFFa,b\r\n1,x\r\n');
  });

  it('When visits are exported, then rows are numbered afresh and carry nothing that names or reaches a resident', () => {
    const surgery = aSurgery({ startsAt: '2025-06-30T23:30:00.000Z' });
    const visit = aVisit({
      surgeryId: surgery.id,
      name: 'Zebedee Quartermaine',
      postcode: 'ZZ9 9ZZ',
      issue: 'Unusual sinkhole on Marmalade Lane',
      contact: { kind: 'email', value: 'zebedee@example.com' },
      accessNeeds: 'BSL interpreter',
      status: 'seen',
      checkedInAt: '2025-06-30T23:35:00.000Z',
      calledAt: '2025-06-30T23:47:00.000Z',
      finishedAt: '2025-07-01T00:00:00.000Z',
      outcome: 'Reported to highways, case HW-99',
      topic: 'council_tax',
    });
    expect(anonymousVisitRows([{ surgery, visits: [visit] }])).toEqual([
      [1, 1, '2025-07-01', '00:35', 'Teams', 'seen', 12, 13, 'Council tax', 'not recorded', 'not recorded'],
    ]);
    const csv = visitsCsv([{ surgery, visits: [visit] }]);
    expect(csv.split('\r\n')[0]).toBe(`\uFEFF${VISIT_EXPORT_HEADER.join(',')}`);
    for (const secret of [
      'Zebedee',
      'Quartermaine',
      'ZZ9',
      'Marmalade',
      'zebedee@',
      'BSL',
      'HW-99',
      visit.id,
      visit.lobbyTag,
      surgery.id,
    ]) {
      expect(csv).not.toContain(secret);
    }
  });
});
