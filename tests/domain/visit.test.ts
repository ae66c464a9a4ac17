import type { Visit, VisitEvent, VisitStatus } from '../../bot/domain/model';
import { applyVisitEvent, isActive } from '../../bot/domain/visit';
import { aVisit } from '../support/builders';
import { accepted, refused } from './outcomes';

const NOW = new Date('2025-03-01T10:30:00.000Z');

const EVENTS: Record<VisitEvent['type'], VisitEvent> = {
  call: { type: 'call', by: 'Cllr Amina Patel' },
  join: { type: 'join' },
  see: { type: 'see', outcome: 'Reported to highways, case 123' },
  no_show: { type: 'no_show' },
  leave: { type: 'leave' },
  surgery_ended: { type: 'surgery_ended' },
  leave_issue: { type: 'leave_issue' },
  return: { type: 'return' },
};

const NO = 'refused' as const;

/** What a resident asks for themselves: refused in their words, not the councillors'. */
const RESIDENTS_OWN = new Set<VisitEvent['type']>(['leave', 'leave_issue', 'return']);

/** The design's rules, written out in full: from each state, what every event leads to. */
const RULES: Record<VisitStatus, Record<VisitEvent['type'], VisitStatus | typeof NO>> = {
  waiting: {
    call: 'called',
    join: NO,
    see: NO,
    no_show: NO,
    leave: 'left',
    surgery_ended: 'not_reached',
    leave_issue: 'follow_up',
    return: NO,
  },
  called: {
    call: NO,
    join: 'in_consultation',
    see: 'seen',
    no_show: 'no_show',
    leave: 'left',
    surgery_ended: 'not_reached',
    leave_issue: NO,
    return: NO,
  },
  in_consultation: { call: NO, join: NO, see: 'seen', no_show: NO, leave: NO, surgery_ended: NO, leave_issue: NO, return: NO },
  seen: { call: NO, join: NO, see: NO, no_show: NO, leave: NO, surgery_ended: NO, leave_issue: NO, return: NO },
  left: { call: NO, join: NO, see: NO, no_show: NO, leave: NO, surgery_ended: NO, leave_issue: NO, return: NO },
  no_show: { call: NO, join: NO, see: NO, no_show: NO, leave: NO, surgery_ended: NO, leave_issue: NO, return: 'waiting' },
  not_reached: { call: NO, join: NO, see: NO, no_show: NO, leave: NO, surgery_ended: NO, leave_issue: NO, return: NO },
  follow_up: { call: NO, join: NO, see: NO, no_show: NO, leave: NO, surgery_ended: NO, leave_issue: NO, return: NO },
};

const CASES = Object.entries(RULES).flatMap(([from, row]) =>
  Object.entries(row).map(([event, to]) => ({ from: from as VisitStatus, event: event as VisitEvent['type'], to })),
);

describe('visit transitions', () => {
  it.each(CASES.filter((c) => c.to !== NO))('When a $from visit gets "$event", then it becomes $to', ({ from, event, to }) => {
    const visit = aVisit({ status: from });

    expect(accepted(applyVisitEvent(visit, EVENTS[event], NOW)).status).toBe(to);
  });

  it.each(CASES.filter((c) => c.to === NO && !RESIDENTS_OWN.has(c.event)))(
    'When a $from visit gets "$event", then it is refused as the wrong state, naming the resident for the councillors',
    ({ from, event }) => {
      const visit = aVisit({ status: from, name: 'Jane Smith', ticket: 7 });

      const refusal = refused(applyVisitEvent(visit, EVENTS[event], NOW), 'VISIT.WRONG_STATE');
      expect(refusal.message).toContain('Jane S · A7');
    },
  );

  it.each(CASES.filter((c) => c.to === NO && RESIDENTS_OWN.has(c.event)))(
    'When a $from visit\'s resident asks to "$event", then it is refused in words to the resident, without their lobby tag',
    ({ from, event }) => {
      const visit = aVisit({ status: from, name: 'Jane Smith', ticket: 7 });

      const refusal = refused(applyVisitEvent(visit, EVENTS[event], NOW), 'VISIT.WRONG_STATE');
      expect(refusal.message).toMatch(/^(You|Your|The surgery) .*, so you cannot .+\.$/);
      expect(refusal.message).not.toContain('Jane S · A7');
    },
  );

  it('When a resident with a councillor asks to leave, then they are told they are with a councillor now', () => {
    const refusal = refused(applyVisitEvent(aVisit({ status: 'in_consultation' }), EVENTS.leave, NOW), 'VISIT.WRONG_STATE');

    expect(refusal.message).toBe('You are with a councillor now, so you cannot leave the queue.');
  });

  it('When a resident whose visit has ended asks to leave, then they are not told they are with a councillor', () => {
    const refusal = refused(applyVisitEvent(aVisit({ status: 'seen' }), EVENTS.leave, NOW), 'VISIT.WRONG_STATE');

    expect(refusal.message).toBe('Your visit has ended, so you cannot leave the queue.');
  });
});

