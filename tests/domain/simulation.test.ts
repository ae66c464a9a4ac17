import { DEFAULT_WAIT_SETTINGS } from '../../bot/domain/wait-model';
import { queueAt } from '../../scripts/simulation/queue-at';
import { seededRandom } from '../../scripts/simulation/random';
import { MOMENTS, improvement, runBench, score } from '../../scripts/simulation/replay';
import { SURGERY_MINUTES, scenarios, simulateSurgery } from '../../scripts/simulation/surgery-simulator';

describe('seededRandom', () => {
  it('When two sources share a seed, then they give the same numbers, all in [0, 1)', () => {
    const draw = (seed: number): number[] => {
      const random = seededRandom(seed);
      return Array.from({ length: 1000 }, () => random.next());
    };

    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw(42).every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('simulateSurgery', () => {
  const surgeries = scenarios(12, 500).map(simulateSurgery);

  it('When a surgery is simulated twice from one seed, then it plays out the same', () => {
    expect(simulateSurgery(surgeries[0]!.scenario)).toEqual(surgeries[0]);
  });

  it('When a surgery is simulated, then nobody is called before checking in or after the end, and booked residents not before their slot', () => {
    for (const { residents } of surgeries) {
      for (const r of residents.filter((resident) => resident.calledAt !== undefined)) {
        expect(r.calledAt!).toBeGreaterThanOrEqual(r.checkInAt);
        expect(r.calledAt!).toBeLessThan(SURGERY_MINUTES);
        if (r.slotAt !== undefined) expect(r.calledAt!).toBeGreaterThanOrEqual(r.slotAt);
      }
    }
  });

  it('When the queue is read at any moment, then it holds real visits and no councillor has two residents at once', () => {
    for (const simulated of surgeries) {
      for (let minutes = 0; minutes < SURGERY_MINUTES; minutes += 7) {
        const { surgery, visits } = queueAt(simulated, minutes);
        const busy = visits.filter((v) => v.status === 'called' || v.status === 'in_consultation');
        expect(new Set(busy.map((v) => v.calledBy)).size).toBe(busy.length);
        expect(busy.length).toBeLessThanOrEqual(surgery.councillors.length);
        expect(surgery.ticketsIssued).toBe(visits.length);
      }
    }
  });
});

describe('the wait model on simulated surgeries', () => {
  it('When 30 seeded surgeries are replayed, then its error is at least 40% below the naive estimate at check-in and 30 minutes later', () => {
    const bench = runBench(30, 1000, DEFAULT_WAIT_SETTINGS);

    for (const moment of MOMENTS) {
      const s = score(
        bench.predictions.filter((p) => p.moment === moment),
        bench.endMinutes,
      );
      expect(s.reached).toBeGreaterThan(30);
      expect(improvement(s)).toBeGreaterThanOrEqual(0.4);
    }
  });
});
