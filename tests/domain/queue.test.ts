import type { QueueState, Surgery, Visit, VisitStatus } from '../../bot/domain/model';
import {
  NewVisit,
  admit,
  admitNext,
  afterChange,
  checkIn,
  endSurgery,
  leave,
  markJoined,
  markNoShow,
  markSeen,
  recordDelivery,
  returnAfterNoShow,
  callOrder,
  settleEnded,
  waitingInOrder,
} from '../../bot/domain/queue';
import { MAX_TICKETS } from '../../bot/domain/lobby-tag';
import { aSurgery, aVisit, uniqueId } from '../support/builders';
import { accepted, refused } from './outcomes';

const NOW = new Date('2025-03-01T10:30:00.000Z');
const COUNCILLOR = 'Cllr Amina Patel';

function queueOf(visits: Visit[], surgery: Partial<Surgery> = {}): QueueState {
  return { surgery: aSurgery({ ticketsIssued: visits.length, ...surgery }), visits };
}

function aResident(overrides: Partial<NewVisit> = {}): NewVisit {
  return {
    id: uniqueId('visit'),
    channel: 'webchat',
    chatKey: uniqueId('chat'),
    name: 'Jane Smith',
    postcode: 'SW1A 1AA',
    issue: 'Bins not collected for three weeks.',
    ...overrides,
  };
}

const ticketsOf = (visits: Visit[]): number[] => visits.map((v) => v.ticket);

describe('checkIn', () => {
  it('When the first resident checks in, then they get ticket 1, a lobby tag and a place in the waiting queue', () => {
    const resident = aResident({ name: 'Jane Smith', chatKey: 'chat-jane' });
    const state = queueOf([]);

    const change = accepted(checkIn(state, resident, NOW));

    expect(change.surgery.ticketsIssued).toBe(1);
    expect(change.visits).toEqual([
      {
        id: resident.id,
        surgeryId: state.surgery.id,
        ticket: 1,
        lobbyTag: 'Jane S · A1',
        channel: 'webchat',
        chatKey: 'chat-jane',
        name: 'Jane Smith',
        postcode: 'SW1A 1AA',
        issue: 'Bins not collected for three weeks.',
        status: 'waiting',
        checkedInAt: NOW.toISOString(),
        booked: false,
      },
    ]);
    expect(change.events).toEqual([{ type: 'checked_in', visitId: resident.id }]);
  });

  it('When residents check in one after another, then their tickets go up by one each time', () => {
    let state = queueOf([]);
    for (const name of ['Ann Lee', 'Bo Chan', 'Cy Dunn']) state = afterChange(state, accepted(checkIn(state, aResident({ name }), NOW)));

    expect(ticketsOf(state.visits)).toEqual([1, 2, 3]);
    expect(state.visits.map((v) => v.lobbyTag)).toEqual(['Ann L · A1', 'Bo C · A2', 'Cy D · A3']);
  });

  it('When the tenth resident checks in, then their lobby tag moves on to the letter B', () => {
    const change = accepted(checkIn(queueOf([], { ticketsIssued: 9 }), aResident({ name: 'Jane Smith' }), NOW));

    expect(change.visits[0]).toMatchObject({ ticket: 10, lobbyTag: 'Jane S · B1' });
  });

  it('When residents have already finished, then the next ticket still follows the tickets issued, not the visits left', () => {
    const change = accepted(checkIn(queueOf([aVisit({ ticket: 5 })], { ticketsIssued: 5 }), aResident(), NOW));

    expect(change.visits[0]!.ticket).toBe(6);
  });

  it('When a resident leaves contact details and access needs, then the visit keeps them', () => {
    const resident = aResident({ contact: { kind: 'mobile', value: '+447700900123' }, accessNeeds: 'BSL interpreter' });

    const [visit] = accepted(checkIn(queueOf([]), resident, NOW)).visits;

    expect(visit).toMatchObject({ contact: { kind: 'mobile', value: '+447700900123' }, accessNeeds: 'BSL interpreter' });
  });

  it('When a phone resident is added by hand with no chat, then the visit has no chat key', () => {
    const resident = aResident({ channel: 'phone' });
    delete resident.chatKey;

    const [visit] = accepted(checkIn(queueOf([]), resident, NOW)).visits;

    expect(visit).not.toHaveProperty('chatKey');
    expect(visit!.channel).toBe('phone');
  });

  it.each([
    ['scheduled', 'SURGERY.NOT_OPEN'],
    ['ended', 'SURGERY.ENDED'],
  ] as const)('When the surgery is %s, then check-in is refused with %s', (status, code) => {
    refused(checkIn(queueOf([], { status }), aResident(), NOW), code);
  });

  it.each<VisitStatus>(['waiting', 'called', 'in_consultation'])(
    'When the same chat is already %s in this surgery, then checking in again is refused',
    (status) => {
      const state = queueOf([aVisit({ chatKey: 'chat-jane', status })]);

      refused(checkIn(state, aResident({ chatKey: 'chat-jane' }), NOW), 'QUEUE.ALREADY_JOINED');
    },
  );

  it.each<VisitStatus>(['seen', 'left', 'no_show', 'not_reached'])(
    'When a chat whose earlier visit is %s checks in again, then it gets a new ticket',
    (status) => {
      const state = queueOf([aVisit({ chatKey: 'chat-jane', status, ticket: 1 })]);

      const change = accepted(checkIn(state, aResident({ chatKey: 'chat-jane' }), NOW));

      expect(change.visits).toHaveLength(1);
      expect(change.visits[0]).toMatchObject({ ticket: 2, chatKey: 'chat-jane', status: 'waiting' });
    },
  );

  it('When another chat is already waiting, then a different chat may still check in', () => {
    const state = queueOf([aVisit({ chatKey: 'chat-jane' })]);

    accepted(checkIn(state, aResident({ chatKey: 'chat-sam' }), NOW));
  });

  it('When all tickets have been issued, then the queue is full', () => {
    refused(checkIn(queueOf([], { ticketsIssued: MAX_TICKETS }), aResident(), NOW), 'QUEUE.FULL');
  });

  it('When one ticket is left, then the last resident still gets in', () => {
    const change = accepted(checkIn(queueOf([], { ticketsIssued: MAX_TICKETS - 1 }), aResident({ name: 'Jane Smith' }), NOW));

    expect(change.visits[0]).toMatchObject({ ticket: MAX_TICKETS, lobbyTag: 'Jane S · Z9' });
  });
});

