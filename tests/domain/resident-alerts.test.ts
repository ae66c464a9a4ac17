import type { QueueState, ResidentAlert, Visit, VisitStatus } from '../../bot/domain/model';
import { alertsDue, raiseAlerts } from '../../bot/domain/resident-alerts';
import { DEFAULT_WAIT_SETTINGS, WaitEstimate, estimateWaits } from '../../bot/domain/wait-model';
import { aSurgery, aVisit, someVisits } from '../support/builders';

const NOW = new Date('2025-03-01T10:30:00.000Z');
const SETTINGS = { gettingCloseMinutes: 5 };
const RAISED = '2025-03-01T10:00:00.000Z';

function estimate(minutesAway: number, probablyNot = false): WaitEstimate {
  const admitAt = new Date(NOW.getTime() + minutesAway * 60_000);
  return { admitAt, earliest: admitAt, latest: admitAt, reach: probablyNot ? 'probably_not' : 'in_time' };
}

describe('alertsDue: which alerts a resident is due, each once', () => {
  it.each<[string, VisitStatus, Partial<Record<ResidentAlert, string>>, number, boolean, ResidentAlert[]]>([
    ['waiting, it may be close to the end', 'waiting', {}, 80, false, []],
    ['waiting, estimated 20 minutes away', 'waiting', {}, 20, false, []],
    ['waiting, estimated 6 minutes away', 'waiting', {}, 6, false, []],
    ['waiting, estimated exactly 5 minutes away', 'waiting', {}, 5, false, ['getting_close']],
    ['waiting, estimated 2 minutes away', 'waiting', {}, 2, false, ['getting_close']],
    ['waiting, next now', 'waiting', {}, 0, false, ['getting_close']],
    ['waiting, 2 minutes away, already told', 'waiting', { getting_close: RAISED }, 2, false, []],
    ['waiting, likely not reached', 'waiting', {}, 90, true, ['may_not_be_reached']],
    ['waiting, likely not reached, already told', 'waiting', { may_not_be_reached: RAISED }, 90, true, []],
    ['waiting, close but likely not reached (the end is near)', 'waiting', {}, 3, true, ['may_not_be_reached']],
    [
      'waiting, told may not be reached, now close and likely reached',
      'waiting',
      { may_not_be_reached: RAISED },
      3,
      false,
      ['getting_close'],
    ],
    ['called', 'called', {}, 0, false, []],
    ['with a councillor', 'in_consultation', {}, 0, false, []],
    ['left', 'left', {}, 0, true, []],
  ])('When a resident is %s, then the alerts due are %j', (_, status, alerts, minutesAway, likelyNotReached, expected) => {
    expect(alertsDue(aVisit({ status, alerts }), estimate(minutesAway, likelyNotReached), SETTINGS, NOW)).toEqual(expected);
  });
});

describe('raiseAlerts: recording alerts on the queue', () => {
  // One councillor, ten minutes a consultation, surgery ending at 12:00: the first resident is next now, the
  // last ones will probably not be reached.
  function queueOf(count: number, status: 'open' | 'ended' = 'open'): QueueState {
    const surgery = aSurgery({ status });
    return { surgery, visits: someVisits(surgery, count) };
  }

  it('When the queue is long, then the first is told it is nearly their turn and those past the end that they may not be reached, once each', () => {
    const state = queueOf(18);
    const estimates = estimateWaits(state, DEFAULT_WAIT_SETTINGS, NOW);
    const notReached = state.visits.filter((v) => estimates.get(v.id)!.reach === 'probably_not').map((v) => v.id);
    expect(notReached.length).toBeGreaterThan(0);

    const change = raiseAlerts(state, DEFAULT_WAIT_SETTINGS, SETTINGS, NOW);

    expect(change.events).toEqual([
      { type: 'alerted', visitId: state.visits[0]!.id, alert: 'getting_close' },
      ...notReached.map((visitId) => ({ type: 'alerted', visitId, alert: 'may_not_be_reached' })),
    ]);
    expect(change.visits.map((v) => [v.id, v.alerts])).toEqual([
      [state.visits[0]!.id, { getting_close: NOW.toISOString() }],
      ...notReached.map((id) => [id, { may_not_be_reached: NOW.toISOString() }]),
    ]);
  });

  it('When the alerts were recorded, then raising them again (another tick, another instance) changes nothing', () => {
    const state = queueOf(18);
    const first = raiseAlerts(state, DEFAULT_WAIT_SETTINGS, SETTINGS, NOW);
    const saved: QueueState = { surgery: state.surgery, visits: state.visits.map((v) => first.visits.find((c) => c.id === v.id) ?? v) };

    const again = raiseAlerts(saved, DEFAULT_WAIT_SETTINGS, SETTINGS, NOW);

    expect(again).toEqual({ surgery: saved.surgery, visits: [], events: [] });
  });

  it('When time passes and one more resident will probably not be reached, then only they are told', () => {
    const state = queueOf(18);
    const first = raiseAlerts(state, DEFAULT_WAIT_SETTINGS, SETTINGS, NOW);
    const saved: QueueState = { surgery: state.surgery, visits: state.visits.map((v) => first.visits.find((c) => c.id === v.id) ?? v) };
    const later = new Date(NOW.getTime() + 10 * 60_000);
    const newlyNotReached = saved.visits.filter(
      (v) => !v.alerts?.may_not_be_reached && estimateWaits(saved, DEFAULT_WAIT_SETTINGS, later).get(v.id)!.reach === 'probably_not',
    );
    expect(newlyNotReached.length).toBeGreaterThan(0);

    const again = raiseAlerts(saved, DEFAULT_WAIT_SETTINGS, SETTINGS, later);

    expect(again.events).toEqual(newlyNotReached.map((v) => ({ type: 'alerted', visitId: v.id, alert: 'may_not_be_reached' })));
  });

  it('When the surgery has ended, then no alerts are raised', () => {
    expect(raiseAlerts(queueOf(12, 'ended'), DEFAULT_WAIT_SETTINGS, SETTINGS, NOW).events).toEqual([]);
  });

  it('When a resident is being seen, then only waiting residents are alerted, and a visit keeps what it had', () => {
    const surgery = aSurgery();
    const withCouncillor: Visit = aVisit({
      surgeryId: surgery.id,
      ticket: 1,
      status: 'in_consultation',
      calledAt: '2025-03-01T10:29:00.000Z',
      calledBy: 'Cllr Amina Patel',
    });
    const next = aVisit({ surgeryId: surgery.id, ticket: 2, name: 'Omar Farouk', contact: { kind: 'mobile', value: '07700 900123' } });

    const change = raiseAlerts({ surgery, visits: [withCouncillor, next] }, DEFAULT_WAIT_SETTINGS, SETTINGS, NOW);

    // With about nine minutes of the consultation still to run, the next resident is not yet within five minutes.
    expect(change.events).toEqual([]);
    const later = raiseAlerts(
      { surgery, visits: [withCouncillor, next] },
      DEFAULT_WAIT_SETTINGS,
      SETTINGS,
      new Date(NOW.getTime() + 6 * 60_000),
    );
    expect(later.events).toEqual([{ type: 'alerted', visitId: next.id, alert: 'getting_close' }]);
    expect(later.visits[0]).toMatchObject({ name: 'Omar Farouk', contact: { kind: 'mobile', value: '07700 900123' }, status: 'waiting' });
  });
});
