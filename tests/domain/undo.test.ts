import { afterChange, endSurgery, markNoShow } from '../../bot/domain/queue';
import { markNotReached } from '../../bot/domain/follow-up';
import { reopenSurgery, undoVisit } from '../../bot/domain/undo';
import type { QueueState } from '../../bot/domain/model';
import { aSurgery, aVisit } from '../support/builders';
import { accepted, refused } from './outcomes';

const ENDED = new Date('2025-03-01T12:00:00.000Z');
const minutesAfter = (at: Date, minutes: number) => new Date(at.getTime() + minutes * 60_000);

function endedQueue(): QueueState {
  const surgery = aSurgery();
  const waiting = aVisit({ surgeryId: surgery.id, ticket: 1 });
  const called = aVisit({ surgeryId: surgery.id, ticket: 2, name: 'Bob Ray', status: 'called', calledAt: '2025-03-01T11:55:00.000Z' });
  const seen = aVisit({ surgeryId: surgery.id, ticket: 3, name: 'Cat Orr', status: 'seen', finishedAt: '2025-03-01T11:30:00.000Z' });
  const state = { surgery, visits: [waiting, called, seen] };
  return afterChange(state, accepted(endSurgery(state, ENDED)));
}

describe('reopenSurgery: "Undo" on ending', () => {
  it('When a surgery is reopened within 10 minutes, then those it did not reach are back as they were, follow-ups withdrawn, and each is named', () => {
    const ended = endedQueue();
    expect(ended.visits.map((v) => v.status)).toEqual(['not_reached', 'not_reached', 'seen']);

    const change = accepted(reopenSurgery(ended, minutesAfter(ENDED, 10)));
    const reopened = afterChange(ended, change);

    expect(reopened.surgery).toMatchObject({ status: 'open', reopenings: [{ endedAt: ENDED.toISOString() }] });
    expect(reopened.surgery.endedAt).toBeUndefined();
    expect(reopened.visits.map((v) => [v.status, v.caseReference, v.followUp])).toEqual([
      ['waiting', undefined, undefined],
      ['called', undefined, undefined],
      ['seen', undefined, undefined],
    ]);
    expect(change.visits).toEqual([]);
    expect(change.events).toEqual([
      { type: 'reopened' },
      { type: 'reinstated', visitId: ended.visits[0]!.id, why: 'reopened', withdrawnCase: ended.visits[0]!.caseReference },
      { type: 'reinstated', visitId: ended.visits[1]!.id, why: 'reopened', withdrawnCase: ended.visits[1]!.caseReference },
    ]);
  });

  it('When the councillors already wrote to a resident about their follow-up, then reopening leaves that case to them', () => {
    const ended = endedQueue();
    const written = {
      ...ended.visits[0]!,
      caseUpdates: [{ id: 'u1', text: 'Fixed', at: ENDED.toISOString(), by: 'Cllr', closesCase: false }],
    };
    const state = { ...ended, visits: [written, ...ended.visits.slice(1)] };

    const reopened = afterChange(state, accepted(reopenSurgery(state, minutesAfter(ENDED, 1))));

    expect(reopened.visits.map((v) => v.status)).toEqual(['not_reached', 'called', 'seen']);
  });

  it.each([
    ['more than 10 minutes after the end', () => reopenSurgery(endedQueue(), minutesAfter(ENDED, 10.01)), 'UNDO.TOO_LATE'],
    ['while it is open', () => reopenSurgery({ surgery: aSurgery(), visits: [] }, ENDED), 'SURGERY.NOT_ENDED'],
  ] as const)('When a surgery is reopened %s, then it is refused', (_when, reopen, code) => {
    refused(reopen(), code);
  });
});

describe('undoVisit: "Undo" on a no-show or a not reached', () => {
  const surgery = aSurgery();
  const called = aVisit({ surgeryId: surgery.id, status: 'called', calledAt: '2025-03-01T11:50:00.000Z', channel: 'phone' });

  it('When a no-show is undone within 10 minutes, then the resident is called again, as they were', () => {
    const state = { surgery, visits: [called] };
    const noShow = afterChange(state, accepted(markNoShow(state, called.id, ENDED)));

    const change = accepted(undoVisit(noShow, called.id, minutesAfter(ENDED, 10)));

    expect(change.visits).toEqual([called]);
    expect(change.events).toEqual([{ type: 'reinstated', visitId: called.id, why: 'no_show_undone' }]);
    refused(undoVisit(noShow, called.id, minutesAfter(ENDED, 11)), 'UNDO.TOO_LATE');
  });

  it('When a phone resident marked as not reached is put back, then they are called again and the follow-up is withdrawn', () => {
    const ended = afterChange({ surgery, visits: [called] }, accepted(endSurgery({ surgery, visits: [called] }, ENDED)));
    const marked = afterChange(ended, accepted(markNotReached(ended, called.id, minutesAfter(ENDED, 2))));

    const change = accepted(undoVisit(marked, called.id, minutesAfter(ENDED, 3)));

    expect(change.visits.map((v) => [v.status, v.followUp, v.caseReference])).toEqual([['called', undefined, undefined]]);
    expect(change.events).toEqual([
      { type: 'reinstated', visitId: called.id, why: 'not_reached_undone', withdrawnCase: marked.visits[0]!.caseReference },
    ]);
  });

  it('When there is nothing to undo (a resident waiting, or not reached because the surgery ended), then it is refused as the wrong state', () => {
    const waiting = aVisit({ surgeryId: surgery.id });
    refused(undoVisit({ surgery, visits: [waiting] }, waiting.id, ENDED), 'VISIT.WRONG_STATE');
    const ended = endedQueue();
    refused(undoVisit(ended, ended.visits[0]!.id, minutesAfter(ENDED, 1)), 'VISIT.WRONG_STATE');
    refused(undoVisit(ended, 'nobody', ENDED), 'VISIT.NOT_FOUND');
  });
});
