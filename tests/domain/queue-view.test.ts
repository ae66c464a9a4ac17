import { buildQueueView, placeOfWaitingResident, placesOfWaitingResidents } from '../../bot/domain/queue-view';
import { botChannel, channelName } from '../../bot/domain/channel';
import type { Channel, QueueState } from '../../bot/domain/model';
import { DEFAULT_WAIT_SETTINGS, estimateWaits, estimateWaitsFor } from '../../bot/domain/wait-model';
import { describeWindow } from '../../bot/domain/wait-window';
import { aSurgery, aVisit } from '../support/builders';

const NOW = new Date('2025-03-01T10:30:00.000Z');
const WAIT = DEFAULT_WAIT_SETTINGS;

describe('buildQueueView', () => {
  const withCouncillor = aVisit({
    ticket: 4,
    status: 'in_consultation',
    calledAt: '2025-03-01T10:10:00.000Z',
    joinedAt: '2025-03-01T10:12:00.000Z',
  });
  const calledLater = aVisit({ ticket: 2, status: 'called', calledAt: '2025-03-01T10:28:00.000Z', calledBy: 'Cllr Tom Reid' });
  const calledEarlier = aVisit({ ticket: 5, status: 'called', calledAt: '2025-03-01T10:25:00.000Z', calledBy: 'Cllr Amina Patel' });
  const waiting6 = aVisit({ ticket: 6 });
  const waiting3 = aVisit({ ticket: 3 });
  const waiting7 = aVisit({ ticket: 7 });
  const seen = aVisit({ ticket: 1, status: 'seen', finishedAt: '2025-03-01T10:20:00.000Z', outcome: 'Case 123' });
  const left = aVisit({ ticket: 8, status: 'left', finishedAt: '2025-03-01T10:29:00.000Z' });
  const noShow = aVisit({ ticket: 9, status: 'no_show', finishedAt: '2025-03-01T10:24:00.000Z' });
  const state: QueueState = {
    surgery: aSurgery({ councillors: ['Cllr Amina Patel', 'Cllr Tom Reid'] }),
    visits: [waiting6, seen, calledLater, left, waiting3, withCouncillor, noShow, calledEarlier, waiting7],
  };
  const view = buildQueueView(state, WAIT, NOW);

  it('When the queue is shown, then those with a councillor come first, then those called (earliest first), then those waiting by ticket', () => {
    expect(view.active.map((r) => r.visitId)).toEqual([
      withCouncillor.id,
      calledEarlier.id,
      calledLater.id,
      waiting3.id,
      waiting6.id,
      waiting7.id,
    ]);
  });

  it('When the queue is shown, then finished residents are listed most recent first', () => {
    expect(view.finished.map((r) => r.visitId)).toEqual([left.id, noShow.id, seen.id]);
  });

  it("When the queue is shown, then only waiting residents have a place, and the wait model's estimate and window", () => {
    const estimates = estimateWaits(state, WAIT, NOW);
    expect(view.active.map((r) => [r.position, r.estimatedAdmitAt, r.estimatedWindow, r.reach])).toEqual([
      [undefined, undefined, undefined, undefined],
      [undefined, undefined, undefined, undefined],
      [undefined, undefined, undefined, undefined],
      ...[waiting3, waiting6, waiting7].map((visit, i) => {
        const estimate = estimates.get(visit.id)!;
        return [
          i + 1,
          estimate.admitAt.toISOString(),
          { earliest: estimate.earliest.toISOString(), latest: estimate.latest.toISOString(), words: describeWindow(estimate) },
          estimate.reach,
        ];
      }),
    ]);
    const times = view.active.slice(3).map((r) => Date.parse(r.estimatedAdmitAt!));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBeGreaterThan(NOW.getTime());
    expect(view.finished.every((r) => r.position === undefined && r.estimatedAdmitAt === undefined)).toBe(true);
  });

  it('When the queue is shown, then each row carries what the councillor needs and when things happened', () => {
    expect(view.active[1]).toMatchObject({
      lobbyTag: calledEarlier.lobbyTag,
      name: calledEarlier.name,
      postcode: 'SW1A 1AA',
      issue: calledEarlier.issue,
      channel: 'msteams',
      status: 'called',
      calledAt: '2025-03-01T10:25:00.000Z',
      calledBy: 'Cllr Amina Patel',
    });
    expect(view.active[0]!.joinedAt).toBe('2025-03-01T10:12:00.000Z');
    expect(view.finished[2]).toMatchObject({ status: 'seen', outcome: 'Case 123', finishedAt: '2025-03-01T10:20:00.000Z' });
  });

  it('When the queue is shown, then it says which surgery and when it was made, without internal bookkeeping', () => {
    expect(view.generatedAt).toBe(NOW.toISOString());
    expect(view.surgery).toEqual({
      id: state.surgery.id,
      ward: 'Riverside',
      startsAt: state.surgery.startsAt,
      endsAt: state.surgery.endsAt,
      joinUrl: state.surgery.joinUrl,
      councillors: ['Cllr Amina Patel', 'Cllr Tom Reid'],
      status: 'open',
    });
  });

  it('When a resident gave a mobile number, then councillors see that they can be alerted but not the number', () => {
    const visit = aVisit({ contact: { kind: 'mobile', value: '+447700900123' }, accessNeeds: 'BSL interpreter' });
    const [row] = buildQueueView({ surgery: aSurgery(), visits: [visit] }, WAIT, NOW).active;

    expect(row).toMatchObject({ hasContact: true, accessNeeds: 'BSL interpreter' });
    expect(JSON.stringify(row)).not.toContain('7700900123');
  });

  it('When a resident gave no contact, then the row says so', () => {
    const [row] = buildQueueView({ surgery: aSurgery(), visits: [aVisit()] }, WAIT, NOW).active;

    expect(row!.hasContact).toBe(false);
    expect(row).not.toHaveProperty('accessNeeds');
  });
});

