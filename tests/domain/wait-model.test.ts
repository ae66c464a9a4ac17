import type { Reach } from '../../bot/api-types';
import { learnCallLengths } from '../../bot/domain/call-lengths';
import { lognormalMoments, remainingMoments } from '../../bot/domain/lognormal';
import type { QueueState, Visit } from '../../bot/domain/model';
import {
  Booking,
  CouncillorPause,
  DEFAULT_WAIT_SETTINGS,
  WaitEstimate,
  WaitSettings,
  estimateWaits,
  fairEstimates,
  forecastWaits,
  naiveEstimates,
} from '../../bot/domain/wait-model';
import { describeWindow, shownWindow } from '../../bot/domain/wait-window';
import { aSurgery, aVisit } from '../support/builders';

// Half an hour into a surgery that runs 10:00 to 12:00.
const NOW = new Date('2025-03-01T10:30:00.000Z');
const COUNCILLORS = ['Cllr Amina Patel', 'Cllr Tom Reid', 'Cllr Ruth Okafor'];
// No no-shows, so lengths in these tests are just the consultations.
const SETTINGS: WaitSettings = { ...DEFAULT_WAIT_SETTINGS, priorNoShowRate: 0 };
const PRIOR = { minutes: SETTINGS.priorMinutes, weight: SETTINGS.priorWeight, noShowRate: 0, noShowMinutes: SETTINGS.noShowMinutes };

const minutesAgo = (minutes: number): string => new Date(NOW.getTime() - minutes * 60_000).toISOString();
const inMinutes = (minutes: number): Date => new Date(NOW.getTime() + minutes * 60_000);
const minutesFromNow = (time: Date): number => (time.getTime() - NOW.getTime()) / 60_000;

/** A resident seen earlier today whose consultation took `minutes` from call to finish. */
function seen(minutes: number, ticket = 100): Visit {
  return aVisit({
    ticket,
    status: 'seen',
    calledAt: minutesAgo(minutes + 5),
    joinedAt: minutesAgo(minutes + 4),
    finishedAt: minutesAgo(5),
    outcome: 'Done.',
  });
}

function waiting(count: number, firstTicket = 1): Visit[] {
  return Array.from({ length: count }, (_, i) => aVisit({ ticket: firstTicket + i, name: `Resident ${firstTicket + i}` }));
}

function queue(councillors: number, visits: Visit[]): QueueState {
  return { surgery: aSurgery({ councillors: COUNCILLORS.slice(0, councillors) }), visits };
}

/** A queue in a surgery that runs all day, so its end shapes nobody's time. */
function longQueue(councillors: number, visits: Visit[]): QueueState {
  return { surgery: aSurgery({ councillors: COUNCILLORS.slice(0, councillors), endsAt: '2025-03-01T20:00:00.000Z' }), visits };
}

/** The estimates of the waiting residents, in ticket order. */
function estimatesOf(state: QueueState, estimates: Map<string, WaitEstimate>): WaitEstimate[] {
  return state.visits
    .filter((v) => v.status === 'waiting')
    .sort((a, b) => a.ticket - b.ticket)
    .map((v) => estimates.get(v.id)!);
}

const admitMinutes = (estimates: WaitEstimate[]): number[] => estimates.map((e) => minutesFromNow(e.admitAt));
const consultationMean = (visits: Visit[]): number => {
  const { mu, sigma } = learnCallLengths(visits, PRIOR, NOW);
  return lognormalMoments(mu, sigma).mean;
};