describe('waitingInOrder', () => {
  it('When the queue has residents in every state, then only those waiting are listed, by ticket', () => {
    const visits = [
      aVisit({ ticket: 5, status: 'waiting' }),
      aVisit({ ticket: 1, status: 'seen' }),
      aVisit({ ticket: 3, status: 'waiting' }),
      aVisit({ ticket: 2, status: 'called' }),
      aVisit({ ticket: 4, status: 'in_consultation' }),
      aVisit({ ticket: 6, status: 'left' }),
      aVisit({ ticket: 7, status: 'waiting' }),
    ];

    expect(ticketsOf(waitingInOrder(visits))).toEqual([3, 5, 7]);
  });
});

describe('admitNext', () => {
  it('When a councillor admits next, then the waiting resident with the lowest ticket is called', () => {
    const first = aVisit({ ticket: 2 });
    const state = queueOf([aVisit({ ticket: 4 }), aVisit({ ticket: 1, status: 'seen' }), first, aVisit({ ticket: 3 })]);

    const change = accepted(admitNext(state, COUNCILLOR, NOW));

    expect(change.visits).toEqual([{ ...first, status: 'called', calledAt: NOW.toISOString(), calledBy: COUNCILLOR }]);
    expect(change.events).toEqual([{ type: 'called', visitId: first.id }]);
    expect(change.surgery).toEqual(state.surgery);
  });

  it('When two councillors admit next one after the other, then they get different residents', () => {
    let state = queueOf([aVisit({ ticket: 1 }), aVisit({ ticket: 2 })]);
    const first = accepted(admitNext(state, 'Cllr Amina Patel', NOW));
    state = afterChange(state, first);
    const second = accepted(admitNext(state, 'Cllr Tom Reid', NOW));

    expect(first.visits[0]).toMatchObject({ ticket: 1, calledBy: 'Cllr Amina Patel' });
    expect(second.visits[0]).toMatchObject({ ticket: 2, calledBy: 'Cllr Tom Reid' });
  });

  it('When nobody is waiting, then admitting next is refused as an empty queue', () => {
    const state = queueOf([aVisit({ status: 'called' }), aVisit({ status: 'in_consultation' }), aVisit({ status: 'seen' })]);

    refused(admitNext(state, COUNCILLOR, NOW), 'QUEUE.EMPTY');
  });

  it.each([
    ['scheduled', 'SURGERY.NOT_OPEN'],
    ['ended', 'SURGERY.ENDED'],
  ] as const)('When the surgery is %s, then admitting next is refused with %s', (status, code) => {
    refused(admitNext(queueOf([aVisit()], { status }), COUNCILLOR, NOW), code);
  });
});