describe('channelName', () => {
  it.each([
    ['msteams', 'Teams'],
    ['webchat', 'Web chat'],
    ['directline', 'Web chat'],
    ['emulator', 'Test chat'],
    ['phone', 'Phone'],
    ['web', 'Booking page'],
  ] as const)('When a resident came through %s, then councillors see "%s"', (channel, name) => {
    expect(channelName(channel)).toBe(name);
  });

  it('When a chat comes through a channel the bot does not know, then councillors see "Other chat", not its id', () => {
    expect(channelName(botChannel('slack'))).toBe('Other chat');
    expect(botChannel('msteams')).toBe('msteams');
  });

  it('When a visit saved before channels were checked names another channel, then councillors see "Other chat"', () => {
    expect(channelName('slack' as Channel)).toBe('Other chat');
    const [row] = buildQueueView({ surgery: aSurgery(), visits: [aVisit({ channel: 'slack' as Channel })] }, WAIT, NOW).active;
    expect(row!.channel).toBe('other');
  });
});

describe('placesOfWaitingResidents', () => {
  it('When residents are waiting, then each is told their place, estimate, ward and when the surgery ends', () => {
    const first = aVisit({ ticket: 3 });
    const second = aVisit({ ticket: 5 });
    const state: QueueState = {
      surgery: aSurgery({ ward: 'Hillside', endsAt: '2025-03-01T12:00:00.000Z' }),
      visits: [second, aVisit({ ticket: 1, status: 'in_consultation' }), aVisit({ ticket: 2, status: 'seen' }), first],
    };

    const estimates = estimateWaits(state, WAIT, NOW);
    const iso = (id: string) => {
      const e = estimates.get(id)!;
      return {
        admitAt: e.admitAt.toISOString(),
        earliest: e.earliest.toISOString(),
        latest: e.latest.toISOString(),
        reach: e.reach,
      };
    };
    const places = placesOfWaitingResidents(state, WAIT, NOW);
    expect(places).toEqual([
      {
        visitId: first.id,
        lobbyTag: first.lobbyTag,
        ward: 'Hillside',
        position: 1,
        estimate: iso(first.id),
        surgeryEndsAt: '2025-03-01T12:00:00.000Z',
      },
      {
        visitId: second.id,
        lobbyTag: second.lobbyTag,
        ward: 'Hillside',
        position: 2,
        estimate: iso(second.id),
        surgeryEndsAt: '2025-03-01T12:00:00.000Z',
      },
    ]);
    // Messages are stored as JSON before they are sent: a place must survive that unchanged.
    expect(JSON.parse(JSON.stringify(places))).toEqual(places);
  });

  it('When nobody is waiting, then nobody is told a place', () => {
    const state: QueueState = { surgery: aSurgery(), visits: [aVisit({ status: 'called' })] };

    expect(placesOfWaitingResidents(state, WAIT, NOW)).toEqual([]);
  });
});