describe('learnCallLengths', () => {
  it('When no consultation has finished yet, then the expected length is the prior', () => {
    expect(consultationMean([])).toBeCloseTo(10, 6);
  });

  it.each<[number, number, number]>([
    [1, 10.5, 12],
    [4, 12.5, 15],
    [20, 17, 19],
    [50, 18, 20.5],
  ])(
    'When %i consultations of about 20 minutes have finished, then the expected length moves from 10 toward 20 (%d to %d)',
    (count, low, high) => {
      const visits = Array.from({ length: count }, (_, i) => seen([14, 18, 20, 22, 26][i % 5]!, 100 + i));

      const mean = consultationMean(visits);

      expect(mean).toBeGreaterThan(low);
      expect(mean).toBeLessThan(high);
    },
  );

  it('When one consultation ran two hours among ordinary ones, then the expected length barely moves', () => {
    const ordinary = [9, 10, 11, 8, 12, 10, 9, 11, 10].map((m, i) => seen(m, 100 + i));

    const without = consultationMean(ordinary);
    const withOutlier = consultationMean([...ordinary, seen(120, 200)]);

    // A plain average would double (10 to 20 minutes).
    expect(withOutlier / without).toBeLessThan(1.15);
  });

  it('When a resident was marked seen without being marked joined, then their consultation still counts, from call to finish', () => {
    const visit = aVisit({ status: 'seen', calledAt: minutesAgo(35), finishedAt: minutesAgo(5) });

    expect(consultationMean([visit])).toBeGreaterThan(consultationMean([]));
  });

  it('When a consultation is still running long, then it counts as a long one rather than being left out', () => {
    const finished = [8, 9, 10].map((m, i) => seen(m, 100 + i));
    const running = aVisit({ ticket: 9, status: 'in_consultation', calledAt: minutesAgo(40), joinedAt: minutesAgo(39) });

    expect(consultationMean([...finished, running])).toBeGreaterThan(consultationMean(finished));
  });

  it('When called residents keep not joining, then a call is expected to take a councillor less time', () => {
    const noShow = (ticket: number): Visit => aVisit({ ticket, status: 'no_show', calledAt: minutesAgo(8), finishedAt: minutesAgo(5) });
    const prior = { ...PRIOR, noShowRate: 0.1 };

    const usual = learnCallLengths([seen(10, 1), seen(10, 2)], prior, NOW);
    const flaky = learnCallLengths([seen(10, 1), seen(10, 2), noShow(3), noShow(4), noShow(5)], prior, NOW);

    expect(flaky.noShowRate).toBeGreaterThan(usual.noShowRate);
    expect(flaky.call.mean).toBeLessThan(usual.call.mean);
  });
});

describe('remainingMoments', () => {
  const { mu, sigma } = learnCallLengths([], PRIOR, NOW);
  const remaining = (elapsed: number): number => remainingMoments(mu, sigma, elapsed).mean;

  it('When a consultation has just started, then all of the expected length is still to run', () => {
    expect(remaining(0)).toBeCloseTo(10, 6);
  });

  it('When a consultation has run far past the usual length, then more is expected to remain the longer it has run', () => {
    expect(remaining(60)).toBeGreaterThan(remaining(30));
    expect(remaining(30)).toBeGreaterThan(remaining(15));
    expect(remaining(15)).toBeGreaterThan(3);
  });
});