describe('admit a chosen resident', () => {
  it('When a councillor admits a resident out of turn, then that resident is called', () => {
    const chosen = aVisit({ ticket: 3 });
    const state = queueOf([aVisit({ ticket: 1 }), aVisit({ ticket: 2 }), chosen]);

    const change = accepted(admit(state, chosen.id, COUNCILLOR, NOW));

    expect(change.visits).toEqual([{ ...chosen, status: 'called', calledAt: NOW.toISOString(), calledBy: COUNCILLOR }]);
    expect(change.events).toEqual([{ type: 'called', visitId: chosen.id }]);
  });

  it('When the resident was already called by another councillor, then admitting them is refused', () => {
    const taken = aVisit({ status: 'called', calledBy: 'Cllr Tom Reid' });

    refused(admit(queueOf([taken]), taken.id, COUNCILLOR, NOW), 'VISIT.WRONG_STATE');
  });

  it('When the resident is not in this surgery, then admitting them is refused', () => {
    refused(admit(queueOf([aVisit()]), 'visit-from-elsewhere', COUNCILLOR, NOW), 'VISIT.NOT_FOUND');
  });

  it.each([
    ['scheduled', 'SURGERY.NOT_OPEN'],
    ['ended', 'SURGERY.ENDED'],
  ] as const)('When the surgery is %s, then admitting a resident is refused with %s', (status, code) => {
    const visit = aVisit();

    refused(admit(queueOf([visit], { status }), visit.id, COUNCILLOR, NOW), code);
  });
});

describe('markJoined, markSeen, markNoShow', () => {
  it('When a called resident is marked as joined, then they are with a councillor and no queue event is raised', () => {
    const visit = aVisit({ status: 'called' });

    const change = accepted(markJoined(queueOf([visit, aVisit({ ticket: 2 })]), visit.id, NOW));

    expect(change.visits).toEqual([{ ...visit, status: 'in_consultation', joinedAt: NOW.toISOString() }]);
    expect(change.events).toEqual([]);
  });

  it.each<VisitStatus>(['called', 'in_consultation'])(
    'When a %s resident is marked as seen, then they are finished with the outcome kept',
    (status) => {
      const visit = aVisit({ status });

      const change = accepted(markSeen(queueOf([visit]), visit.id, 'Case 123 opened', NOW));

      expect(change.visits).toEqual([{ ...visit, status: 'seen', outcome: 'Case 123 opened', finishedAt: NOW.toISOString() }]);
      expect(change.events).toEqual([{ type: 'finished', visitId: visit.id }]);
    },
  );

  it('When the surgery has ended, then the resident still with a councillor can be marked as seen', () => {
    const visit = aVisit({ status: 'in_consultation' });

    const change = accepted(markSeen(queueOf([visit], { status: 'ended' }), visit.id, 'Advice given', NOW));

    expect(change.visits[0]!.status).toBe('seen');
  });

  it('When a called resident does not join, then they can be marked as a no-show', () => {
    const visit = aVisit({ status: 'called' });

    const change = accepted(markNoShow(queueOf([visit]), visit.id, NOW));

    expect(change.visits).toEqual([{ ...visit, status: 'no_show', finishedAt: NOW.toISOString() }]);
    expect(change.events).toEqual([{ type: 'finished', visitId: visit.id }]);
  });

  it.each([
    ['joined', (s: QueueState, id: string) => markJoined(s, id, NOW)],
    ['seen', (s: QueueState, id: string) => markSeen(s, id, 'x', NOW)],
    ['a no-show', (s: QueueState, id: string) => markNoShow(s, id, NOW)],
  ])('When a waiting resident who was never called is marked as %s, then it is refused', (_, mark) => {
    const visit = aVisit({ status: 'waiting' });

    refused(mark(queueOf([visit]), visit.id), 'VISIT.WRONG_STATE');
  });

  it('When the visit is unknown, then marking it is refused as not found', () => {
    refused(markJoined(queueOf([aVisit()]), 'no-such-visit', NOW), 'VISIT.NOT_FOUND');
  });
});

