import type { QueueState, Visit } from '../../bot/domain/model';
import { DEFAULT_WAIT_SETTINGS, estimateWaits } from '../../bot/domain/wait-model';
import { RECENT_SURGERIES, SurgeryLengths, surgeryLengths, wardPrior, withRecent } from '../../bot/domain/ward-lengths';
import { aSurgery, aVisit } from '../support/builders';

const NOW = new Date('2025-03-01T10:00:00.000Z');
const COUNCIL_MINUTES = 10;

/** A resident seen at an earlier surgery whose consultation took `minutes` from call to finish. */
function seen(minutes: number, ticket: number): Visit {
  const calledAt = new Date(NOW.getTime() - 7 * 24 * 60 * 60_000 + ticket * 60 * 60_000);
  return aVisit({
    ticket,
    status: 'seen',
    calledAt: calledAt.toISOString(),
    finishedAt: new Date(calledAt.getTime() + minutes * 60_000).toISOString(),
    outcome: 'Done.',
  });
}

/** An ended surgery of the ward whose consultations took these minutes, ending `daysAgo` days ago. */
function ended(minutes: number[], daysAgo: number): SurgeryLengths {
  const endedAt = new Date(NOW.getTime() - daysAgo * 24 * 60 * 60_000).toISOString();
  return surgeryLengths(`surgery-${daysAgo}`, minutes.map(seen), endedAt)!;
}

const around = (minutes: number): number[] => [0.8, 0.9, 1, 1, 1.1, 1.25, 0.95, 1.05].map((f) => f * minutes);

/** The first waiting resident's estimated minutes from now, when two councillors have just called two others. */
function firstEstimate(recent: SurgeryLengths[]): number {
  const callLengthPrior = recent.length > 0 ? wardPrior(recent, COUNCIL_MINUTES) : undefined;
  const surgery = aSurgery({ councillors: ['Cllr Amina Patel', 'Cllr Tom Reid'], ...(callLengthPrior ? { callLengthPrior } : {}) });
  const justCalled = (ticket: number, by: string): Visit =>
    aVisit({ ticket, status: 'in_consultation', calledAt: NOW.toISOString(), joinedAt: NOW.toISOString(), calledBy: by });
  const state: QueueState = {
    surgery,
    visits: [justCalled(1, 'Cllr Amina Patel'), justCalled(2, 'Cllr Tom Reid'), aVisit({ ticket: 3 })],
  };
  const [estimate] = [...estimateWaits(state, DEFAULT_WAIT_SETTINGS, NOW).values()];
  return (estimate!.admitAt.getTime() - NOW.getTime()) / 60_000;
}

describe('wardPrior: what a surgery assumes before its own consultations', () => {
  it("When a ward's recent consultations were long, then its next surgery's first estimates are longer than a ward's with short ones", () => {
    const long = [ended(around(20), 7), ended(around(22), 14), ended(around(18), 21)];
    const short = [ended(around(6), 7), ended(around(7), 14), ended(around(6), 21)];

    expect(firstEstimate(long)).toBeGreaterThan(1.5 * firstEstimate([]));
    expect(firstEstimate(short)).toBeLessThan(firstEstimate([]));
    expect(firstEstimate(long)).toBeGreaterThan(2 * firstEstimate(short));
  });

  it('When a ward has no ended surgeries with consultations, then the prior is the council-wide figure', () => {
    expect(wardPrior([], COUNCIL_MINUTES).minutes).toBeCloseTo(COUNCIL_MINUTES, 6);
  });

  it('When the ward has few consultations of about 20 minutes, then the prior stays near the council figure, and moves toward 20 as they grow', () => {
    const priorWith = (count: number): number =>
      wardPrior(
        [
          surgeryLengths(
            'surgery-1',
            Array.from({ length: count }, (_, i) => seen(around(20)[i % 8]!, i + 1)),
            NOW.toISOString(),
          )!,
        ],
        COUNCIL_MINUTES,
      ).minutes;

    const minutes = [1, 4, 24, 100].map(priorWith);

    expect(minutes[0]).toBeGreaterThan(COUNCIL_MINUTES);
    expect(minutes[0]).toBeLessThan(12);
    minutes.slice(1).forEach((m, i) => expect(m).toBeGreaterThan(minutes[i]!));
    expect(minutes[2]).toBeGreaterThan(15);
    expect(minutes[3]).toBeGreaterThan(18.5);
    expect(minutes[3]).toBeLessThan(20.5);
  });

  it('When one recent surgery was unusual, then the prior barely moves', () => {
    const usual = [ended(around(12), 7), ended(around(12), 14), ended(around(12), 21), ended(around(12), 28)];

    const withOdd = wardPrior([ended(around(45), 3), ...usual], COUNCIL_MINUTES).minutes;

    expect(withOdd / wardPrior(usual, COUNCIL_MINUTES).minutes).toBeLessThan(1.1);
  });
});

describe('withRecent: what a ward remembers', () => {
  it(`When more than ${RECENT_SURGERIES} surgeries have ended, then only the latest are kept, newest first, each once`, () => {
    let recent: SurgeryLengths[] = [];
    for (let daysAgo = 70; daysAgo > 0; daysAgo -= 7) recent = withRecent(recent, ended(around(10), daysAgo));
    recent = withRecent(recent, ended(around(10), 7));

    expect(recent.map((r) => r.surgeryId)).toEqual(['surgery-7', 'surgery-14', 'surgery-21', 'surgery-28', 'surgery-35', 'surgery-42']);
  });

  it('When a surgery saw nobody, then there is nothing to remember of it', () => {
    expect(surgeryLengths('surgery-1', [aVisit({ status: 'left' })], NOW.toISOString())).toBeUndefined();
  });
});