describe('estimateWaits', () => {
  it.each([1, 2, 3])(
    'When %i councillor(s) serve in parallel, then that many residents are called at once and the queue moves that many times faster',
    (councillors) => {
      const state = queue(councillors, waiting(6));

      const minutes = admitMinutes(estimatesOf(state, estimateWaits(state, SETTINGS, NOW)));

      expect(minutes.slice(0, councillors)).toEqual(Array(councillors).fill(0));
      expect(minutes[councillors]).toBeGreaterThan(6);
      expect(minutes[councillors]).toBeLessThan(10);
      // The sixth resident waits for (6 / councillors - 1) rounds of about ten minutes.
      expect(minutes[5]! / (6 / councillors - 1)).toBeGreaterThan(8);
      expect(minutes[5]! / (6 / councillors - 1)).toBeLessThan(10);
    },
  );

  it('When nothing has finished yet, then estimates scale with the prior consultation length', () => {
    const state = longQueue(1, waiting(4));

    const tenMinutes = admitMinutes(estimatesOf(state, estimateWaits(state, SETTINGS, NOW)));
    const twentyMinutes = admitMinutes(estimatesOf(state, estimateWaits(state, { ...SETTINGS, priorMinutes: 20 }, NOW)));

    // Times are whole milliseconds, so only nearly exact.
    twentyMinutes.forEach((minutes, i) => expect(minutes).toBeCloseTo(2 * tenMinutes[i]!, 3));
  });

  it("When this surgery's consultations have been taking 20 minutes, then the queue is expected to move at about that pace", () => {
    const finished = Array.from({ length: 12 }, (_, i) => seen(20, 100 + i));
    const state = queue(1, [...finished, ...waiting(4)]);

    const minutes = admitMinutes(estimatesOf(state, estimateWaits(state, SETTINGS, NOW)));

    expect(minutes[3]! / 3).toBeGreaterThan(16);
    expect(minutes[3]! / 3).toBeLessThan(21);
  });

  it.each<[number, number, number]>([
    [0, 8, 10],
    [10, 4, 7],
    [30, 5, 8],
    [60, 7, 11],
  ])('When the current consultation has run %i minutes, then the next resident is expected in %d to %d minutes', (elapsed, low, high) => {
    const current = aVisit({
      ticket: 1,
      status: 'in_consultation',
      calledAt: minutesAgo(elapsed),
      joinedAt: minutesAgo(Math.max(elapsed - 1, 0)),
    });
    const state = queue(1, [current, ...waiting(1, 2)]);

    const [next] = admitMinutes(estimatesOf(state, estimateWaits(state, SETTINGS, NOW)));

    expect(next).toBeGreaterThan(low);
    expect(next).toBeLessThan(high);
  });

  it('When three councillors have each just called someone, then the next three are expected as the calls finish one by one, the first well before an ordinary consultation ends', () => {
    const justCalled = COUNCILLORS.map((name, i) =>
      aVisit({ ticket: i + 1, status: 'in_consultation', calledAt: NOW.toISOString(), joinedAt: NOW.toISOString(), calledBy: name }),
    );
    const state = longQueue(3, [...justCalled, ...waiting(3, 4)]);

    const [first, second, third] = admitMinutes(estimatesOf(state, estimateWaits(state, SETTINGS, NOW)));

    // One councillor alone is expected free in about 10 minutes; the first of three, in well under that.
    expect(first).toBeLessThan(7);
    expect(second).toBeGreaterThan(first! + 1);
    expect(third).toBeGreaterThan(second! + 1);
    expect(third).toBeGreaterThan(10);
  });

  it('When a consultation has run long, then the next resident is expected later than after an ordinary one', () => {
    const nextAfter = (elapsed: number): number => {
      const current = aVisit({ ticket: 1, status: 'in_consultation', calledAt: minutesAgo(elapsed), joinedAt: minutesAgo(elapsed - 1) });
      const state = queue(1, [current, ...waiting(1, 2)]);
      return admitMinutes(estimatesOf(state, estimateWaits(state, SETTINGS, NOW)))[0]!;
    };

    expect(nextAfter(60)).toBeGreaterThan(nextAfter(30));
    expect(nextAfter(30)).toBeGreaterThan(nextAfter(12));
  });

  it('When the councillor who called a resident is named, then that councillor is the busy one', () => {
    const current = aVisit({
      ticket: 1,
      status: 'in_consultation',
      calledAt: minutesAgo(2),
      joinedAt: minutesAgo(1),
      calledBy: COUNCILLORS[1],
    });
    const state = queue(2, [current, ...waiting(1, 2)]);
    // The busy councillor's break would otherwise make the other one look like the busy one.
    const pauses: CouncillorPause[] = [{ from: NOW, to: inMinutes(30), councillor: COUNCILLORS[1] }];

    const [next] = admitMinutes(estimatesOf(state, forecastWaits({ state, pauses }, SETTINGS, NOW)));

    expect(next).toBe(0);
  });

  it('When residents are out of ticket order in storage, then the estimates are the same', () => {
    const visits = [seen(12), ...waiting(5)];
    const state = queue(2, visits);
    const shuffled = queue(2, [visits[3]!, visits[5]!, visits[0]!, visits[1]!, visits[4]!, visits[2]!]);
    shuffled.surgery = state.surgery;

    expect(estimateWaits(shuffled, SETTINGS, NOW)).toEqual(estimateWaits(state, SETTINGS, NOW));
  });

  it('When asked twice about the same queue, then the answers are identical and the queue is unchanged', () => {
    const state = queue(2, [seen(12), aVisit({ ticket: 2, status: 'called', calledAt: minutesAgo(1) }), ...waiting(5, 3)]);
    const before = JSON.stringify(state);

    const first = estimateWaits(state, SETTINGS, NOW);
    const second = estimateWaits(state, SETTINGS, NOW);

    expect(second).toEqual(first);
    expect(JSON.stringify(state)).toBe(before);
  });

  it('When residents are not waiting, then they get no estimate', () => {
    const state = queue(1, [
      seen(10, 1),
      aVisit({ ticket: 2, status: 'called', calledAt: minutesAgo(1) }),
      aVisit({ ticket: 3, status: 'left' }),
      ...waiting(2, 4),
    ]);

    expect([...estimateWaits(state, SETTINGS, NOW).keys()]).toEqual(state.visits.slice(3).map((v) => v.id));
  });
});

