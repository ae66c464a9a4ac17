import { closeFollowUp, leaveIssueForFollowUp, markNotReached } from '../../bot/domain/follow-up';
import { afterChange, endSurgery } from '../../bot/domain/queue';
import { hasOpenCase } from '../../bot/domain/case-update';
import { visitDueAt } from '../../bot/domain/anonymise';
import type { VisitStatus } from '../../bot/domain/model';
import { aSurgery, aVisit } from '../support/builders';
import { accepted, refused } from './outcomes';

const NOW = new Date('2025-03-01T11:00:00.000Z');

describe('leaveIssueForFollowUp: a resident who may not be reached leaves their issue for the councillors', () => {
  it('When a waiting resident leaves their issue, then they leave the queue as a case to follow up, with a reference', () => {
    const surgery = aSurgery();
    const visit = aVisit({ surgeryId: surgery.id, issue: 'Damp in my flat' });

    const change = accepted(leaveIssueForFollowUp({ surgery, visits: [visit] }, visit.id, 'abcdefgh', NOW));

    expect(change.visits).toEqual([
      {
        ...visit,
        status: 'follow_up',
        finishedAt: NOW.toISOString(),
        followUp: true,
        caseReference: expect.stringMatching(/^SQ-[2-9A-Z]{4}$/),
      },
    ]);
    expect(change.events).toEqual([{ type: 'left', visitId: visit.id }]);
  });

  it('When the reference is taken in this surgery, then the new one differs', () => {
    const surgery = aSurgery();
    const first = aVisit({ surgeryId: surgery.id, ticket: 1 });
    const taken = accepted(leaveIssueForFollowUp({ surgery, visits: [first] }, first.id, 'abcdefgh', NOW)).visits[0]!;
    const second = aVisit({ surgeryId: surgery.id, ticket: 2 });

    const change = accepted(leaveIssueForFollowUp({ surgery, visits: [taken, second] }, second.id, 'abcdefgh', NOW));

    expect(change.visits[0]!.caseReference).not.toBe(taken.caseReference);
  });

  it.each<VisitStatus>(['called', 'in_consultation', 'seen', 'left', 'no_show', 'not_reached', 'follow_up'])(
    'When the resident is %s, then it is refused as the wrong state',
    (status) => {
      const surgery = aSurgery();
      const visit = aVisit({ surgeryId: surgery.id, status });

      refused(leaveIssueForFollowUp({ surgery, visits: [visit] }, visit.id, 'abcdefgh', NOW), 'VISIT.WRONG_STATE');
    },
  );

  it('When there is no such visit, then it is refused', () => {
    refused(leaveIssueForFollowUp({ surgery: aSurgery(), visits: [] }, 'visit-x', 'abcdefgh', NOW), 'VISIT.NOT_FOUND');
  });
});

describe('Follow-ups after a surgery ends', () => {
  const ENDED_AT = new Date('2025-03-01T12:00:00.000Z');
  const LATER = new Date('2025-03-02T09:00:00.000Z');

  function endedWith(...visits: ReturnType<typeof aVisit>[]) {
    const state = { surgery: aSurgery({ status: 'open' }), visits };
    return afterChange(state, accepted(endSurgery(state, ENDED_AT)));
  }

  it('When a phone resident called before the end is marked not reached, then they become an open follow-up and are told', () => {
    const onThePhone = aVisit({ channel: 'phone', status: 'called', contact: { kind: 'mobile', value: '+447700900123' } });
    const state = endedWith(onThePhone);

    const change = accepted(markNotReached(state, onThePhone.id, LATER));

    expect(change.visits[0]).toMatchObject({ status: 'not_reached', followUp: true, finishedAt: LATER.toISOString() });
    expect(hasOpenCase(change.visits[0]!)).toBe(true);
    expect(change.events).toEqual([{ type: 'not_reached', visitId: onThePhone.id }]);
  });

  it.each<[string, ReturnType<typeof aVisit>, boolean]>([
    ['a waiting resident in an open surgery', aVisit({ status: 'waiting' }), false],
    ['a chat resident called before the end (already not reached)', aVisit({ status: 'called', channel: 'msteams' }), true],
    ['a phone resident with a councillor', aVisit({ status: 'in_consultation', channel: 'phone' }), true],
  ])('When the councillor marks %s not reached, then it is refused', (_, visit, ended) => {
    const state = ended ? endedWith(visit) : { surgery: aSurgery({ status: 'open' }), visits: [visit] };
    refused(markNotReached(state, visit.id, LATER), 'VISIT.WRONG_STATE');
  });

  it('When a councillor marks a follow-up done, then its case closes and the resident’s details are kept for RETENTION_DAYS from then, not a year', () => {
    const waiting = aVisit({ status: 'waiting' });
    const state = endedWith(waiting);
    const open = state.visits[0]!;
    const yearOn = visitDueAt(open, state.surgery, 30);

    const change = accepted(closeFollowUp(state, waiting.id, LATER));

    expect(change.visits[0]).toMatchObject({ followUp: false, caseClosedAt: LATER.toISOString() });
    expect(hasOpenCase(change.visits[0]!)).toBe(false);
    expect(change.events).toEqual([]);
    expect(yearOn).toBe(ENDED_AT.getTime() + 365 * 86_400_000);
    expect(visitDueAt(change.visits[0]!, state.surgery, 30)).toBe(LATER.getTime() + 30 * 86_400_000);
    refused(closeFollowUp({ ...state, visits: change.visits }, waiting.id, LATER), 'VISIT.WRONG_STATE');
  });
});
