import { followedByMeeting, holdMeetingPending, holds, MeetingFollows, settleMeetingPending } from '../../bot/domain/meeting-pending';
import type { MeetingChange, MeetingPending, QueueState, Surgery } from '../../bot/domain/model';
import { meetingChangesOf } from '../../bot/domain/surgery-meeting';
import { meetingApisHeard, recordMeetingApiOutcome } from '../../bot/domain/stage-notices';
import { aSurgery } from '../support/builders';

const NOW = new Date('2025-03-01T09:00:00.000Z');
const minutesAfter = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const MEETING = { eventId: 'event-1', onlineMeetingId: 'online-1' };
const BENS: MeetingPending = { id: 'p1', what: ['time'], by: 'Cllr Ben Ode', at: '2025-03-01T08:00:00.000Z' };

const stateOf = (surgery: Surgery): QueueState => ({ surgery, visits: [], bookings: [] });
const changeOf = (surgery: Surgery) => ({ surgery, visits: [], events: [] });

describe('followedByMeeting: who may change the Teams meeting decides what waits', () => {
  const cases: Array<[string, MeetingPending | undefined, MeetingFollows, MeetingChange[], MeetingPending | undefined]> = [
    ['someone else moves it', undefined, 'later', ['time'], { id: 'p2', what: ['time'], by: 'Cllr Cy Dale', at: NOW.toISOString() }],
    [
      'someone else changes the councillors after a move',
      BENS,
      'later',
      ['councillors'],
      { id: 'p2', what: ['time', 'councillors'], by: 'Cllr Cy Dale', at: NOW.toISOString() },
    ],
    [
      'someone else cancels after a move',
      BENS,
      'later',
      ['cancelled'],
      { id: 'p2', what: ['cancelled'], by: 'Cllr Cy Dale', at: NOW.toISOString() },
    ],
    ['someone else changes what the meeting does not show', BENS, 'later', [], BENS],
    ['the organiser changes anything', BENS, 'now', [], undefined],
    ['Graph cannot be reached here', undefined, 'never', ['time'], undefined],
  ];

  it.each(cases)('When %s, then what waits for the organiser is as expected', (_when, earlier, follows, what, expected) => {
    const surgery = aSurgery({ teamsMeeting: MEETING, ...(earlier ? { meetingPending: earlier } : {}) });

    const change = followedByMeeting(changeOf(surgery), follows, what, { id: 'p2', by: 'Cllr Cy Dale' }, NOW);

    expect(change.surgery.meetingPending).toEqual(expected);
  });

  it('When the times or the invited councillors differ, then those are what the meeting is to show; names alone are not', () => {
    const before = { startsAt: '2025-03-01T10:00:00.000Z', endsAt: '2025-03-01T12:00:00.000Z', councillorAccounts: ['ben@x.example'] };
    expect(meetingChangesOf(before, { ...before, endsAt: '2025-03-01T13:00:00.000Z' })).toEqual(['time']);
    expect(meetingChangesOf(before, { ...before, councillorAccounts: ['cy@x.example'] })).toEqual(['councillors']);
    expect(meetingChangesOf(before, { ...before, councillorAccounts: ['ben@x.example', '0000be00-0000-4000-8000-000000000002'] })).toEqual(
      [],
    );
  });
});

describe('holdMeetingPending and settleMeetingPending: one instance applies it, once', () => {
  const pendingSurgery = () => aSurgery({ teamsMeeting: MEETING, meetingPending: BENS });

  it('When an instance holds the change, then another cannot until the hold lapses, 2 minutes on', () => {
    const held = holdMeetingPending(stateOf(pendingSurgery()), 'one', NOW).surgery;
    expect(holds(held, 'one')).toBe(true);

    expect(holds(holdMeetingPending(stateOf(held), 'two', minutesAfter(1)).surgery, 'two')).toBe(false);
    expect(holds(holdMeetingPending(stateOf(held), 'two', minutesAfter(2)).surgery, 'two')).toBe(true);
  });

  it('When Graph accepted it, then it is gone; when Graph refused, it stays with why and waits 10 minutes', () => {
    const held = stateOf(holdMeetingPending(stateOf(pendingSurgery()), 'one', NOW).surgery);

    expect(settleMeetingPending(held, 'p1', undefined, NOW).surgery.meetingPending).toBeUndefined();
    const refused = settleMeetingPending(held, 'p1', 'Microsoft 365 did not answer.', NOW).surgery;
    expect(refused.meetingPending).toEqual({
      ...BENS,
      refused: 'Microsoft 365 did not answer.',
      heldUntil: minutesAfter(10).toISOString(),
    });
    expect(holds(holdMeetingPending(stateOf(refused), 'two', minutesAfter(9)).surgery, 'two')).toBe(false);
    expect(holds(holdMeetingPending(stateOf(refused), 'two', minutesAfter(10)).surgery, 'two')).toBe(true);
  });

  it('When a later change replaced it while it was applied, then the later one stays to be applied', () => {
    const later = aSurgery({ teamsMeeting: MEETING, meetingPending: { ...BENS, id: 'p2' } });

    expect(settleMeetingPending(stateOf(later), 'p1', undefined, NOW).surgery.meetingPending?.id).toBe('p2');
  });

  it('When the surgery has no meeting Surgery Queue made, then there is nothing to hold', () => {
    const pasted = aSurgery({ meetingPending: BENS });

    expect(holds(holdMeetingPending(stateOf(pasted), 'one', NOW).surgery, 'one')).toBe(false);
  });
});

describe('recordMeetingApiOutcome: the newest word from Teams wins', () => {
  const at = (minute: number) => minutesAfter(minute).toISOString();
  const cases: Array<[string, Array<[boolean, number]>, string | undefined]> = [
    ['refused', [[false, 1]], at(1)],
    [
      'refused, then answered',
      [
        [false, 1],
        [true, 2],
      ],
      undefined,
    ],
    [
      'refused, then an older answer arrives',
      [
        [false, 2],
        [true, 1],
      ],
      at(2),
    ],
    [
      'answered, then an older refusal arrives',
      [
        [true, 2],
        [false, 1],
      ],
      undefined,
    ],
    [
      'refused twice',
      [
        [false, 1],
        [false, 2],
      ],
      at(1),
    ],
  ];

  it.each(cases)('When Teams is heard to have %s, then the surgery keeps the newest', (_when, words, refusedAt) => {
    let surgery = aSurgery();
    for (const [answered, minute] of words)
      surgery = recordMeetingApiOutcome(stateOf(surgery), 'participants', answered, at(minute)).surgery;

    expect(surgery.meetingApisRefusedAt?.participants).toBe(refusedAt);
  });

  it('When Teams refused before the surgery was set up, then it starts out knowing, and when Teams was last heard', () => {
    expect(meetingApisHeard({ details: { refused: true, at: at(1) }, participants: { refused: false, at: at(2) } })).toEqual({
      meetingApisRefusedAt: { details: at(1) },
      meetingApisSeenAt: { details: at(1), participants: at(2) },
    });
    expect(meetingApisHeard({})).toEqual({});
  });
});