describe('estimateWaits windows', () => {
  it('When estimates are made, then each window holds the admit time and is never in the past', () => {
    const state = queue(2, [
      seen(8),
      seen(15, 101),
      aVisit({ ticket: 3, status: 'in_consultation', calledAt: minutesAgo(20), joinedAt: minutesAgo(19) }),
      ...waiting(8, 4),
    ]);

    for (const estimate of estimateWaits(state, SETTINGS, NOW).values()) {
      expect(estimate.earliest.getTime()).toBeLessThanOrEqual(estimate.admitAt.getTime());
      expect(estimate.admitAt.getTime()).toBeLessThanOrEqual(estimate.latest.getTime());
      expect(estimate.earliest.getTime()).toBeGreaterThanOrEqual(NOW.getTime());
    }
  });

  it('When a resident is further back in the queue, then their window is wider', () => {
    const state = queue(1, waiting(6));

    const widths = estimatesOf(state, estimateWaits(state, SETTINGS, NOW)).map(
      (e) => minutesFromNow(e.latest) - minutesFromNow(e.earliest),
    );

    widths.slice(1).forEach((width, i) => expect(width).toBeGreaterThan(widths[i]!));
  });

  it('When many consultations have taken just the same time, then windows are narrower than with no data at all', () => {
    const steady = Array.from({ length: 30 }, (_, i) => seen(10, 100 + i));
    const width = (visits: Visit[]): number => {
      const state = longQueue(1, [...visits, ...waiting(5)]);
      const last = estimatesOf(state, estimateWaits(state, SETTINGS, NOW))[4]!;
      return minutesFromNow(last.latest) - minutesFromNow(last.earliest);
    };

    expect(width(steady)).toBeLessThan(width([]) / 2);
  });

  it('When the next resident will be called straight away, then their window is still a few minutes, not to the minute', () => {
    const state = queue(1, waiting(1));

    const [estimate] = estimatesOf(state, estimateWaits(state, SETTINGS, NOW));

    expect(estimate).toEqual({ admitAt: NOW, earliest: NOW, latest: inMinutes(5), reach: 'in_time' });
  });

  it.each<[string, Date, string]>([
    ['at 10:32, half an hour into the surgery', new Date('2025-03-01T10:32:00.000Z'), '2025-03-01T10:32:00.000Z'],
    ['at 9:45, before the surgery starts at 10:00', new Date('2025-03-01T09:45:00.000Z'), '2025-03-01T10:00:00.000Z'],
  ])('When the estimate is made %s, then the window never starts before then or before the start', (_, now, first) => {
    const state = queue(1, waiting(3));

    const [next, ...later] = estimatesOf(state, estimateWaits(state, SETTINGS, now));

    expect(next!.earliest.toISOString()).toBe(first);
    expect(next!.admitAt.getTime()).toBeGreaterThanOrEqual(Date.parse(first));
    for (const estimate of later) expect(estimate.earliest.getTime()).toBeGreaterThanOrEqual(Date.parse(first));
  });
});

