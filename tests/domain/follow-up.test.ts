import { leaveIssueForFollowUp } from '../../bot/domain/follow-up';
import { VisitStatus } from '../../bot/domain/visit';
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