describe('leave', () => {
  it.each<VisitStatus>(['waiting', 'called'])('When a %s resident leaves, then they have left and a left event is raised', (status) => {
    const visit = aVisit({ status });

    const change = accepted(leave(queueOf([visit, aVisit({ ticket: 2 })]), visit.id, NOW));

    expect(change.visits).toEqual([{ ...visit, status: 'left', finishedAt: NOW.toISOString() }]);
    expect(change.events).toEqual([{ type: 'left', visitId: visit.id }]);
  });

  it('When a resident with a councillor tries to leave, then it is refused', () => {
    const visit = aVisit({ status: 'in_consultation' });

    refused(leave(queueOf([visit]), visit.id, NOW), 'VISIT.WRONG_STATE');
  });
});

describe('endSurgery', () => {
  const waiting = aVisit({ ticket: 4, status: 'waiting' });
  const alsoWaiting = aVisit({ ticket: 5, status: 'waiting' });
  const called = aVisit({ ticket: 3, status: 'called' });
  const withCouncillor = aVisit({ ticket: 2, status: 'in_consultation' });
  const seen = aVisit({ ticket: 1, status: 'seen', finishedAt: '2025-03-01T10:20:00.000Z' });

  it('When a councillor ends the surgery, then everyone waiting or called is not reached and the one with a councillor stays', () => {
    const state = queueOf([seen, withCouncillor, called, waiting, alsoWaiting]);

    const change = accepted(endSurgery(state, NOW));
    const ended = afterChange(state, change);

    expect(change.surgery).toMatchObject({ status: 'ended', endedAt: NOW.toISOString() });
    expect(ended.visits.map((v) => [v.ticket, v.status, v.finishedAt])).toEqual([
      [1, 'seen', '2025-03-01T10:20:00.000Z'],
      [2, 'in_consultation', undefined],
      [3, 'not_reached', NOW.toISOString()],
      [4, 'not_reached', NOW.toISOString()],
      [5, 'not_reached', NOW.toISOString()],
    ]);
    expect(change.events).toEqual([
      { type: 'surgery_ended' },
      { type: 'not_reached', visitId: called.id },
      { type: 'not_reached', visitId: waiting.id },
      { type: 'not_reached', visitId: alsoWaiting.id },
    ]);
  });

  it('When a surgery ends, then each resident it did not reach keeps their issue as an open follow-up with a reference that reads the same every time', () => {
    const state = queueOf([seen, withCouncillor, called, waiting, alsoWaiting]);

    const change = accepted(endSurgery(state, NOW));
    const once = afterChange(state, change).visits.filter((v) => v.status === 'not_reached');
    const again = settleEnded(change.surgery, state.visits).filter((v) => v.status === 'not_reached');

    expect(once.map((v) => [v.followUp, v.issue])).toEqual([
      [true, called.issue],
      [true, waiting.issue],
      [true, alsoWaiting.issue],
    ]);
    expect(once.every((v) => /^SQ-[2-9A-Z]{4,}/.test(v.caseReference!))).toBe(true);
    expect(new Set(once.map((v) => v.caseReference)).size).toBe(3);
    expect(again.map((v) => v.caseReference)).toEqual(once.map((v) => v.caseReference));
  });

  it('When a phone resident has been called as the surgery ends, then they are left for the councillor to mark seen or not reached', () => {
    const onThePhone = aVisit({ ticket: 6, status: 'called', channel: 'phone' });
    const state = queueOf([waiting, onThePhone]);

    const change = accepted(endSurgery(state, NOW));
    const ended = afterChange(state, change);

    expect(change.events).toEqual([{ type: 'surgery_ended' }, { type: 'not_reached', visitId: waiting.id }]);
    expect(ended.visits.map((v) => [v.ticket, v.status])).toEqual([
      [4, 'not_reached'],
      [6, 'called'],
    ]);
  });

  it('When the ward has another surgery planned, then the ended surgery keeps it as where residents it did not reach are sent', () => {
    const next = { id: 'next-surgery', startsAt: '2025-03-08T10:00:00.000Z', mode: 'both' as const };

    const change = accepted(endSurgery(queueOf([waiting]), NOW, next));

    expect(change.surgery.nextSurgery).toEqual(next);
  });

  it('When a surgery ends with a long queue, then the change saves the surgery alone and the queue reads as not reached', () => {
    const many = Array.from({ length: 250 }, (_, index) => aVisit({ ticket: index + 1 }));

    const change = accepted(endSurgery(queueOf(many), NOW));

    expect(change.visits).toEqual([]);
    expect(change.events).toHaveLength(251);
    expect(settleEnded(change.surgery, many).every((v) => v.status === 'not_reached' && v.finishedAt === NOW.toISOString())).toBe(true);
  });

  it('When the surgery is ended twice, then the second end is refused', () => {
    const state = queueOf([withCouncillor, waiting]);
    const ended = afterChange(state, accepted(endSurgery(state, NOW)));

    refused(endSurgery(ended, new Date('2025-03-01T10:31:00.000Z')), 'SURGERY.ENDED');
  });

  it('When nobody is in the queue, then the surgery still ends with no visits changed', () => {
    const change = accepted(endSurgery(queueOf([]), NOW));

    expect(change.surgery.status).toBe('ended');
    expect(change.visits).toEqual([]);
    expect(change.events).toEqual([{ type: 'surgery_ended' }]);
  });
});