describe('estimateWaits near the end of the surgery', () => {
  const ORDER: Reach[] = ['in_time', 'close_to_end', 'probably_not'];

  // From 10:30 the surgery has 90 minutes left.
  it.each([1, 2, 3])(
    'When %i councillor(s) face a long queue, then the first are promised, those around the end are told it may be close, only the rest are warned, and every time told is before the end',
    (councillors) => {
      const state = queue(councillors, waiting(45));

      const estimates = estimatesOf(state, estimateWaits(state, SETTINGS, NOW));
      const reaches = estimates.map((e) => e.reach);

      expect(reaches.map((r) => ORDER.indexOf(r))).toEqual([...reaches.map((r) => ORDER.indexOf(r))].sort((a, b) => a - b));
      expect(new Set(reaches)).toEqual(new Set(ORDER));
      for (const e of estimates) {
        // Every time told is of being called today, so no window runs past the end.
        expect(minutesFromNow(e.latest)).toBeLessThanOrEqual(90);
        // Warned residents are told when they would be called if they are reached after all: near the end.
        if (e.reach === 'probably_not') expect(minutesFromNow(e.earliest)).toBeGreaterThanOrEqual(60);
      }
      expect(reaches.indexOf('probably_not')).toBeGreaterThan(8 * councillors - 1);
      expect(reaches.indexOf('probably_not')).toBeLessThan(15 * councillors);
    },
  );

  it('When the queue fits comfortably before the end, then everyone is promised they will be seen', () => {
    const state = queue(2, waiting(6));

    expect([...estimateWaits(state, SETTINGS, NOW).values()].every((e) => e.reach === 'in_time')).toBe(true);
  });

  it('When many consultations have taken just the same time, then fewer residents are told it may be close to the end', () => {
    const steady = Array.from({ length: 30 }, (_, i) => seen(10, 100 + i));
    const unsure = (visits: Visit[]): number => {
      const state = queue(1, [...visits, ...waiting(12)]);
      return [...estimateWaits(state, SETTINGS, NOW).values()].filter((e) => e.reach === 'close_to_end').length;
    };

    expect(unsure(steady)).toBeLessThan(unsure([]));
  });
});

describe('estimateWaits after other queues', () => {
  type WaitModel = typeof import('../../bot/domain/wait-model');
  const fresh = async (): Promise<WaitModel> => {
    let model: WaitModel | undefined;
    await jest.isolateModulesAsync(async () => {
      model = await import('../../bot/domain/wait-model');
    });
    return model!;
  };

  it('When other queues were estimated first, then a queue near its end gets exactly the estimates it gets estimated alone', async () => {
    // Residents around the end are told times from quantiles worked out afresh, the ones the model keeps parts of.
    const state = queue(2, waiting(30));
    const alone = (await fresh()).estimateWaits(state, SETTINGS, NOW);
    const model = await fresh();
    for (let minutes = 0; minutes < 90; minutes += 7)
      for (const councillors of [1, 3]) model.estimateWaits(queue(councillors, waiting(45)), SETTINGS, inMinutes(minutes));

    expect(model.estimateWaits(state, SETTINGS, NOW)).toEqual(alone);
    expect(new Set([...alone.values()].map((e) => e.reach))).toEqual(new Set(['in_time', 'close_to_end', 'probably_not']));
  });
});