describe('what each transition records', () => {
  it('When a waiting resident is called, then the time and the councillor who called them are recorded', () => {
    const visit = accepted(applyVisitEvent(aVisit({ status: 'waiting' }), EVENTS.call, NOW));

    expect(visit).toMatchObject({ calledAt: NOW.toISOString(), calledBy: 'Cllr Amina Patel' });
    expect(visit.finishedAt).toBeUndefined();
  });

  it('When a called resident joins, then the join time is recorded and the call is kept', () => {
    const called = aVisit({ status: 'called', calledAt: '2025-03-01T10:20:00.000Z', calledBy: 'Cllr Amina Patel' });

    const visit = accepted(applyVisitEvent(called, EVENTS.join, NOW));

    expect(visit).toMatchObject({ joinedAt: NOW.toISOString(), calledAt: '2025-03-01T10:20:00.000Z', calledBy: 'Cllr Amina Patel' });
    expect(visit.finishedAt).toBeUndefined();
  });

  it('When a resident is seen, then the finish time and the outcome are recorded', () => {
    const visit = accepted(applyVisitEvent(aVisit({ status: 'in_consultation' }), EVENTS.see, NOW));

    expect(visit).toMatchObject({ finishedAt: NOW.toISOString(), outcome: 'Reported to highways, case 123' });
  });

  it('When a waiting resident leaves their issue for the councillor, then the finish time is recorded and it is marked for follow-up', () => {
    const visit = accepted(applyVisitEvent(aVisit({ status: 'waiting' }), EVENTS.leave_issue, NOW));

    expect(visit).toMatchObject({ status: 'follow_up', finishedAt: NOW.toISOString(), followUp: true });
    expect(visit.outcome).toBeUndefined();
  });

  it.each([
    ['called', 'no_show'],
    ['waiting', 'leave'],
    ['called', 'leave'],
    ['waiting', 'surgery_ended'],
    ['called', 'surgery_ended'],
  ] as const)('When a %s visit gets "%s", then the finish time is recorded with no outcome', (from, event) => {
    const visit = accepted(applyVisitEvent(aVisit({ status: from }), EVENTS[event], NOW));

    expect(visit.finishedAt).toBe(NOW.toISOString());
    expect(visit.outcome).toBeUndefined();
  });

  it('When a visit changes, then the visit it was given is left as it was', () => {
    const before = aVisit({ status: 'waiting' });
    const copy: Visit = { ...before };

    accepted(applyVisitEvent(before, EVENTS.call, NOW));

    expect(before).toEqual(copy);
  });

  it('When a visit changes, then who the resident is and their ticket stay the same', () => {
    const before = aVisit({ status: 'waiting', name: 'Sam Jones', ticket: 4, chatKey: 'chat-sam' });

    const after = accepted(applyVisitEvent(before, EVENTS.call, NOW));

    expect(after).toMatchObject({
      id: before.id,
      name: 'Sam Jones',
      ticket: 4,
      lobbyTag: before.lobbyTag,
      chatKey: 'chat-sam',
      issue: before.issue,
    });
  });
});

describe('isActive', () => {
  it.each([
    ['waiting', true],
    ['called', true],
    ['in_consultation', true],
    ['seen', false],
    ['left', false],
    ['no_show', false],
    ['not_reached', false],
    ['follow_up', false],
  ] as const)('When a visit is %s, then it counts as still in the queue: %s', (status, active) => {
    expect(isActive(aVisit({ status }))).toBe(active);
  });
});