describe('placeOfWaitingResident', () => {
  /** A queue of every kind a surgery has, from a seed: calls running long and short, slots, breaks, an early start. */
  function variedQueue(seed: number): QueueState {
    let x = seed;
    const random = (): number => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const minutes = (m: number): string => new Date(NOW.getTime() + m * 60_000).toISOString();
    const councillors = ['Cllr Amina Patel', 'Cllr Tom Reid', 'Cllr Ruth Okafor'].slice(0, 1 + Math.floor(random() * 3));
    const visits = [];
    let ticket = 0;
    for (const name of councillors) {
      if (random() < 0.7)
        visits.push(aVisit({ ticket: ++ticket, status: 'in_consultation', calledAt: minutes(-random() * 60), calledBy: name }));
    }
    for (let i = 0; i < 5; i++)
      visits.push(aVisit({ ticket: ++ticket, status: 'seen', calledAt: minutes(-90), finishedAt: minutes(-80 + i * 5) }));
    const waiting = 1 + Math.floor(random() * 60);
    for (let i = 0; i < waiting; i++) {
      const booked = random() < 0.15;
      visits.push(
        aVisit({ ticket: ++ticket, ...(booked ? { booked: true, slotStartsAt: minutes(-10 + Math.floor(random() * 20) * 10) } : {}) }),
      );
    }
    // Now, or before a start up to an hour away; an end from minutes to hours away; sometimes a break.
    const startsIn = random() < 0.3 ? random() * 60 : -30;
    const surgery = aSurgery({
      councillors,
      startsAt: minutes(startsIn),
      endsAt: minutes(startsIn + 5 + random() * 180),
      ticketsIssued: ticket,
      ...(random() < 0.2 ? { onBreak: { since: minutes(-5), until: minutes(random() * 20 - 5) } } : {}),
    });
    return { surgery, visits };
  }

  it('When one resident asks, in 200 queues of every kind, then their estimate and every admit time that orders the queue are those of the whole queue, to the millisecond', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const state = variedQueue(seed);
      const whole = estimateWaits(state, WAIT, NOW);
      const admitTimes = new Map([...whole].map(([id, estimate]) => [id, estimate.admitAt.getTime()]));
      for (const visitId of whole.keys()) {
        const asked = estimateWaitsFor(state, WAIT, NOW, visitId);
        expect(asked.estimate).toEqual(whole.get(visitId));
        expect(asked.admitTimes).toEqual(admitTimes);
      }
      const places = placesOfWaitingResidents(state, WAIT, NOW);
      for (const place of places) expect(placeOfWaitingResident(state, place.visitId, WAIT, NOW)).toEqual(place);
    }
  });

  it('When one resident asks, then they are told the place the whole queue gives them, booked or not', () => {
    const booked = aVisit({ ticket: 9, slotStartsAt: '2025-03-01T10:50:00.000Z', booked: true });
    const returned = aVisit({ ticket: 2, returnedAt: '2025-03-01T10:20:00.000Z' });
    const state: QueueState = {
      surgery: aSurgery({
        councillors: ['Cllr Amina Patel', 'Cllr Tom Reid'],
        dialIn: { number: '+44 20 3443 8725', conferenceId: '123456789#' },
      }),
      visits: [
        aVisit({ ticket: 1, status: 'in_consultation', calledAt: '2025-03-01T10:20:00.000Z' }),
        ...[3, 4, 5, 6, 7, 8].map((ticket) => aVisit({ ticket })),
        booked,
        returned,
      ],
    };
    const places = placesOfWaitingResidents(state, WAIT, NOW);

    expect(places).toHaveLength(8);
    for (const place of places) expect(placeOfWaitingResident(state, place.visitId, WAIT, NOW)).toEqual(place);
  });

  it('When the resident is not waiting, then they have no place', () => {
    const called = aVisit({ status: 'called' });
    const state: QueueState = { surgery: aSurgery(), visits: [called, aVisit({ ticket: 2 })] };

    expect(placeOfWaitingResident(state, called.id, WAIT, NOW)).toBeUndefined();
  });
});