describe('forecastWaits with booked slots', () => {
  it("When a booked resident's slot comes after the councillor is free, then they are expected at their slot exactly", () => {
    const dropIns = queue(1, waiting(2));
    const booked = aVisit({ ticket: 3 });
    const state = { ...dropIns, visits: [...dropIns.visits, booked] };
    const bookings: Booking[] = [{ visitId: booked.id, slotAt: inMinutes(45) }];

    const estimates = forecastWaits({ state, bookings }, SETTINGS, NOW);

    expect(estimates.get(booked.id)!.admitAt).toEqual(inMinutes(45));
    expect(estimates.get(booked.id)!.earliest).toEqual(inMinutes(45));
    for (const [visitId, estimate] of estimateWaits(dropIns, SETTINGS, NOW)) expect(estimates.get(visitId)).toEqual(estimate);
  });

  it("When a booked resident's slot has come, then they are called before drop-ins who checked in earlier", () => {
    const dropIns = waiting(4);
    const booked = aVisit({ ticket: 5 });
    const state = queue(1, [...dropIns, booked]);

    const estimates = forecastWaits({ state, bookings: [{ visitId: booked.id, slotAt: inMinutes(5) }] }, SETTINGS, NOW);

    const bookedAt = minutesFromNow(estimates.get(booked.id)!.admitAt);
    expect(bookedAt).toBeGreaterThan(minutesFromNow(estimates.get(dropIns[0]!.id)!.admitAt));
    expect(bookedAt).toBeLessThan(minutesFromNow(estimates.get(dropIns[1]!.id)!.admitAt));
  });

  it('When a booked resident has not checked in yet, then their slot still pushes drop-ins back', () => {
    const state = queue(1, waiting(3));
    const withoutBooking = admitMinutes(estimatesOf(state, estimateWaits(state, SETTINGS, NOW)));

    const withBooking = admitMinutes(
      estimatesOf(state, forecastWaits({ state, bookings: [{ visitId: 'booked-later', slotAt: inMinutes(15) }] }, SETTINGS, NOW)),
    );

    expect(withBooking.slice(0, 2)).toEqual(withoutBooking.slice(0, 2));
    expect(withBooking[2]! - withoutBooking[2]!).toBeGreaterThan(5);
  });

  it.each<[string, (visitId: string) => Visit | undefined, number]>([
    ['has already been seen', (id) => ({ ...seen(10), id }), 15],
    ['has left the queue', (id) => aVisit({ id, ticket: 50, status: 'left' }), 15],
    ['never came and their slot passed long ago', () => undefined, -30],
  ])('When a booked resident %s, then their slot holds nobody up', (_, visitOf, slotMinutes) => {
    const visit = visitOf('booked');
    const state = queue(1, [...(visit ? [visit] : []), ...waiting(3)]);

    const withBooking = forecastWaits({ state, bookings: [{ visitId: 'booked', slotAt: inMinutes(slotMinutes) }] }, SETTINGS, NOW);

    expect(withBooking).toEqual(estimateWaits(state, SETTINGS, NOW));
  });
});

describe('forecastWaits with councillor breaks', () => {
  it('When every councillor is on a break for 20 minutes, then nobody is called until it ends', () => {
    const state = queue(2, waiting(3));
    const pauses: CouncillorPause[] = [{ from: inMinutes(-5), to: inMinutes(20) }];

    const minutes = admitMinutes(estimatesOf(state, forecastWaits({ state, pauses }, SETTINGS, NOW)));

    expect(minutes.slice(0, 2)).toEqual([20, 20]);
    expect(minutes[2]).toBeGreaterThan(26);
    expect(minutes[2]).toBeLessThan(30);
  });

  it('When one of two councillors takes a break, then the other one carries the queue meanwhile', () => {
    const state = queue(2, waiting(3));
    const pauses: CouncillorPause[] = [{ from: NOW, to: inMinutes(30), councillor: COUNCILLORS[0] }];

    const minutes = admitMinutes(estimatesOf(state, forecastWaits({ state, pauses }, SETTINGS, NOW)));
    const oneCouncillor = admitMinutes(estimatesOf(queue(1, state.visits), estimateWaits(queue(1, state.visits), SETTINGS, NOW)));

    expect(minutes[0]).toBe(0);
    expect(minutes[1]).toBeCloseTo(oneCouncillor[1]!, 0);
    expect(minutes[2]).toBeLessThan(30);
  });

  it.each<[string, number, number]>([
    ['starts while a councillor is with a resident', 5, 25],
    ['began before the resident with the councillor was called', -5, 20],
  ])('When a break %s, then the councillor calls nobody new until it ends', (_, fromMinutes, toMinutes) => {
    const current = aVisit({ ticket: 1, status: 'in_consultation', calledAt: minutesAgo(2), joinedAt: minutesAgo(1) });
    const state = queue(1, [current, ...waiting(1, 2)]);
    const pauses: CouncillorPause[] = [{ from: inMinutes(fromMinutes), to: inMinutes(toMinutes) }];

    const [next] = admitMinutes(estimatesOf(state, forecastWaits({ state, pauses }, SETTINGS, NOW)));

    expect(next).toBe(toMinutes);
  });

  it.each<[string, CouncillorPause]>([
    ['is over', { from: inMinutes(-40), to: inMinutes(-10) }],
    ['has no length', { from: inMinutes(5), to: inMinutes(5) }],
    ['is for someone not at this surgery', { from: NOW, to: inMinutes(30), councillor: 'Cllr Someone Else' }],
  ])('When a break %s, then it changes nothing', (_, pause) => {
    const state = queue(1, waiting(3));

    expect(forecastWaits({ state, pauses: [pause] }, SETTINGS, NOW)).toEqual(estimateWaits(state, SETTINGS, NOW));
  });
});