describe('recordDelivery', () => {
  it('When a message reached a resident, then their visit records which message and when', () => {
    const visit = aVisit({ status: 'called' });

    const change = accepted(recordDelivery(queueOf([visit, aVisit({ ticket: 2 })]), visit.id, 'called', true, NOW));

    expect(change.visits).toEqual([{ ...visit, lastMessage: { kind: 'called', delivered: true, at: NOW.toISOString() } }]);
    expect(change.events).toEqual([]);
  });

  it('When a later message fails, then it replaces the earlier delivery record', () => {
    const visit = aVisit({ lastMessage: { kind: 'place', delivered: true, at: '2025-03-01T10:10:00.000Z' } });

    const change = accepted(recordDelivery(queueOf([visit]), visit.id, 'not_reached', false, NOW));

    expect(change.visits[0]!.lastMessage).toEqual({ kind: 'not_reached', delivered: false, at: NOW.toISOString() });
  });

  it('When the visit is unknown, then recording a delivery is refused', () => {
    refused(recordDelivery(queueOf([]), 'no-such-visit', 'place', true, NOW), 'VISIT.NOT_FOUND');
  });
});

describe('returnAfterNoShow: "I\'m here" from a resident marked as not joining', () => {
  const MARKED = new Date(NOW.getTime() - 4 * 60_000);
  const first = aVisit({ ticket: 1, status: 'waiting' });
  const missed = aVisit({
    ticket: 2,
    status: 'no_show',
    calledAt: MARKED.toISOString(),
    calledBy: COUNCILLOR,
    finishedAt: MARKED.toISOString(),
  });
  const booked = aVisit({ ticket: 3, status: 'waiting', slotStartsAt: '2025-03-01T10:00:00.000Z' });

  it('When they say it within 10 minutes, then they are waiting again and the next to be called, ahead of drop-ins and booked residents due', () => {
    const state = queueOf([first, missed, booked], { status: 'open' });

    const change = accepted(returnAfterNoShow(state, missed.id, NOW));
    const back = afterChange(state, change);

    expect(change.visits[0]).toMatchObject({ status: 'waiting', returnedAt: NOW.toISOString() });
    expect(change.visits[0]!.calledAt).toBeUndefined();
    expect(change.visits[0]!.finishedAt).toBeUndefined();
    expect(change.events).toEqual([{ type: 'returned', visitId: missed.id }]);
    expect(callOrder(back.visits, NOW).map((v) => v.ticket)).toEqual([2, 3, 1]);
    expect(waitingInOrder(back.visits).map((v) => v.ticket)).toEqual([2, 1, 3]);
  });

  it.each<[string, Partial<Surgery>, Date]>([
    ['more than 10 minutes after being marked', { status: 'open' }, new Date(MARKED.getTime() + 10 * 60_000 + 1)],
    ['after the surgery ended', { status: 'ended' }, NOW],
  ])('When they say it %s, then it is refused', (_, surgery, at) => {
    const refusal = returnAfterNoShow(queueOf([missed], surgery), missed.id, at);
    expect(refusal).toMatchObject({ refused: true });
  });

  it('When the visit was not marked as not joining, then it is refused as the wrong state', () => {
    refused(returnAfterNoShow(queueOf([first], { status: 'open' }), first.id, NOW), 'VISIT.WRONG_STATE');
  });
});