describe('naiveEstimates and fairEstimates', () => {
  it('When residents wait, then the naive estimate is ten minutes for each place, whatever the councillors', () => {
    const state = queue(3, [seen(30, 1), ...waiting(3, 2)]);

    expect([...naiveEstimates(state, NOW).values()].map(minutesFromNow)).toEqual([10, 20, 30]);
  });

  it.each<[number, number[]]>([
    [1, [10, 20, 30]],
    [2, [5, 10, 15]],
  ])('When %i councillor(s) serve, then the fair estimate shares the ten minutes a place among them', (councillors, minutes) => {
    const state = queue(councillors, waiting(3));

    expect([...fairEstimates(state, NOW).values()].map(minutesFromNow)).toEqual(minutes);
  });
});

describe('shownWindow and describeWindow', () => {
  const BEFORE = new Date('2025-03-01T09:00:00Z');
  it.each<[string, string, Date, string]>([
    ['2025-03-01T14:41:00Z', '2025-03-01T14:52:00Z', BEFORE, 'about 2:40pm to 2:55pm'],
    ['2025-03-01T11:52:00Z', '2025-03-01T12:07:00Z', BEFORE, 'about 11:50am to 12:10pm'],
    ['2025-03-01T14:40:00Z', '2025-03-01T14:40:00Z', BEFORE, 'about 2:40pm'],
    ['2025-07-01T13:41:00Z', '2025-07-01T13:52:00Z', BEFORE, 'about 2:40pm to 2:55pm'],
    ['2025-03-01T15:53:00Z', '2025-03-01T15:54:00Z', new Date('2025-03-01T15:52:00Z'), 'about 3:52pm to 3:55pm'],
    ['2025-03-01T09:50:00Z', '2025-03-01T10:03:00Z', new Date('2025-03-01T10:00:00Z'), 'about 10am to 10:05am'],
    ['2025-03-01T20:56:00Z', '2025-03-01T20:58:00Z', BEFORE, 'about 8:55pm to 9pm'],
    ['2025-03-01T21:00:00Z', '2025-03-01T21:12:00Z', BEFORE, 'about 9pm to 9:15pm'],
    ['2025-07-01T20:00:00Z', '2025-07-01T20:00:00Z', BEFORE, 'about 9pm'],
    ['2025-03-01T12:00:00Z', '2025-03-01T12:14:00Z', BEFORE, 'about midday to 12:15pm'],
    ['2025-07-01T10:56:00Z', '2025-07-01T10:59:00Z', BEFORE, 'about 11:55am to midday'],
    ['2025-03-01T23:47:00Z', '2025-03-01T23:59:00Z', BEFORE, 'about 11:45pm to midnight'],
  ])(
    'When the likely times run from %s to %s and it is not before %s, then residents read "%s"',
    (earliest, latest, notBefore, expected) => {
      const shown = shownWindow({ earliest: new Date(earliest), latest: new Date(latest) }, notBefore);

      expect(shown.earliest.getTime()).toBeGreaterThanOrEqual(notBefore.getTime());
      expect(describeWindow(shown)).toBe(expected);
    },
  );
});
